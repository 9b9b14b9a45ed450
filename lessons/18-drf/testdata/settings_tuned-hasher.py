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
