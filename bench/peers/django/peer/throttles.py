"""Login throttles for the token views, per client IP and per username."""
from collections.abc import Mapping

from rest_framework.throttling import SimpleRateThrottle


class LoginIPThrottle(SimpleRateThrottle):
    """Counts logins per client address (X-Forwarded-For from nginx: DRF's
    get_ident believes it, which is right only behind a proxy you run)."""

    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(SimpleRateThrottle):
    """Counts logins per username, whatever address they come from: the
    limit that stops a botnet guessing one user's password."""

    scope = "login_user"

    def get_cache_key(self, request, view):
        # A body DRF cannot parse raises here (400 or 415) and DRF answers
        # it as the view would have. Swallowing it would be wrong: DRF
        # keeps an empty body after a parse error, and the view would then
        # answer "This field is required." instead of the parse error.
        data = request.data
        username = data.get("username") if isinstance(data, Mapping) else None
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username[:150]}
