"""URLs of the tuned peer: the same endpoints as peer/urls.py (the sliding
views too with JWT_SLIDING=1), with login throttles on the obtain views when
LOGIN_THROTTLES is set."""
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

from peer.throttles import LoginIPThrottle, LoginUsernameThrottle
from peer.views import MeView

_throttles = [LoginIPThrottle, LoginUsernameThrottle] if settings.LOGIN_THROTTLES else []

urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view(throttle_classes=_throttles), name="token_obtain_pair"),
    path("api/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("api/token/verify/", TokenVerifyView.as_view(), name="token_verify"),
    path("api/token/blacklist/", TokenBlacklistView.as_view(), name="token_blacklist"),
    path("api/me/", MeView.as_view(), name="me"),
]

if settings.SLIDING:
    urlpatterns += [
        path("api/token/sliding/", TokenObtainSlidingView.as_view(throttle_classes=_throttles), name="token_obtain_sliding"),
        path("api/token/sliding/refresh/", TokenRefreshSlidingView.as_view(), name="token_refresh_sliding"),
    ]
