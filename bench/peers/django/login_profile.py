#!/usr/bin/python3
"""Profiles logins (POST /api/token/) on the tuned peer's settings, in
process with Django's test client and cProfile, to show where a login's
CPU goes besides the password hash: NOTES.md's "If you stay on DRF" cites
it for the logins-per-second target.

Usage (from this directory): taskset -c 0 /usr/bin/python3 login_profile.py [-n 100]

It makes a throwaway SQLite database (PEER_DATA_DIR in a temp folder) with
the demo user, runs one warm-up login and then -n profiled ones, and prints
the CPU time of one login (time.process_time), the share of it in the
password check and in the rest, and the top functions by cumulative time.
The login throttles are off (PEER_THROTTLE=off): with them on, Redis would
be a second process the profile does not see.
"""
import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100, help="profiled logins")
    args = ap.parse_args()

    data = tempfile.mkdtemp(prefix="jwtlab-login-profile-")
    os.environ["PEER_DATA_DIR"] = data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings_tuned")
    os.environ.setdefault("PEER_THROTTLE", "off")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    password = "demo-password-123"
    get_user_model().objects.create_user("demo", password=password)
    client = Client(HTTP_HOST="127.0.0.1")
    body = '{"username": "demo", "password": "%s"}' % password

    def login():
        r = client.post("/api/token/", body, content_type="application/json")
        if r.status_code != 200:
            sys.exit("login_profile.py: login answered %d: %s" % (r.status_code, r.content[:200]))

    login()  # warm-up: imports, the first hash's rehash, connection setup
    prof = cProfile.Profile()
    start = time.process_time()
    prof.enable()
    for _ in range(args.n):
        login()
    prof.disable()
    per_login = (time.process_time() - start) / args.n

    stats = pstats.Stats(prof)
    hashing = 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        if name == "check_password" and filename.endswith(os.path.join("auth", "hashers.py")):
            hashing = cumulative / args.n
    # The profiler's own overhead inflates the functions it times; the
    # shares below divide by the profiled total, not by process_time.
    total = max(st[3] for st in stats.stats.values()) / args.n
    print("logins profiled:          %d" % args.n)
    print("CPU per login, profiled:  %.1f ms (process_time, profiler overhead included)" % (per_login * 1000))
    print("password check:           %.1f ms (%.0f%% of the profiled total %.1f ms)" % (hashing * 1000, 100 * hashing / total, total * 1000))
    print("everything else:          %.1f ms" % ((total - hashing) * 1000))
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


if __name__ == "__main__":
    main()
