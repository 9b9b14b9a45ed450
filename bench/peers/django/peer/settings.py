"""Settings of the Django + DRF + simplejwt peer.

What `django-admin startproject` writes, plus what the DRF and simplejwt
tutorials add: JWTAuthentication as the default authentication class, the
token_blacklist app and a SIMPLE_JWT block. Only values a benchmark must
switch come from the environment; everything else is left at Django's and
simplejwt's defaults, because the point is to measure what people deploy.
"""
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Public demo values: this peer only ever listens on 127.0.0.1.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-jwtlab-peer-demo-secret")

# run-dev.sh: runserver with DEBUG=True, as in every tutorial;
# run-prod.sh: DJANGO_DEBUG=0 behind gunicorn and nginx.
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "peer.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "peer.wsgi.application"

# The database lives outside the source tree, in PEER_DATA_DIR, so that
# several runs (and the tests) each get their own.
DATA_DIR = Path(os.environ.get("PEER_DATA_DIR", BASE_DIR / "data"))

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "db.sqlite3",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_L10N = True
USE_TZ = True

STATIC_URL = "/static/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": (
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ),
}

# JWT_ROTATE=1 turns on refresh-token rotation with blacklisting of the
# used refresh token, the setting pair simplejwt's docs recommend together.
_ROTATE = os.environ.get("JWT_ROTATE", "0") == "1"

SIMPLE_JWT = {
    # simplejwt's defaults are 5 minutes and 1 day.
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("JWT_ACCESS_LIFETIME_S", "300"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("JWT_REFRESH_LIFETIME_S", "86400"))),
    "ROTATE_REFRESH_TOKENS": _ROTATE,
    "BLACKLIST_AFTER_ROTATION": _ROTATE,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": os.environ.get("JWT_SIGNING_KEY", "jwt-lab-demo-signing-secret-not-for-production"),
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# JWT_SLIDING=1 routes simplejwt's two sliding-token views (peer/urls.py)
# and lets /api/me/ accept sliding tokens besides access tokens, as
# simplejwt's docs set it up. Off by default, so the recordings of the pair
# endpoints stay what they were.
SLIDING = os.environ.get("JWT_SLIDING", "0") == "1"
if SLIDING:
    SIMPLE_JWT["AUTH_TOKEN_CLASSES"] = (
        "rest_framework_simplejwt.tokens.AccessToken",
        "rest_framework_simplejwt.tokens.SlidingToken",
    )
    # simplejwt's defaults are 5 minutes and 1 day.
    SIMPLE_JWT["SLIDING_TOKEN_LIFETIME"] = timedelta(seconds=int(os.environ.get("JWT_SLIDING_LIFETIME_S", "300")))
    SIMPLE_JWT["SLIDING_TOKEN_REFRESH_LIFETIME"] = timedelta(seconds=int(os.environ.get("JWT_SLIDING_REFRESH_LIFETIME_S", "86400")))
