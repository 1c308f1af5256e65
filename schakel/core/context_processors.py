from typing import Any

from django.conf import settings
from django.http import HttpRequest


def schakel(request: HttpRequest) -> dict[str, Any]:
    return {
        "DEMO_BANNER": settings.SCHAKEL_DEMO_BANNER,
        "STAFF_LANGUAGES": settings.STAFF_LANGUAGES,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
    }
