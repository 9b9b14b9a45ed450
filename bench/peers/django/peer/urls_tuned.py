"""URLs of the tuned peer: the same endpoints as peer/urls.py (the sliding
views too with JWT_SLIDING=1), with login throttles on the obtain views when
LOGIN_THROTTLES is set."""
from django.conf import settings

from peer.routes import api_routes
from peer.throttles import LoginIPThrottle, LoginUsernameThrottle

urlpatterns = api_routes([LoginIPThrottle, LoginUsernameThrottle] if settings.LOGIN_THROTTLES else [])
