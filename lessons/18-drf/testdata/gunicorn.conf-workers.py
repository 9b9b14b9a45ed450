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
