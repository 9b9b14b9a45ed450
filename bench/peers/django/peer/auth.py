"""A per-worker user cache for simplejwt's JWTAuthentication."""
import threading
import time

from django.conf import settings
from rest_framework_simplejwt.authentication import JWTAuthentication

_lock = threading.Lock()
_users = {}  # user_id -> (expires_at, user)


class CachedUserJWTAuthentication(JWTAuthentication):
    """JWTAuthentication that reuses a loaded user for USER_CACHE_TTL seconds.

    simplejwt's get_user runs one SELECT per request and refuses inactive
    users; this keeps that check but answers from memory while the entry is
    fresh, so a deactivation or deletion takes effect within the TTL (the
    same rule as jwtlab prod's user_cache_ttl). The cache is per worker
    process: each worker loads a user once per TTL.
    """

    def get_user(self, validated_token):
        key = validated_token.get(self._user_id_claim())
        now = time.monotonic()
        with _lock:
            hit = _users.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        user = super().get_user(validated_token)
        with _lock:
            if len(_users) > 10000:
                # Bounded: a flood of distinct ids cannot grow a worker.
                _users.clear()
            _users[key] = (now + settings.USER_CACHE_TTL, user)
        return user

    @staticmethod
    def _user_id_claim():
        from rest_framework_simplejwt.settings import api_settings

        return api_settings.USER_ID_CLAIM
