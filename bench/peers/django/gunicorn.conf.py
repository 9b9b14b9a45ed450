"""gunicorn settings of the tuned peer (run-tuned.sh). Each value reads one
PEER_* variable so `jwtlab bench -peers django -ablate` can turn one at a
time; the defaults are the tuned values and README.md says why each."""
import multiprocessing
import os

# sync or gthread (gevent is not used: it needs monkey-patching of Django's
# database driver and a green-aware SQLite/psycopg2, and a JWT check is
# CPU-bound, where green threads buy nothing). README.md has the measurement.
worker_class = os.environ.get("PEER_WORKER_CLASS", "sync")
# One worker per core given: a token check is CPU work, and more processes
# than cores only add context switches and memory (each worker imports
# Django: ~40 MB). PEER_WORKERS overrides; gunicorn's "2 x cores + 1" rule
# of thumb assumes workers that wait on I/O.
workers = int(os.environ.get("PEER_WORKERS", str(len(os.sched_getaffinity(0)) or multiprocessing.cpu_count())))
threads = int(os.environ.get("PEER_THREADS", "1"))
# A request that takes 30 s is a stuck worker: gunicorn kills and restarts it.
timeout = 30
# On SIGTERM/HUP a worker gets 10 s to finish what it is serving.
graceful_timeout = 10
# Idle keep-alive connections from nginx (gthread only: sync workers close
# every connection after one response).
keepalive = 30
# Recycle a worker after about 10,000 requests (jittered so they do not all
# restart at once): bounds slow leaks in long-lived Python processes.
max_requests = int(os.environ.get("PEER_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# gunicorn's access log is off: nginx keeps one, buffered.
accesslog = None
loglevel = "warning"
