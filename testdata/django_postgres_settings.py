"""The Django peer's settings (bench/peers/django/peer/settings.py) with
the database moved to PostgreSQL, for the users import-django test.

JWTLAB_DJANGO_PG_URL is a postgres:// URL; JWTLAB_DJANGO_PG_SCHEMA the
schema the test created for this run (Django's tables go there, through
search_path). Needs psycopg2, which Debian's python3-psycopg2 provides.
"""
import os
from urllib.parse import urlparse

from peer.settings import *  # noqa: F401,F403

_url = urlparse(os.environ["JWTLAB_DJANGO_PG_URL"])
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": _url.username,
        "PASSWORD": _url.password,
        "HOST": _url.hostname,
        "PORT": _url.port or 5432,
        "OPTIONS": {"options": "-c search_path=" + os.environ["JWTLAB_DJANGO_PG_SCHEMA"]},
    }
}
