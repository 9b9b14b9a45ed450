#!/usr/bin/python3
"""Records simplejwt 5.2.2's sliding-token endpoints for jwtlab's replay test.

Usage: ./record-sliding.py OUT.json

Starts three run-dev.sh peers with JWT_SLIDING=1 on free loopback ports,
sharing one fresh database (so a token one mints, another knows):
  sliding        simplejwt's defaults (5 min sliding, 1 day refresh)
  sliding-short  SLIDING_TOKEN_LIFETIME 1 s: mints tokens whose exp passes
  refresh-short  SLIDING_TOKEN_REFRESH_LIFETIME 1 s: mints tokens whose
                 refresh_exp passes while exp is still 5 min away
then sends every case and writes what the peer answered. Only the standard
library and Debian's PyJWT; the servers are stopped by PID at the end.
server/simplejwt_sliding_test.go replays the file against jwtlab.
"""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jwt  # PyJWT, the library simplejwt signs with

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "jwt-lab-demo-signing-secret-not-for-production"
CREDS = '{"username": "demo", "password": "demo-password-123"}'
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data_dir, extra):
    port = free_port()
    env = dict(os.environ, PEER_DATA_DIR=data_dir, JWT_SLIDING="1", JWT_SIGNING_KEY=KEY, **extra)
    p = subprocess.Popen([os.path.join(HERE, "run-dev.sh"), str(port)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p, "http://127.0.0.1:%d" % port
        except OSError:
            time.sleep(0.1)
    p.kill()
    raise SystemExit("peer on port %d did not start" % port)


def payload(tok):
    seg = tok.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def shape(v):
    if isinstance(v, str):
        m = JWT_RE.fullmatch(v)
        return "<jwt:%s>" % payload(v).get("token_type") if m else v
    if isinstance(v, list):
        return [shape(x) for x in v]
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    return v


KEPT = ("Content-Type", "Vary", "Allow", "WWW-Authenticate", "Content-Length",
        "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Location")


def send(base, method, path, headers=(), body=None):
    data = body.encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    for h in headers:
        k, v = h.split(":", 1)
        req.add_header(k, v.strip())
    try:
        with urllib.request.urlopen(req) as r:
            status, hdrs, raw = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, e.headers, e.read()
    text = raw.decode()
    try:
        resp = json.loads(text) if text else ""
    except ValueError:
        resp = text
    return status, [[k, v] for k, v in hdrs.items() if k in KEPT], resp


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: record-sliding.py OUT.json")
    out = sys.argv[1]
    data_dir = tempfile.mkdtemp(prefix="jwtlab-sliding-peer-")
    procs = []
    try:
        subprocess.run([os.path.join(HERE, "setup.sh")], check=True, env=dict(os.environ, PEER_DATA_DIR=data_dir))
        servers = {}
        for name, extra in (("sliding", {}),
                            ("sliding-short", {"JWT_SLIDING_LIFETIME_S": "1"}),
                            ("refresh-short", {"JWT_SLIDING_REFRESH_LIFETIME_S": "1"})):
            p, url = start(data_dir, extra)
            procs.append(p)
            servers[name] = url
        record(servers, data_dir, out)
    finally:
        for p in procs:
            p.terminate()
            p.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def record(servers, data_dir, out):
    js = ["Content-Type: application/json"]
    tokens = {}

    def obtain(server, path, field):
        _, _, r = send(servers[server], "POST", path, js, CREDS)
        return r[field]

    tokens["SLIDING"] = obtain("sliding", "/api/token/sliding/", "token")
    tokens["SLIDING_TO_SLIDE"] = obtain("sliding", "/api/token/sliding/", "token")
    tokens["SLIDING_BLACKLISTED"] = obtain("sliding", "/api/token/sliding/", "token")
    tokens["SLIDING_EXPIRED"] = obtain("sliding-short", "/api/token/sliding/", "token")
    tokens["SLIDING_REFRESH_EXPIRED"] = obtain("refresh-short", "/api/token/sliding/", "token")
    tokens["ACCESS"] = obtain("sliding", "/api/token/", "access")
    tokens["REFRESH"] = obtain("sliding", "/api/token/", "refresh")
    now = int(time.time())
    # Signed with the shared key in simplejwt's layout, minus one claim.
    tokens["SLIDING_NO_REFRESH_EXP"] = jwt.encode(
        {"token_type": "sliding", "exp": now + 300, "iat": now, "jti": "0" * 31 + "1", "user_id": 1}, KEY, algorithm="HS256")
    tokens["SLIDING_UNKNOWN_USER"] = jwt.encode(
        {"token_type": "sliding", "exp": now + 300, "iat": now, "jti": "0" * 31 + "2", "refresh_exp": now + 3600, "user_id": 999},
        KEY, algorithm="HS256")
    # simplejwt has no endpoint that blacklists a sliding token (the
    # blacklist view takes refresh tokens only): the admin or a shell does.
    bl_jti = payload(tokens["SLIDING_BLACKLISTED"])["jti"]
    subprocess.run(["/usr/bin/python3", "manage.py", "shell", "-c",
                    "from rest_framework_simplejwt.tokens import SlidingToken; SlidingToken(%r).blacklist()" % tokens["SLIDING_BLACKLISTED"]],
                   cwd=HERE, check=True, env=dict(os.environ, PEER_DATA_DIR=data_dir, JWT_SLIDING="1", JWT_SIGNING_KEY=KEY))
    time.sleep(2.5)  # the 1 s lifetimes pass

    def body(field, name):
        return json.dumps({field: tokens[name]})

    def bearer(name):
        return ["Authorization: Bearer " + tokens[name]]

    cases = [
        ("sliding_obtain_ok", "sliding", "POST", "/api/token/sliding/", js, CREDS, "a sliding token for valid credentials"),
        ("sliding_obtain_form", "sliding", "POST", "/api/token/sliding/", ["Content-Type: application/x-www-form-urlencoded"], "username=demo&password=demo-password-123", "form-encoded credentials"),
        ("sliding_obtain_bad_password", "sliding", "POST", "/api/token/sliding/", js, '{"username": "demo", "password": "wrong"}', ""),
        ("sliding_obtain_inactive", "sliding", "POST", "/api/token/sliding/", js, '{"username": "inactive-demo", "password": "demo-password-123"}', ""),
        ("sliding_obtain_missing_fields", "sliding", "POST", "/api/token/sliding/", js, "{}", ""),
        ("sliding_obtain_get", "sliding", "GET", "/api/token/sliding/", [], None, ""),
        ("sliding_obtain_options", "sliding", "OPTIONS", "/api/token/sliding/", [], None, "DRF metadata"),
        ("sliding_refresh_ok", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "SLIDING_TO_SLIDE"), "the slid token keeps jti and refresh_exp"),
        ("sliding_refresh_missing", "sliding", "POST", "/api/token/sliding/refresh/", js, "{}", ""),
        ("sliding_refresh_garbage", "sliding", "POST", "/api/token/sliding/refresh/", js, '{"token": "not-a-token"}', ""),
        ("sliding_refresh_access", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "ACCESS"), ""),
        ("sliding_refresh_refresh", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "REFRESH"), ""),
        ("sliding_refresh_expired", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "SLIDING_EXPIRED"), "exp passed: cannot slide even inside refresh_exp"),
        ("sliding_refresh_refresh_exp_passed", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "SLIDING_REFRESH_EXPIRED"), ""),
        ("sliding_refresh_no_refresh_exp", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "SLIDING_NO_REFRESH_EXP"), ""),
        ("sliding_refresh_blacklisted", "sliding", "POST", "/api/token/sliding/refresh/", js, body("token", "SLIDING_BLACKLISTED"), ""),
        ("sliding_refresh_options", "sliding", "OPTIONS", "/api/token/sliding/refresh/", [], None, "DRF metadata"),
        ("me_sliding", "sliding", "GET", "/api/me/", bearer("SLIDING"), None, ""),
        ("me_access", "sliding", "GET", "/api/me/", bearer("ACCESS"), None, ""),
        ("me_refresh", "sliding", "GET", "/api/me/", bearer("REFRESH"), None, "both classes refuse it"),
        ("me_garbage", "sliding", "GET", "/api/me/", ["Authorization: Bearer not-a-token"], None, ""),
        ("me_sliding_expired", "sliding", "GET", "/api/me/", bearer("SLIDING_EXPIRED"), None, ""),
        ("me_sliding_blacklisted", "sliding", "GET", "/api/me/", bearer("SLIDING_BLACKLISTED"), None, "a blacklist read on every request"),
        ("me_sliding_refresh_exp_passed", "sliding", "GET", "/api/me/", bearer("SLIDING_REFRESH_EXPIRED"), None, "refresh_exp is not checked here"),
        ("me_sliding_unknown_user", "sliding", "GET", "/api/me/", bearer("SLIDING_UNKNOWN_USER"), None, ""),
        ("me_no_credentials", "sliding", "GET", "/api/me/", [], None, ""),
        ("verify_sliding", "sliding", "POST", "/api/token/verify/", js, body("token", "SLIDING"), ""),
        ("refresh_with_sliding", "sliding", "POST", "/api/token/refresh/", js, body("refresh", "SLIDING"), ""),
        ("blacklist_with_sliding", "sliding", "POST", "/api/token/blacklist/", js, body("refresh", "SLIDING"), "the blacklist view takes refresh tokens only"),
    ]
    recorded = []
    for name, server, method, path, headers, b, note in cases:
        status, hdrs, resp = send(servers[server], method, path, headers, b)
        recorded.append({"name": name, "server": server, "method": method, "path": path,
                         "headers": headers, "body": b, "multipart_form": None, "status": status,
                         "response_headers": hdrs, "response_json_or_text": resp,
                         "response_shape": shape(resp), "note": note})
    doc = {
        "generated_by": "bench/peers/django/record-sliding.py",
        "peer": "Django 3.2 + DRF 3.14 + djangorestframework-simplejwt 5.2.2 + PyJWT 2.6 (Debian 12), run-dev.sh with JWT_SLIDING=1",
        "signing_key": KEY,
        "recorded_at": int(time.time()),
        "servers": {"sliding": "simplejwt defaults", "sliding-short": "SLIDING_TOKEN_LIFETIME 1 s",
                    "refresh-short": "SLIDING_TOKEN_REFRESH_LIFETIME 1 s"},
        "blacklisted_jtis": [bl_jti],
        "tokens": tokens,
        "cases": recorded,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
