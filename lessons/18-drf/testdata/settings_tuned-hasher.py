# Argon2id first: new and rehashed passwords use it (python3-argon2);
# PBKDF2 stays in the list so existing hashes still verify, and Django
# rehashes them to the first hasher at the next successful login.
_HASHER = _env("PEER_HASHER", "argon2")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]
if _HASHER == "argon2":
    PASSWORD_HASHERS.insert(0, PASSWORD_HASHERS.pop(2))
