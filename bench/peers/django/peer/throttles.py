"""Login throttles for the token views, per client IP and per username."""
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
        try:
            username = request.data.get("username")
        except Exception:  # unparsable body: the view answers 400 itself
            return None
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username[:150]}
