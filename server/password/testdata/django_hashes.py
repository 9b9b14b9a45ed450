"""Regenerates django-hashes.json: password hashes made by the real Django.

Run with Debian's interpreter, which sees Django 3.2, python3-argon2 and
python3-bcrypt:

    /usr/bin/python3 server/password/testdata/django_hashes.py > server/password/testdata/django-hashes.json

Each vector is made by Django's own hashers (django.contrib.auth.hashers):
make_password with the hasher's defaults, or the hasher's encode() with a
lower work factor so the tests stay fast. Django 3.2's
Argon2PasswordHasher writes argon2id but verifies argon2i too (argon2-cffi
reads the variety from the string); the argon2i vector is made by Django
3.2's hasher with its params() type set to argon2i.
"""
import json

from django.conf import settings

settings.configure(PASSWORD_HASHERS=[
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
])

import django  # noqa: E402

django.setup()

import argon2  # noqa: E402
from django.contrib.auth import hashers as h  # noqa: E402


class CheapArgon2Hasher(h.Argon2PasswordHasher):
    memory_cost = 512
    parallelism = 2


class Argon2iHasher(CheapArgon2Hasher):
    """Django 3.2's Argon2PasswordHasher, writing argon2i."""

    def params(self):
        p = super().params()
        p.type = argon2.low_level.Type.I
        return p


class CheapBCryptSHA256Hasher(h.BCryptSHA256PasswordHasher):
    rounds = 4  # bcrypt's minimum


passwords = ["demo-password-123", "pässwörd ✓ 日本", "a" * 100]
vectors = []


def add(note, hasher, pw, encoded):
    # Django itself must accept the password and refuse a near miss.
    assert hasher.verify(pw, encoded) and not hasher.verify(pw + "x", encoded), note
    vectors.append({"note": note, "password": pw, "encoded": encoded})


pbkdf2_256 = h.PBKDF2PasswordHasher()
pbkdf2_1 = h.PBKDF2SHA1PasswordHasher()
add("make_password, Django 3.2's default hasher (pbkdf2_sha256, 260000 iterations)",
    pbkdf2_256, passwords[0], h.make_password(passwords[0], hasher="pbkdf2_sha256"))
add("make_password, pbkdf2_sha1 (260000 iterations)",
    pbkdf2_1, passwords[0], h.make_password(passwords[0], hasher="pbkdf2_sha1"))
for pw in passwords:
    add("PBKDF2PasswordHasher.encode, 1000 iterations", pbkdf2_256, pw,
        pbkdf2_256.encode(pw, pbkdf2_256.salt(), 1000))
    add("PBKDF2SHA1PasswordHasher.encode, 1000 iterations", pbkdf2_1, pw,
        pbkdf2_1.encode(pw, pbkdf2_1.salt(), 1000))

argon = h.Argon2PasswordHasher()
add("make_password, argon2 (Django 3.2 defaults: argon2id, m=102400, t=2, p=8)",
    argon, passwords[0], h.make_password(passwords[0], hasher="argon2"))
cheap_argon = CheapArgon2Hasher()
for pw in passwords:
    add("Argon2PasswordHasher.encode, m=512 p=2", cheap_argon, pw, cheap_argon.encode(pw, cheap_argon.salt()))
argon_i = Argon2iHasher()
add("Argon2PasswordHasher.encode with argon2i, m=512 p=2",
    argon_i, passwords[0], argon_i.encode(passwords[0], argon_i.salt()))

bc = h.BCryptSHA256PasswordHasher()
add("make_password, bcrypt_sha256 (12 rounds)", bc, passwords[0], h.make_password(passwords[0], hasher="bcrypt_sha256"))
cheap_bc = CheapBCryptSHA256Hasher()
for pw in passwords:
    add("BCryptSHA256PasswordHasher.encode, 4 rounds", cheap_bc, pw, cheap_bc.encode(pw, cheap_bc.salt()))

unusable = h.make_password(None)
assert not h.is_password_usable(unusable) and not h.check_password("", unusable)

print(json.dumps({
    "source": "django_hashes.py with Django %s, argon2-cffi %s" % (django.get_version(), argon2.__version__),
    "vectors": vectors,
    "unusable": unusable,
}, ensure_ascii=False, indent=1))
