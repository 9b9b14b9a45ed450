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
