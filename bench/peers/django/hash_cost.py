#!/usr/bin/python3
"""Times Django's password check (hasher.verify, as check_password runs it)
for each first hasher PEER_HASHER can choose, as NOTES.md's "hash limit"
figures do.

Usage (from this directory): taskset -c 0 /usr/bin/python3 hash_cost.py [-n 20]

It prints, per hasher, the wall time and the CPU time (time.process_time)
of one check, the median over -n checks after one warm-up, and the logins
a second one core can hash at that CPU time. Run it pinned to the core
the server runs on, at the time the server runs: on a shared machine the
wall time moves with the neighbours, the CPU time much less.
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher  # noqa: E402

from peer.hashers import Argon2idOWASPHasher  # noqa: E402

# PEER_HASHER's values (peer/settings_tuned.py) and the hasher each puts first.
HASHERS = [
    ("pbkdf2", PBKDF2PasswordHasher()),
    ("argon2-django", Argon2PasswordHasher()),
    ("argon2", Argon2idOWASPHasher()),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20, help="checks per hasher (default 20)")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("-n must be at least 1")
    password = "demo-password-123"
    print(f"CPUs allowed: {sorted(os.sched_getaffinity(0))}; {args.n} checks each, medians")
    print(f"{'PEER_HASHER':<14} {'wall ms':>8} {'CPU ms':>8} {'checks/s per core (CPU)':>24}")
    for name, h in HASHERS:
        encoded = h.encode(password, h.salt())
        h.verify(password, encoded)  # warm-up: imports, first allocation
        walls, cpus = [], []
        for _ in range(args.n):
            w0, c0 = time.perf_counter(), time.process_time()
            if not h.verify(password, encoded):
                sys.exit(f"hash_cost: {name} did not verify its own hash")
            cpus.append(time.process_time() - c0)
            walls.append(time.perf_counter() - w0)
        w, c = statistics.median(walls) * 1000, statistics.median(cpus) * 1000
        print(f"{name:<14} {w:8.1f} {c:8.1f} {1000 / c:24.1f}")


if __name__ == "__main__":
    main()
