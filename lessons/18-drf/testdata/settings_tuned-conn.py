# CONN_MAX_AGE: keep each worker's database connection for 60 s instead of
# opening one per request (Django's default 0). On SQLite an open costs a
# file open and a few PRAGMA reads; on PostgreSQL a TCP handshake, auth and
# a backend fork, which is where it pays most.
_CONN_MAX_AGE = int(_env("PEER_CONN_MAX_AGE", "60"))
