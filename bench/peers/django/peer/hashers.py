"""Password hashers of the tuned peer."""
from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idOWASPHasher(Argon2PasswordHasher):
    """argon2id with OWASP's minimum parameters (Password Storage Cheat
    Sheet: m=19 MiB, t=2, p=1), the ones jwtlab prod uses.

    Django 3.2's Argon2PasswordHasher asks for m=100 MiB and p=8: about
    15-25 times the CPU of these per check on one core here (README.md has
    the figures), so a small machine spends its logins hashing. The
    algorithm name stays "argon2" and every hash carries its own
    parameters, so hashes made with Django's defaults still verify, and
    check_password rehashes them with these at the user's next login
    (must_update compares the parameters).
    """

    time_cost = 2
    memory_cost = 19456  # KiB: 19 MiB
    parallelism = 1
