"""The API routes both URL confs serve (peer/urls.py, peer/urls_tuned.py):
simplejwt's views and /api/me/, and the sliding views with JWT_SLIDING=1."""
from django.conf import settings
from django.urls import path
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
    TokenObtainSlidingView,
    TokenRefreshSlidingView,
    TokenRefreshView,
    TokenVerifyView,
)

from peer.views import MeView


def api_routes(login_throttles=None):
    """The routes. login_throttles, when given, replaces DRF's throttle
    classes on the views that take a password (an empty list: none)."""
    login = {} if login_throttles is None else {"throttle_classes": list(login_throttles)}
    routes = [
        path("api/token/", TokenObtainPairView.as_view(**login), name="token_obtain_pair"),
        path("api/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
        path("api/token/verify/", TokenVerifyView.as_view(), name="token_verify"),
        path("api/token/blacklist/", TokenBlacklistView.as_view(), name="token_blacklist"),
        path("api/me/", MeView.as_view(), name="me"),
    ]
    if settings.SLIDING:
        routes += [
            path("api/token/sliding/", TokenObtainSlidingView.as_view(**login), name="token_obtain_sliding"),
            path("api/token/sliding/refresh/", TokenRefreshSlidingView.as_view(), name="token_refresh_sliding"),
        ]
    return routes
