"""Settings of the tuned Django peer: peer/settings.py plus what a DRF team
can switch on Monday, each switch measured by `jwtlab bench -peers django
-ablate` (run-tuned.sh sets the environment; README.md has the table).

Every knob reads one PEER_* variable, so the ablation can start django-prod's
stack with exactly one knob turned. The defaults here are the tuned values.
"""
import os

from django.core.exceptions import ImproperlyConfigured

from peer.settings import *  # noqa: F401,F403 - the tutorial settings are the base
from peer.settings import DATABASES, REST_FRAMEWORK, SIMPLE_JWT


def _env(name, default):
    return os.environ.get(name, default)


DEBUG = False

# CONN_MAX_AGE: keep each worker's database connection for 60 s instead of
# opening one per request (Django's default 0). On SQLite an open costs a
# file open and a few PRAGMA reads; on PostgreSQL a TCP handshake, auth and
# a backend fork, which is where it pays most.
_CONN_MAX_AGE = int(_env("PEER_CONN_MAX_AGE", "60"))

# PEER_DATABASE_URL=postgres://user:pass@host:port/name puts the peer on
# PostgreSQL (psycopg2), the shared store several gunicorn hosts need.
_DB_URL = _env("PEER_DATABASE_URL", "")
if _DB_URL:
    from urllib.parse import unquote, urlsplit

    _u = urlsplit(_DB_URL)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _u.path.lstrip("/"),
            "USER": unquote(_u.username or ""),
            "PASSWORD": unquote(_u.password or ""),
            "HOST": _u.hostname or "",
            "PORT": str(_u.port or ""),
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = _CONN_MAX_AGE

# SQLite in WAL mode: a commit appends to the write-ahead log and fsyncs it
# once (synchronous stays FULL, so a committed row survives a power cut),
# where Django's default rollback journal creates, fsyncs and deletes a
# journal file besides the database's own fsync. Every login commits one
# row (simplejwt's OutstandingToken), and a sync worker waits for that
# fsync with its core idle. The mode is stored in the database file; the
# PRAGMA on each new connection is cheap. Django 3.2 has no SQLite
# init_command, so a connection_created receiver sets it.
_SQLITE_WAL = _env("PEER_SQLITE_WAL", "1") == "1"


def _sqlite_wal(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


if _SQLITE_WAL and not _DB_URL:
    from django.db.backends.signals import connection_created

    connection_created.connect(_sqlite_wal)

# Argon2id first: new and rehashed passwords use it (python3-argon2), with
# OWASP's parameters (peer/hashers.py: 19 MiB, t=2, p=1) rather than Django
# 3.2's (100 MiB, p=8), which cost a small machine most of its logins.
# The others stay in the list so existing hashes still verify, and Django
# rehashes them to the first hasher at the next successful login.
# PEER_HASHER=argon2-django puts Django's own Argon2PasswordHasher first,
# pbkdf2 Django's default.
_HASHER = _env("PEER_HASHER", "argon2")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]
if _HASHER == "argon2":
    PASSWORD_HASHERS.insert(0, "peer.hashers.Argon2idOWASPHasher")
elif _HASHER == "argon2-django":
    PASSWORD_HASHERS.insert(0, PASSWORD_HASHERS.pop(2))
elif _HASHER != "pbkdf2":
    raise ImproperlyConfigured(f"PEER_HASHER={_HASHER!r}: want argon2, argon2-django or pbkdf2")

# How /api/me/ finds its user:
#   db        simplejwt's JWTAuthentication: one SELECT per request;
#   cached    the same, with a per-worker cache of 2 s (jwtlab prod's
#             user_cache_ttl): a deactivation takes effect within 2 s;
#   stateless JWTStatelessUserAuthentication: no SELECT at all, and a
#             deactivated or deleted user keeps access until the token expires.
_AUTH = _env("PEER_AUTH", "cached")
_AUTH_CLASS = {
    "db": "rest_framework_simplejwt.authentication.JWTAuthentication",
    "cached": "peer.auth.CachedUserJWTAuthentication",
    "stateless": "rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication",
}[_AUTH]
USER_CACHE_TTL = float(_env("PEER_USER_CACHE_TTL", "2"))

# Login throttles on the token views (peer/throttles.py): per client IP and
# per username, DRF's ScopedRateThrottle style, the rates of jwtlab prod
# (1/s per IP, 5/min per username).
#   redis  a shared cache (django-redis on run-tuned.sh's redis-server):
#          one limit for all workers;
#   locmem Django's per-process LocMemCache: each worker counts alone, so
#          N workers allow N times the rate;
#   off    no throttle (the bench's obtain scenario lifts it, as it lifts
#          jwtlab's: it measures hashing, not the limiter).
_THROTTLE = _env("PEER_THROTTLE", "redis")
_REDIS_URL = _env("PEER_REDIS_URL", "redis://127.0.0.1:6379/0")
if _THROTTLE == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _REDIS_URL,
            "OPTIONS": {
                # A dead Redis must not hang a login: fail in 1 s.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = dict(REST_FRAMEWORK)
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = (_AUTH_CLASS,)
# JSON only: the browsable API's renderer costs on every content
# negotiation and serves no API client.
if _env("PEER_JSON_ONLY", "1") == "1":
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ("rest_framework.renderers.JSONRenderer",)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "login_ip": _env("PEER_RATE_IP", "60/min"),
    "login_user": _env("PEER_RATE_USER", "5/min"),
}
LOGIN_THROTTLES = _THROTTLE != "off"

ROOT_URLCONF = "peer.urls_tuned"

# Logging kept cheap: warnings and errors only, to stderr (gunicorn's log);
# no per-request access log in the worker (nginx keeps one, buffered).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}

SIMPLE_JWT = dict(SIMPLE_JWT)
