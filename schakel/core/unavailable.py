"""A clear "try again" page (503) when the database cannot be reached, never a stack trace.

Django turns an exception raised anywhere (middleware loading the session, a view, a
template) into a call of ``handler500`` while the exception is being handled, so the 500
handler asks ``database_unavailable()`` and answers 503 with ``Retry-After`` instead. The page
is rendered without the request context: nothing on it needs the database. Once PostgreSQL
is back, the next request reconnects by itself (CONN_HEALTH_CHECKS, see config/settings.py).
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("schakel.unavailable")
RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException | None = None) -> bool:
    exception = exception if exception is not None else sys.exc_info()[1]
    while exception is not None:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def unavailable_response(request: HttpRequest) -> HttpResponse:
    # No personal data in the log: only the path's first segment and the error class.
    error = sys.exc_info()[1]
    logger.error(
        "database unavailable",
        extra={"area": request.path.strip("/").split("/")[0], "error": type(error).__name__ if error else ""},
    )
    parts = request.path.strip("/").split("/")
    if parts and parts[0] == "api":
        problem = {
            "type": "about:blank",
            "title": "Tijdelijk niet beschikbaar; probeer het opnieuw.",
            "status": 503,
        }
        api_response = JsonResponse(problem, status=503, content_type="application/problem+json")
        api_response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return api_response
    if parts and parts[0] == "melden":
        lang = parts[1] if len(parts) > 1 and parts[1] in settings.PUBLIC_LANGUAGES else "nl"
        with translation.override(lang):
            body = render_to_string("public/try_again.html")
    else:
        body = render_to_string("503.html")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
