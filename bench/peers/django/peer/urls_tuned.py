"""URLs of the tuned peer: the same endpoints as peer/urls.py, with login
throttles on the obtain view when LOGIN_THROTTLES is set."""
from django.conf import settings
from django.urls import path
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
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
