// Package drf lines up the production knobs of a Django REST framework
// project with their twins in jwtlab, for the team that keeps DRF: Debian's
// Django 3.2.25, DRF 3.14 and simplejwt 5.2.2, as the tuned peer runs them
// (bench/peers/django, run-tuned.sh). Each step prints the shipped setting
// -- read from the peer's own file, which package django embeds -- and runs
// the Go side. The one DRF figure it quotes is what Django's Argon2
// parameters cost a check, from bench/peers/django/README.md; what each
// knob buys is measured by jwtlab bench -peers django -ablate and recorded
// in NOTES.md's "If you stay on DRF" section.
//
// # CONN_MAX_AGE and connection pools
//
// Django's default CONN_MAX_AGE is 0 (django/db/utils.py): the connection
// is closed when each request finishes (close_old_connections, connected to
// request_finished in django/db/__init__.py), so every request opens one.
// A positive CONN_MAX_AGE keeps it that many seconds. A Django connection
// belongs to one thread, so a worker keeps one connection per thread; Django
// 3.2 has no pool to share them. Go's database/sql is one pool for all of a
// process's goroutines, bounded by store_max_open and store_max_idle; dev
// keeps none idle, as CONN_MAX_AGE=0 does. For jwtlab, NOTES.md measured
// pooling alone taking dev's /api/me/ from 1,640 to 8,790 requests/s.
//
// # Which user does a request see?
//
// simplejwt's JWTAuthentication runs one SELECT per request in get_user
// and refuses an inactive user (authentication.py, 5.2.2).
// JWTStatelessUserAuthentication makes no query: it returns a TokenUser
// built from the token, whose is_active is always True (models.py), so a
// deactivated or deleted user keeps access until the access token's exp.
// The peer's middle way, peer/auth.py, keeps get_user's check and
// remembers the user for 2 s in each worker: jwtlab prod's user_cache_ttl,
// run here with 0 and 2 s.
//
// # Workers: processes, threads, goroutines
//
// A gunicorn 20.1 sync worker is one process serving one request at a
// time; gthread adds threads, but CPython's GIL runs one thread's Python
// code at a time, so CPU-bound token checks scale by processes. gunicorn's
// own help for workers says "generally in the 2-4 x $(NUM_CORES) range"
// (config.py); the tuned peer runs one per core, because a token check is
// CPU work, not waiting. Every worker has its own memory: its own user cache, so N workers
// load a user up to N times per TTL. One jwtlab process serves every
// request from goroutines that share one cache and one pool.
//
// # Throttles: where the counter lives
//
// DRF's SimpleRateThrottle (ScopedRateThrottle is one, keyed by a view's
// throttle_scope) keeps its history in Django's default cache (throttling.py,
// DRF 3.14). LocMemCache is private to each process (Django 3.2 docs,
// "Local-memory caching"), so with N workers an attacker gets N times the
// rate; django-redis gives every worker and host one counter. jwtlab's login
// throttle lives in its process too: one counter per instance, the same
// trade as LocMem once you run several -- put nginx's limit_req (jwtlab
// nginx-config) or a shared store in front. Here: prod's per-username
// bucket, 5 at once, then one every 12 s, and a second instance that knows
// nothing of the first one's count.
//
// # Argon2PasswordHasher
//
// Django 3.2's default hasher is PBKDF2 with 260,000 iterations; its
// Argon2PasswordHasher (python3-argon2) writes argon2id with time_cost 2,
// memory_cost 102400 KiB (100 MiB per login) and parallelism 8
// (hashers.py), and still accepts the argon2i hashes of earlier releases:
// its verify hands the hash to argon2-cffi's PasswordHasher.verify, which
// reads the variety from the string. Put it first in PASSWORD_HASHERS and
// check_password rehashes an old PBKDF2 hash at the next successful login.
// jwtlab hashes with OWASP's argon2id minimum (19 MiB, t=2, p=1), and so
// does the tuned peer: Django's defaults cost one core of the project's
// machine 0.5-1.4 s per check (bench/peers/django/README.md, "The tuned
// stack", its Argon2 item, measured with hash_cost.py), so it puts a
// subclass with OWASP's parameters first
// (bench/peers/django/peer/hashers.py), and a hash made with Django's
// defaults is rehashed at the next login. jwtlab's password.Verify, which a
// login runs on a user brought over by jwtlab users import-django, checks
// Django's hashes in Go, argon2i and argon2id alike: a users table can move
// without a password reset.
//
// # Try it
//
//	bench/peers/django/run-tuned.sh 8001 &
//	# a database of its own: two peers migrating one SQLite file at once lock each other out
//	PEER_DATA_DIR=$(mktemp -d) PEER_AUTH=stateless PEER_THROTTLE=locmem bench/peers/django/run-tuned.sh 8002 &
//	./jwtlab bench -peers django -targets django-prod,django-tuned -ablate -scenarios me,obtain,flood -duration 3s   # NOTES.md's run: 14 Django stacks in turn, 11 minutes on a 2-core machine
//	export JWTLAB_SIGNING_KEY=$(./jwtlab keygen)
//	echo demo-password-123 | ./jwtlab users add -db lab.db -username demo
//	./jwtlab serve -profile prod -allowed-hosts 127.0.0.1 -db lab.db -set user_cache_ttl=0 -addr 127.0.0.1:8000 &
//	go test ./lessons/18-drf -run '^ExampleStepHasher$' -v
package drf
