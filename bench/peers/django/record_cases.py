#!/usr/bin/python3
"""Records server/testdata/simplejwt-cases.json against the real Django peer.

Usage (from this directory; needs ./install.sh's packages, curl and nginx):

    /usr/bin/python3 record_cases.py -o /tmp/cases.json
    /usr/bin/python3 record_cases.py -o /tmp/cases.json -check ../../../server/testdata/simplejwt-cases.json
    /usr/bin/python3 record_cases.py -tuned -o /tmp/tuned.json -check ../../../server/testdata/simplejwt-cases.json -report /tmp/diff.json

It starts the four peers the recording names (run-dev.sh with simplejwt's
defaults, with 1-second lifetimes, with rotation; run-prod.sh) on free
loopback ports over one fresh database, mints the tokens the cases need
(logins, and crafted ones signed with PyJWT), sends every case with curl
exactly as its "curl" line shows, and writes what came back. -check then
compares the new recording with an old one, ignoring what differs from run
to run: token values, Date headers, and timestamps and tokens inside the
HTML debug pages. It exits 1 if anything else differs, listing it.

-tuned replays the same cases against run-tuned.sh instead (README.md, "The
recorded cases on the tuned stack"): each of the four peers becomes a tuned
stack with the same lifetimes and rotation, and -check then also ignores the
headers the front server writes (Server, Connection, their order), since
nginx fronts every tuned peer where runserver answered the dev cases.
-report writes the differing fields per case as JSON for the Go test.

/usr/bin/python3: Debian's Django, DRF, simplejwt and PyJWT are installed
for that interpreter only.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import jwt  # PyJWT, as simplejwt 5.2.2 uses it

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "jwt-lab-demo-signing-secret-not-for-production"
# Any other key: what a forger who does not know ours would sign with.
WRONG_KEY = "not-the-signing-key"

SERVERS = {
    "dev": ("run-dev.sh", {}, "run-dev.sh: runserver --noreload, DEBUG=True, simplejwt defaults"),
    "dev-short": ("run-dev.sh", {"JWT_ACCESS_LIFETIME_S": "1", "JWT_REFRESH_LIFETIME_S": "1"},
                  "run-dev.sh with JWT_ACCESS_LIFETIME_S=1 JWT_REFRESH_LIFETIME_S=1 (mints expired tokens)"),
    "dev-rotate": ("run-dev.sh", {"JWT_ROTATE": "1"}, "run-dev.sh with JWT_ROTATE=1"),
    "prod": ("run-prod.sh", {}, "run-prod.sh: nginx -> gunicorn sync workers, DEBUG=False"),
}

# -tuned: the same four peers as run-tuned.sh stacks. The replay paces its
# logins and stretches the per-username throttle's window from a minute to a
# day (the count, 5, stays), so which cases the throttles refuse depends on
# the order of the cases only, never on how fast this machine replays them.
TUNED_ENV = {"PEER_RATE_USER": "5/day"}
TUNED_SERVERS = {
    "dev": ("run-tuned.sh", {}, "run-tuned.sh: nginx -> gunicorn, settings_tuned.py, DEBUG=False"),
    "dev-short": ("run-tuned.sh", {"JWT_ACCESS_LIFETIME_S": "1", "JWT_REFRESH_LIFETIME_S": "1"},
                  "run-tuned.sh with JWT_ACCESS_LIFETIME_S=1 JWT_REFRESH_LIFETIME_S=1"),
    "dev-rotate": ("run-tuned.sh", {"JWT_ROTATE": "1"}, "run-tuned.sh with JWT_ROTATE=1"),
    "prod": ("run-tuned.sh", {}, "run-tuned.sh"),
}
# nginx's limit_req on /api/token/ (5 r/s per address) holds, and past its
# burst refuses, a client that sends faster; the replay is one polite
# client, so it waits this long between two requests to that path on one
# stack.
LOGIN_GAP_S = 0.25

# Text answers longer than this are cut to it.
MAX_TEXT = 1200

JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")

# (name, server, method, path, headers, body, multipart form, curl command, note);
# {{NAME}} is a token from TOKENS, $PORT the server's port.
CASES = [
    ('obtain_ok', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', 'JSON credentials'),
    ('obtain_wrong_password', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", "password": "wrong"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "wrong"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_unknown_user', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "nobody", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "nobody", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', 'same response as wrong password; Django still runs one PBKDF2 hash (timing equaliser)'),
    ('obtain_inactive_user', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "inactive-demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "inactive-demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', 'is_active=False user with the right password: indistinguishable from bad credentials'),
    ('obtain_username_wrong_case', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "DEMO", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "DEMO", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', 'usernames are case-sensitive'),
    ('obtain_missing_password', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_missing_username', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_missing_fields', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{}', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '{}' 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('obtain_blank_fields', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "", "password": ""}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "", "password": ""}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_null_username', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": null, "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": null, "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_numeric_password', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", "password": 123}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": 123}\' \'http://127.0.0.1:$PORT/api/token/\'', 'CharField coerces numbers to strings; then plain bad credentials'),
    ('obtain_object_username', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": {"a": 1}, "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": {"a": 1}, "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_extra_fields', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", "password": "demo-password-123", "remember": true}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "demo-password-123", "remember": true}\' \'http://127.0.0.1:$PORT/api/token/\'', 'unknown fields ignored'),
    ('obtain_empty_body_json_ct', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '' 'http://127.0.0.1:$PORT/api/token/'", 'Content-Length: 0 with Content-Type application/json'),
    ('obtain_empty_body_no_ct', 'dev', 'POST', '/api/token/', [], '', None, "curl -sS -i --data-binary '' 'http://127.0.0.1:$PORT/api/token/'", 'curl sends Content-Type: application/x-www-form-urlencoded for --data-binary'),
    ('obtain_non_json_body', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], 'username=demo', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary 'username=demo' 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('obtain_truncated_json', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", ', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", \' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_json_array', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '[]', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '[]' 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('obtain_json_string', 'dev', 'POST', '/api/token/', ['Content-Type: application/json'], '"demo"', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'"demo"\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_json_without_ct', 'dev', 'POST', '/api/token/', [], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', 'curl default Content-Type form-urlencoded: the JSON text becomes one form key'),
    ('obtain_form_urlencoded', 'dev', 'POST', '/api/token/', ['Content-Type: application/x-www-form-urlencoded'], 'username=demo&password=demo-password-123', None, "curl -sS -i -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'username=demo&password=demo-password-123' 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('obtain_multipart', 'dev', 'POST', '/api/token/', [], None, [('username', 'demo'), ('password', 'demo-password-123')], "curl -sS -i -F 'username=demo' -F 'password=demo-password-123' 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('obtain_text_plain', 'dev', 'POST', '/api/token/', ['Content-Type: text/plain'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: text/plain\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_json_charset', 'dev', 'POST', '/api/token/', ['Content-Type: application/json; charset=utf-8'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json; charset=utf-8\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('obtain_accept_xml', 'dev', 'POST', '/api/token/', ['Content-Type: application/json', 'Accept: application/xml'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' -H \'Accept: application/xml\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('refresh_ok', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'default settings: only a new access token; the refresh token is unchanged'),
    ('refresh_with_access_token', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{ACCESS}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{ACCESS}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_garbage', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "garbage"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "garbage"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_tampered_signature', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{TAMPERED_SIG_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{TAMPERED_SIG_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'first signature char changed'),
    ('refresh_tampered_payload', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{TAMPERED_PAYLOAD_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{TAMPERED_PAYLOAD_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'user_id changed, old signature'),
    ('refresh_wrong_key', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{WRONG_KEY_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{WRONG_KEY_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_alg_none', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{ALG_NONE_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{ALG_NONE_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_alg_hs512_same_key', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{HS512_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{HS512_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'valid HS512 signature with the real key; only HS256 allowed'),
    ('refresh_crafted_no_jti', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{NO_JTI_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{NO_JTI_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'correctly signed refresh without jti'),
    ('refresh_crafted_no_token_type', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{NO_TYPE_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{NO_TYPE_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_crafted_no_exp', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{NO_EXP_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{NO_EXP_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_crafted_future_iat', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{FUTURE_IAT_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{FUTURE_IAT_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'iat one hour ahead (PyJWT rejects)'),
    ('refresh_crafted_unknown_user', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{UNKNOWN_USER_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{UNKNOWN_USER_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'refresh does NOT look the user up: user_id 999 does not exist'),
    ('refresh_missing_field', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{}', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '{}' 'http://127.0.0.1:$PORT/api/token/refresh/'", ''),
    ('refresh_blank', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": ""}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": ""}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_form_urlencoded', 'dev', 'POST', '/api/token/refresh/', [], 'refresh={{REFRESH}}', None, "curl -sS -i --data-binary 'refresh={{REFRESH}}' 'http://127.0.0.1:$PORT/api/token/refresh/'", ''),
    ('verify_access_ok', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{ACCESS}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{ACCESS}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('verify_refresh_ok', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', 'verify is untyped: any valid token passes'),
    ('verify_garbage', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "garbage"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "garbage"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('verify_tampered', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{TAMPERED_SIG_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{TAMPERED_SIG_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('verify_missing_field', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{}', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '{}' 'http://127.0.0.1:$PORT/api/token/verify/'", ''),
    ('verify_wrong_field_name', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"access": "{{ACCESS}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"access": "{{ACCESS}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('verify_crafted_no_token_type', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{NO_TYPE_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{NO_TYPE_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('verify_crafted_no_jti', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{NO_JTI_ACCESS}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{NO_JTI_ACCESS}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('me_ok', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_refreshed_access_ok', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{REFRESHED_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{REFRESHED_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_no_header', 'dev', 'GET', '/api/me/', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_bearer_only', 'dev', 'GET', '/api/me/', ['Authorization: Bearer'], None, None, "curl -sS -i -H 'Authorization: Bearer' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_bearer_two_values', 'dev', 'GET', '/api/me/', ['Authorization: Bearer a b'], None, None, "curl -sS -i -H 'Authorization: Bearer a b' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_wrong_scheme_token', 'dev', 'GET', '/api/me/', ['Authorization: Token x'], None, None, "curl -sS -i -H 'Authorization: Token x' 'http://127.0.0.1:$PORT/api/me/'", 'unknown scheme = "no credentials" (other auth classes could claim it)'),
    ('me_lowercase_bearer', 'dev', 'GET', '/api/me/', ['Authorization: bearer {{ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: bearer {{ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", 'scheme match is case-sensitive'),
    ('me_basic_scheme', 'dev', 'GET', '/api/me/', ['Authorization: Basic ZGVtbzpkZW1vLXBhc3N3b3JkLTEyMw=='], None, None, "curl -sS -i -H 'Authorization: Basic ZGVtbzpkZW1vLXBhc3N3b3JkLTEyMw==' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_empty_authorization', 'dev', 'GET', '/api/me/', ['Authorization;'], None, None, "curl -sS -i -H 'Authorization;' 'http://127.0.0.1:$PORT/api/me/'", 'empty header value'),
    ('me_bearer_extra_spaces', 'dev', 'GET', '/api/me/', ['Authorization: Bearer    {{ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer    {{ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", 'header is split() on whitespace runs'),
    ('me_bearer_garbage', 'dev', 'GET', '/api/me/', ['Authorization: Bearer garbage'], None, None, "curl -sS -i -H 'Authorization: Bearer garbage' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_refresh_as_access', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{REFRESH}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{REFRESH}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_tampered', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{TAMPERED_SIG_REFRESH}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{TAMPERED_SIG_REFRESH}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_crafted_unknown_user', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{UNKNOWN_USER_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{UNKNOWN_USER_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_crafted_no_user_id', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{NO_USER_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{NO_USER_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_crafted_string_user_id', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{STRING_USER_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{STRING_USER_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", 'user_id "1" (string) still matches pk 1'),
    ('me_foreign_style_token', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{FOREIGN_STYLE_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{FOREIGN_STYLE_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", 'header {"typ","alg"} order, alphabetically sorted claims, spaced JSON: accepted'),
    ('me_crafted_no_jti_access', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{NO_JTI_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{NO_JTI_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_post_authenticated', 'dev', 'POST', '/api/me/', ['Authorization: Bearer {{ACCESS}}', 'Content-Type: application/json'], '{}', None, "curl -sS -i -H 'Authorization: Bearer {{ACCESS}}' -H 'Content-Type: application/json' --data-binary '{}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_post_unauthenticated', 'dev', 'POST', '/api/me/', ['Content-Type: application/json'], '{}', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '{}' 'http://127.0.0.1:$PORT/api/me/'", 'authentication/permission run before the method check'),
    ('me_head', 'dev', 'HEAD', '/api/me/', ['Authorization: Bearer {{ACCESS}}'], None, None, "curl -sS -i -I -H 'Authorization: Bearer {{ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_options_unauthenticated', 'dev', 'OPTIONS', '/api/me/', [], None, None, "curl -sS -i -X OPTIONS 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('me_options_authenticated', 'dev', 'OPTIONS', '/api/me/', ['Authorization: Bearer {{ACCESS}}'], None, None, "curl -sS -i -X OPTIONS -H 'Authorization: Bearer {{ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('blacklist_ok', 'dev', 'POST', '/api/token/blacklist/', ['Content-Type: application/json'], '{"refresh": "{{BL_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{BL_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/blacklist/\'', ''),
    ('refresh_after_blacklist', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{BL_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{BL_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('blacklist_twice', 'dev', 'POST', '/api/token/blacklist/', ['Content-Type: application/json'], '{"refresh": "{{BL_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{BL_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/blacklist/\'', ''),
    ('verify_blacklisted_refresh_default_settings', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{BL_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{BL_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', 'verify only checks the blacklist when BLACKLIST_AFTER_ROTATION=True'),
    ('me_access_of_blacklisted_refresh', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{BL_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{BL_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", 'access tokens are not revoked by blacklisting their refresh token'),
    ('blacklist_access_token', 'dev', 'POST', '/api/token/blacklist/', ['Content-Type: application/json'], '{"refresh": "{{ACCESS}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{ACCESS}}"}\' \'http://127.0.0.1:$PORT/api/token/blacklist/\'', ''),
    ('blacklist_garbage', 'dev', 'POST', '/api/token/blacklist/', ['Content-Type: application/json'], '{"refresh": "garbage"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "garbage"}\' \'http://127.0.0.1:$PORT/api/token/blacklist/\'', ''),
    ('blacklist_missing_field', 'dev', 'POST', '/api/token/blacklist/', ['Content-Type: application/json'], '{}', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary '{}' 'http://127.0.0.1:$PORT/api/token/blacklist/'", ''),
    ('get_on_obtain_405', 'dev', 'GET', '/api/token/', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('get_on_refresh_405', 'dev', 'GET', '/api/token/refresh/', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/token/refresh/'", ''),
    ('put_on_obtain_405', 'dev', 'PUT', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -X PUT -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('delete_on_verify_405', 'dev', 'DELETE', '/api/token/verify/', [], None, None, "curl -sS -i -X DELETE 'http://127.0.0.1:$PORT/api/token/verify/'", ''),
    ('get_on_obtain_accept_html', 'dev', 'GET', '/api/token/', ['Accept: text/html'], None, None, "curl -sS -i -H 'Accept: text/html' 'http://127.0.0.1:$PORT/api/token/'", 'browsable API renderer (what a browser sees)'),
    ('options_obtain', 'dev', 'OPTIONS', '/api/token/', [], None, None, "curl -sS -i -X OPTIONS 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('options_refresh', 'dev', 'OPTIONS', '/api/token/refresh/', [], None, None, "curl -sS -i -X OPTIONS 'http://127.0.0.1:$PORT/api/token/refresh/'", ''),
    ('options_verify', 'dev', 'OPTIONS', '/api/token/verify/', [], None, None, "curl -sS -i -X OPTIONS 'http://127.0.0.1:$PORT/api/token/verify/'", ''),
    ('options_blacklist', 'dev', 'OPTIONS', '/api/token/blacklist/', [], None, None, "curl -sS -i -X OPTIONS 'http://127.0.0.1:$PORT/api/token/blacklist/'", ''),
    ('post_obtain_no_trailing_slash_debug', 'dev', 'POST', '/api/token', ['Content-Type: application/json'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token\'', 'DEBUG=True: CommonMiddleware APPEND_SLASH raises RuntimeError -> 500 debug page'),
    ('get_obtain_no_trailing_slash', 'dev', 'GET', '/api/token', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/token'", 'APPEND_SLASH redirect'),
    ('get_me_no_trailing_slash', 'dev', 'GET', '/api/me', ['Authorization: Bearer {{ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{ACCESS}}' 'http://127.0.0.1:$PORT/api/me'", ''),
    ('not_found_debug', 'dev', 'GET', '/api/nope/', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/nope/'", ''),
    ('rotate_refresh_ok', 'dev-rotate', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{ROT_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{ROT_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'JWT_ROTATE=1: new access AND new refresh; old refresh blacklisted'),
    ('rotate_reuse_old_refresh', 'dev-rotate', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{ROT_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{ROT_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('rotate_verify_old_refresh', 'dev-rotate', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{ROT_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{ROT_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', 'verify blacklist check is a ValidationError -> 400, not 401'),
    ('rotate_refresh_new_refresh_ok', 'dev-rotate', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{ROT_NEW_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{ROT_NEW_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('prod_obtain_ok', 'prod', 'POST', '/api/token/', ['Content-Type: application/json'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token/\'', ''),
    ('prod_me_no_header', 'prod', 'GET', '/api/me/', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('prod_non_json_body', 'prod', 'POST', '/api/token/', ['Content-Type: application/json'], 'username=demo', None, "curl -sS -i -H 'Content-Type: application/json' --data-binary 'username=demo' 'http://127.0.0.1:$PORT/api/token/'", ''),
    ('prod_post_obtain_no_trailing_slash', 'prod', 'POST', '/api/token', ['Content-Type: application/json'], '{"username": "demo", "password": "demo-password-123"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"username": "demo", "password": "demo-password-123"}\' \'http://127.0.0.1:$PORT/api/token\'', 'DEBUG=False: 301 to the slash URL (a redirect-following client re-sends it as GET -> 405)'),
    ('prod_not_found', 'prod', 'GET', '/api/nope/', [], None, None, "curl -sS -i 'http://127.0.0.1:$PORT/api/nope/'", ''),
    ('prod_crafted_no_jti_refresh', 'prod', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{NO_JTI_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{NO_JTI_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', ''),
    ('refresh_expired', 'dev', 'POST', '/api/token/refresh/', ['Content-Type: application/json'], '{"refresh": "{{EXPIRED_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{EXPIRED_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/refresh/\'', 'refresh minted with a 1 s lifetime, presented >2 s later'),
    ('verify_expired_access', 'dev', 'POST', '/api/token/verify/', ['Content-Type: application/json'], '{"token": "{{EXPIRED_ACCESS}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"token": "{{EXPIRED_ACCESS}}"}\' \'http://127.0.0.1:$PORT/api/token/verify/\'', ''),
    ('me_expired_access', 'dev', 'GET', '/api/me/', ['Authorization: Bearer {{EXPIRED_ACCESS}}'], None, None, "curl -sS -i -H 'Authorization: Bearer {{EXPIRED_ACCESS}}' 'http://127.0.0.1:$PORT/api/me/'", ''),
    ('blacklist_expired_refresh', 'dev', 'POST', '/api/token/blacklist/', ['Content-Type: application/json'], '{"refresh": "{{EXPIRED_REFRESH}}"}', None, 'curl -sS -i -H \'Content-Type: application/json\' --data-binary \'{"refresh": "{{EXPIRED_REFRESH}}"}\' \'http://127.0.0.1:$PORT/api/token/blacklist/\'', ''),
]


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def claims(token):
    return json.loads(unb64(token.split(".")[1]))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Peers:
    """The four peers, each in its own process group, stopped by PID."""

    def __init__(self, data_dir, servers, extra_env):
        self.procs, self.ports = {}, {}
        for name, (script, env, _) in servers.items():
            port = free_port()
            e = dict(os.environ, PEER_DATA_DIR=data_dir, **extra_env, **env)
            log = open(os.path.join(data_dir, name + ".log"), "wb")
            self.procs[name] = subprocess.Popen([os.path.join(HERE, script), str(port)], env=e,
                                                stdout=log, stderr=log, start_new_session=True)
            self.ports[name] = port
            self.wait(name)  # one at a time: each runs setup.sh on the shared database

    def wait(self, name):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.procs[name].poll() is not None:
                sys.exit(f"record_cases: {name} peer exited; see its log in PEER_DATA_DIR")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.ports[name]}/api/me/", timeout=2)
            except urllib.error.HTTPError:
                return  # it answered (401)
            except OSError:
                time.sleep(0.2)
        sys.exit(f"record_cases: {name} peer did not answer within 60 s")

    def stop(self):
        for p in self.procs.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def curl(cmd, port):
    """Runs a case's curl line and splits the answer."""
    args = shlex.split(cmd.replace("$PORT", str(port)))
    out = subprocess.run(args, capture_output=True, check=True, timeout=30).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.append([k, "<date>" if k.lower() == "date" else v.strip()])
    return lines[0], headers, body


class Recorder:
    def __init__(self, peers, login_gap=0.0):
        self.peers = peers
        self.tokens = {}
        self.login_gap = login_gap
        self.last_login = {}  # server -> time of its last /api/token/ request

    def curl(self, cmd, server, path):
        if self.login_gap and path == "/api/token/":
            wait = self.last_login.get(server, 0) + self.login_gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.last_login[server] = time.monotonic()
        return curl(cmd, self.peers.ports[server])

    def obtain(self, server):
        status, _, body = self.curl("curl -sS -i -H 'Content-Type: application/json' --data-binary "
                                    "'{\"username\": \"demo\", \"password\": \"demo-password-123\"}' "
                                    "'http://127.0.0.1:$PORT/api/token/'", server, "/api/token/")
        if " 200 " not in status + " ":
            sys.exit(f"record_cases: login on {server} answered {status}: {body[:200]!r}")
        pair = json.loads(body)
        return pair["access"], pair["refresh"]

    def sign(self, payload, alg="HS256", key=KEY):
        return jwt.encode(payload, key, algorithm=alg)

    def token(self, name):
        if name not in self.tokens:
            self.make(name)
        return self.tokens[name]

    def make(self, name):
        t = self.tokens
        if name in ("ACCESS", "REFRESH"):
            t["ACCESS"], t["REFRESH"] = self.obtain("dev")
        elif name in ("EXPIRED_ACCESS", "EXPIRED_REFRESH"):
            t["EXPIRED_ACCESS"], t["EXPIRED_REFRESH"] = self.obtain("dev-short")
            time.sleep(max(0, claims(t["EXPIRED_ACCESS"])["exp"] + 1.5 - time.time()))
        elif name in ("BL_ACCESS", "BL_REFRESH"):
            t["BL_ACCESS"], t["BL_REFRESH"] = self.obtain("dev")
        elif name == "ROT_REFRESH":
            _, t["ROT_REFRESH"] = self.obtain("dev-rotate")
        elif name.endswith("_REFRESH") or name.endswith("_ACCESS"):
            t[name] = self.craft(name)
        else:
            sys.exit(f"record_cases: no recipe for token {name} (a case must mint it first)")

    def craft(self, name):
        """Tokens an attacker or another issuer could send."""
        ref, acc = self.token("REFRESH"), self.token("ACCESS")
        r, a = claims(ref), claims(acc)
        jti = lambda: uuid.uuid4().hex  # noqa: E731 - simplejwt's jti shape
        h, p, s = ref.split(".")
        if name == "TAMPERED_SIG_REFRESH":
            return f"{h}.{p}.{'A' if s[0] != 'A' else 'B'}{s[1:]}"
        if name == "TAMPERED_PAYLOAD_REFRESH":
            return f"{h}.{b64(json.dumps(dict(r, user_id=999), separators=(',', ':')).encode())}.{s}"
        if name == "WRONG_KEY_REFRESH":
            return self.sign(dict(r, jti=jti()), key=WRONG_KEY)
        if name == "ALG_NONE_REFRESH":
            return (b64(b'{"alg":"none","typ":"JWT"}') + "." +
                    b64(json.dumps(dict(r, jti=jti())).encode()) + ".")
        if name == "HS512_REFRESH":
            return self.sign(dict(r, jti=jti()), alg="HS512")
        if name == "NO_JTI_REFRESH":
            return self.sign({k: v for k, v in r.items() if k != "jti"})
        if name == "NO_TYPE_REFRESH":
            return self.sign({k: v for k, v in dict(r, jti=jti()).items() if k != "token_type"})
        if name == "NO_EXP_REFRESH":
            return self.sign({k: v for k, v in dict(r, jti=jti()).items() if k != "exp"})
        if name == "FUTURE_IAT_REFRESH":
            return self.sign(dict(r, iat=r["iat"] + 3600, jti=jti()))
        if name == "UNKNOWN_USER_REFRESH":
            return self.sign(dict(r, jti=jti(), user_id=999))
        if name == "UNKNOWN_USER_ACCESS":
            return self.sign(dict(a, jti=jti(), user_id=999))
        if name == "NO_USER_ACCESS":
            return self.sign({k: v for k, v in dict(a, jti=jti()).items() if k != "user_id"})
        if name == "STRING_USER_ACCESS":
            return self.sign(dict(a, jti=jti(), user_id="1"))
        if name == "NO_JTI_ACCESS":
            return self.sign({k: v for k, v in a.items() if k != "jti"})
        if name == "FOREIGN_STYLE_ACCESS":
            # Another issuer's bytes: spaces after separators, sorted keys,
            # typ before alg - the same claims, signed with our key.
            head = b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
            body = b64(json.dumps(dict(a, jti=jti()), sort_keys=True).encode())
            sig = hmac.new(KEY.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
            return f"{head}.{body}.{b64(sig)}"
        sys.exit(f"record_cases: no recipe for token {name}")

    def render(self, s):
        return None if s is None else re.sub(r"\{\{(\w+)\}\}", lambda m: self.token(m.group(1)), s)

    def run(self, case):
        name, server, method, path, headers, body, form, cmd, note = case
        status_line, resp_headers, resp = self.curl(self.render(cmd), server, path)
        text = resp.decode("utf-8")
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        # Tokens a later case sends back come from these answers.
        if name == "refresh_ok":
            self.tokens["REFRESHED_ACCESS"] = value["access"]
        if name == "rotate_refresh_ok":
            self.tokens["ROT_NEW_REFRESH"] = value["refresh"]
        c = {
            "name": name, "server": server, "method": method, "path": path,
            "headers": [self.render(h) for h in headers], "headers_template": headers,
            "body": self.render(body), "body_template": body,
            "multipart_form": [list(f) for f in form] if form is not None else None,
            "curl": cmd, "status": int(status_line.split()[1]), "status_line": status_line,
            "response_headers": resp_headers, "response_json_or_text": value,
            "response_shape": shape(value), "response_body_bytes": len(resp), "note": note,
        }
        if isinstance(value, str) and len(value) > MAX_TEXT:
            # Django's debug pages run to 100 KB: keep the start, the
            # length and the title.
            c["response_json_or_text"] = c["response_shape"] = value[:MAX_TEXT]
            c["response_truncated_at_chars"] = MAX_TEXT
            m = re.search(r"<title>(.*?)</title>", value, re.S)
            c["html_title"] = " ".join(m.group(1).split()) if m else None
        return c


def shape(v):
    """v with every JWT replaced by <jwt:its token_type>."""
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(x) for x in v]
    if isinstance(v, str) and JWT_RE.fullmatch(v):
        return f"<jwt:{claims(v).get('token_type', '?')}>"
    return v


def anatomy(tokens):
    def one(tok):
        h, p, s = tok.split(".")
        mac = hmac.new(KEY.encode(), f"{h}.{p}".encode(), hashlib.sha256).digest()
        return {"token": tok, "header": json.loads(unb64(h)), "payload": json.loads(unb64(p)),
                "header_b64_decoded": unb64(h).decode(), "payload_b64_decoded": unb64(p).decode(),
                "hmac_sha256_ok": hmac.compare_digest(b64(mac), s)}
    acc, ref = one(tokens["ACCESS"]), one(tokens["REFRESH"])
    a, r = acc["payload"], ref["payload"]
    issued = [tokens[k] for k in ("ACCESS", "REFRESH", "REFRESHED_ACCESS", "BL_ACCESS", "BL_REFRESH",
                                  "ROT_REFRESH", "ROT_NEW_REFRESH", "EXPIRED_ACCESS", "EXPIRED_REFRESH")]
    return {
        "access": acc, "refresh": ref,
        "claim_types": {k: type(v).__name__ for k, v in a.items()},
        "access_exp_minus_iat": a["exp"] - a["iat"], "refresh_exp_minus_iat": r["exp"] - r["iat"],
        "pair_shares_iat": a["iat"] == r["iat"], "pair_jti_differs": a["jti"] != r["jti"],
        "refreshed_access_payload": claims(tokens["REFRESHED_ACCESS"]),
        "refreshed_access_iat_equals_refresh_iat": claims(tokens["REFRESHED_ACCESS"])["iat"] == r["iat"],
        "rotation": {"old_refresh_payload": claims(tokens["ROT_REFRESH"]),
                     "new_refresh_payload": claims(tokens["ROT_NEW_REFRESH"]),
                     "new_access_payload": tokens.get("ROT_NEW_ACCESS_PAYLOAD")},
        "hmac_check_of_every_issued_token": all(one(t)["hmac_sha256_ok"] for t in issued),
    }


def minor(v):
    return ".".join(v.split(".")[:2])


def record(tuned=False, extra_env=None):
    versions = subprocess.run(["/usr/bin/python3", "-c",
                               "import django, rest_framework, jwt; from importlib.metadata import version; "
                               "print(django.get_version(), rest_framework.VERSION, "
                               "version('djangorestframework-simplejwt'), jwt.__version__)"],
                              capture_output=True, text=True, check=True).stdout.split()
    curl_version = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split()[1]
    servers = TUNED_SERVERS if tuned else SERVERS
    with tempfile.TemporaryDirectory(prefix="jwtlab-record-") as data:
        peers = Peers(data, servers, dict(TUNED_ENV, **(extra_env or {})) if tuned else {})
        try:
            rec = Recorder(peers, LOGIN_GAP_S if tuned else 0.0)
            if tuned:
                # Every login the tokens need happens first, so the cases
                # see the same throttle counts in every replay.
                for t in ("ACCESS", "BL_ACCESS", "EXPIRED_ACCESS", "ROT_REFRESH"):
                    rec.token(t)
            cases = []
            for case in CASES:
                c = rec.run(case)
                if c["name"] == "rotate_refresh_ok":
                    rec.tokens["ROT_NEW_ACCESS_PAYLOAD"] = claims(c["response_json_or_text"]["access"])
                cases.append(c)
        finally:
            peers.stop()
    tokens = {k: v for k, v in rec.tokens.items() if isinstance(v, str)}
    return {
        "generated_by": "bench/peers/django/record_cases.py",
        "peer": "Django %s + DRF %s + djangorestframework-simplejwt %s + PyJWT %s (Debian 12)" % (
            minor(versions[0]), minor(versions[1]), versions[2], minor(versions[3])),
        "signing_key": KEY,
        "demo_user": {"username": "demo", "password": "demo-password-123", "id": 1},
        "servers": {k: v[2] for k, v in servers.items()},
        "curl_default_request_headers": ["Host: 127.0.0.1:$PORT", f"User-Agent: curl/{curl_version}", "Accept: */*"],
        "tokens": tokens,
        "anatomy": anatomy(rec.tokens),
        "cases": cases,
    }


# What changes from run to run inside the HTML pages: tokens, times,
# process-specific paths and ids.
VOLATILE = [
    (JWT_RE, "<jwt>"),
    (re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?"), "<time>"),
    (re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? \w+ \d{4} \d\d:\d\d:\d\d"), "<time>"),
    (re.compile(r"\b\d{10}(\.\d+)?\b"), "<unix>"),
    (re.compile(r"/tmp/jwtlab-record-\w+"), "<datadir>"),
    (re.compile(r"csrftoken=\w+"), "csrftoken=<csrf>"),
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<port>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<hex>"),
    (re.compile(r"0x[0-9a-f]+"), "<addr>"),
]


# Headers the front server writes, not Django: runserver answered the dev
# cases, nginx answers every tuned one. -tuned compares without them, and
# without their order.
FRONT_HEADERS = {"date", "server", "connection", "keep-alive", "transfer-encoding"}

# What -tuned expects on every case, so README.md says it once instead of on
# each row: with JSONRenderer the only renderer (PEER_JSON_ONLY=1) DRF sends
# no "Vary: Accept" (APIView.default_response_headers adds it only when
# there are several renderers to choose from). -tuned removes it from the
# recording's side only: a tuned answer that still has it differs.
TUNED_DROPPED = [["Vary", "Accept"]]


def normal(case, front=True, drop=()):
    c = {k: v for k, v in case.items() if k not in ("headers", "body", "response_json_or_text")}
    if drop:
        c["response_headers"] = [h for h in c["response_headers"] if h not in drop]
    if not front:
        c["response_headers"] = sorted(h for h in c["response_headers"] if h[0].lower() not in FRONT_HEADERS)
    sh = c["response_shape"]
    if isinstance(sh, str):
        c["response_shape"] = volatile(sh)
        # An HTML page's length moves with what it shows.
        c["response_body_bytes"] = "<len>"
        c["response_headers"] = [[k, "<len>" if k == "Content-Length" else v] for k, v in c["response_headers"]]
    c["response_headers"] = [[k, volatile(v)] for k, v in c["response_headers"]]
    return c


def volatile(s):
    for rx, sub in VOLATILE:
        s = rx.sub(sub, s)
    return s


def check(new, old, tuned=False):
    """Prints every difference between two recordings and returns them as
    {case: [differing fields]}; -tuned compares as normal(front=False) does
    and does not compare the servers' descriptions."""
    diffs = {}
    oc = {c["name"]: c for c in old["cases"]}
    for c in new["cases"]:
        o = oc.pop(c["name"], None)
        if o is None:
            print(f"{c['name']}: not in the old recording")
            diffs[c["name"]] = ["<new case>"]
            continue
        a = normal(c, front=not tuned)
        b = normal(o, front=not tuned, drop=TUNED_DROPPED if tuned else ())
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                diffs.setdefault(c["name"], []).append(k)
                print(f"{c['name']}.{k}:\n  new {json.dumps(a.get(k))[:400]}\n  old {json.dumps(b.get(k))[:400]}")
    for name in oc:
        print(f"{name}: only in the old recording")
        diffs[name] = ["<old case>"]
    top = ("peer", "signing_key", "demo_user", "curl_default_request_headers") + (() if tuned else ("servers",))
    for k in top:
        if new[k] != old[k]:
            diffs.setdefault("<file>", []).append(k)
            print(f"{k}: new {new[k]!r}, old {old[k]!r}")
    n = sum(len(v) for v in diffs.values())
    what = "tokens, timestamps and front-server headers" if tuned else "tokens and timestamps"
    print(f"{len(new['cases'])} cases, {n} differences beyond {what} ({len(diffs)} cases differ)")
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", required=True, help="write the recording here")
    ap.add_argument("-check", metavar="OLD", help="compare with this recording; exit 1 if they differ")
    ap.add_argument("-tuned", action="store_true", help="replay against run-tuned.sh stacks instead")
    ap.add_argument("-report", metavar="FILE", help="with -check: write the differing fields per case here (JSON)")
    ap.add_argument("-set", metavar="NAME=VALUE", action="append", default=[],
                    help="with -tuned: one more variable for every stack, e.g. PEER_JSON_ONLY=0 (repeatable)")
    args = ap.parse_args()
    if args.report and not args.check:
        ap.error("-report needs -check")
    if args.set and not args.tuned:
        ap.error("-set needs -tuned")
    extra = {}
    for kv in args.set:
        k, eq, v = kv.partition("=")
        if not eq or not k:
            ap.error(f"-set {kv!r}: want NAME=VALUE")
        extra[k] = v
    rec = record(tuned=args.tuned, extra_env=extra)
    with open(args.o, "w") as f:
        json.dump(rec, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if args.check:
        with open(args.check) as f:
            diffs = check(rec, json.load(f), tuned=args.tuned)
        if args.report:
            with open(args.report, "w") as f:
                json.dump(diffs, f, indent=1, sort_keys=True)
                f.write("\n")
        sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
