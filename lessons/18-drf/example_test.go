package drf_test

import (
	"fmt"
	"io"
	"os"

	drf "jwtlab/lessons/18-drf"
)

func ExampleStepConnections() {
	run(drf.StepConnections)
	// Output:
	// | # CONN_MAX_AGE: keep each worker's database connection for 60 s instead of
	// | # opening one per request (Django's default 0). On SQLite an open costs a
	// | # file open and a few PRAGMA reads; on PostgreSQL a TCP handshake, auth and
	// | # a backend fork, which is where it pays most.
	// | _CONN_MAX_AGE = int(_env("PEER_CONN_MAX_AGE", "60"))
	// store_max_open   dev 0     prod 8
	// store_max_idle   dev 0     prod 8
	// store_prepare    dev false prod true
}

func ExampleStepUser() {
	run(drf.StepUser)
	// Output:
	// | # How /api/me/ finds its user:
	// | #   db        simplejwt's JWTAuthentication: one SELECT per request;
	// | #   cached    the same, with a per-worker cache of 2 s (jwtlab prod's
	// | #             user_cache_ttl): a deactivation takes effect within 2 s;
	// | #   stateless JWTStatelessUserAuthentication: no SELECT at all, and a
	// | #             deactivated or deleted user keeps access until the token expires.
	// | _AUTH = _env("PEER_AUTH", "cached")
	// | _AUTH_CLASS = {
	// |     "db": "rest_framework_simplejwt.authentication.JWTAuthentication",
	// |     "cached": "peer.auth.CachedUserJWTAuthentication",
	// |     "stateless": "rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication",
	// | }[_AUTH]
	// | USER_CACHE_TTL = float(_env("PEER_USER_CACHE_TTL", "2"))
	// user_cache_ttl=0s: two requests read UserByID UserByID; deactivated: 401
	// user_cache_ttl=2s: two requests read UserByID; deactivated: 200
}

func ExampleStepWorkers() {
	run(drf.StepWorkers)
	// Output:
	// | # sync or gthread (gevent is not used: it needs monkey-patching of Django's
	// | # database driver and a green-aware SQLite/psycopg2, and a JWT check is
	// | # CPU-bound, where green threads buy nothing). README.md has the measurement.
	// | worker_class = os.environ.get("PEER_WORKER_CLASS", "sync")
	// | # One worker per core given: a token check is CPU work, and more processes
	// | # than cores only add context switches and memory (each worker imports
	// | # Django: ~40 MB). PEER_WORKERS overrides; gunicorn's "2 x cores + 1" rule
	// | # of thumb assumes workers that wait on I/O.
	// | workers = int(os.environ.get("PEER_WORKERS", str(len(os.sched_getaffinity(0)) or multiprocessing.cpu_count())))
	// | threads = int(os.environ.get("PEER_THREADS", "1"))
	// five requests in 2 s, one jwtlab process, store: UserByID
}

func ExampleStepThrottle() {
	run(drf.StepThrottle)
	// Output:
	// | # Login throttles on the token views (peer/throttles.py): per client IP and
	// | # per username, DRF's ScopedRateThrottle style, the rates of jwtlab prod
	// | # (1/s per IP, 5/min per username).
	// | #   redis  a shared cache (django-redis on run-tuned.sh's redis-server):
	// | #          one limit for all workers;
	// | #   locmem Django's per-process LocMemCache: each worker counts alone, so
	// | #          N workers allow N times the rate;
	// | #   off    no throttle (the bench's obtain scenario lifts it, as it lifts
	// | #          jwtlab's: it measures hashing, not the limiter).
	// | _THROTTLE = _env("PEER_THROTTLE", "redis")
	// six wrong guesses for one username: 401 401 401 401 401 429
	// the seventh: 429 {"detail":"Request was throttled. Expected available in 12 seconds."}
	// five more at a second instance:     401 401 401 401 401
}

func ExampleStepHasher() {
	run(drf.StepHasher)
	// Output:
	// | # Argon2id first: new and rehashed passwords use it (python3-argon2), with
	// | # OWASP's parameters (peer/hashers.py: 19 MiB, t=2, p=1) rather than Django
	// | # 3.2's (100 MiB, p=8), which cost a small machine most of its logins.
	// | # The others stay in the list so existing hashes still verify, and Django
	// | # rehashes them to the first hasher at the next successful login.
	// | # PEER_HASHER=argon2-django puts Django's own Argon2PasswordHasher first,
	// | # pbkdf2 Django's default.
	// | _HASHER = _env("PEER_HASHER", "argon2")
	// | PASSWORD_HASHERS = [
	// |     "django.contrib.auth.hashers.PBKDF2PasswordHasher",
	// |     "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
	// |     "django.contrib.auth.hashers.Argon2PasswordHasher",
	// |     "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
	// | ]
	// | if _HASHER == "argon2":
	// |     PASSWORD_HASHERS.insert(0, "peer.hashers.Argon2idOWASPHasher")
	// | elif _HASHER == "argon2-django":
	// |     PASSWORD_HASHERS.insert(0, PASSWORD_HASHERS.pop(2))
	// Django's params: m=102400,t=2,p=8
	// jwtlab's params: m=19456,t=2,p=1
	// Django's hash, checked in Go, "demo-password-123": true
	// Django's hash, checked in Go, "a-wrong-guess": false
}

// run runs a step, printing its error if it fails.
func run(step func(io.Writer) error) {
	if err := step(os.Stdout); err != nil {
		fmt.Println("error:", err)
	}
}
