"""Problem details (RFC 9457) for every API error, with field errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            # List positions read as field[0], whether DRF reports them as list or dict.
            if isinstance(key, int) or str(key).isdigit():
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            errors.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                errors.extend(_flatten(value, f"{prefix}[{index}]" if prefix else str(index)))
            else:
                errors.append(
                    {
                        "field": prefix or "non_field_errors",
                        "message": str(value),
                        "code": getattr(value, "code", "invalid"),
                    }
                )
    else:
        errors.append(
            {"field": prefix or "non_field_errors", "message": str(detail), "code": getattr(detail, "code", "invalid")}
        )
    return errors


def problem_details_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    body: dict[str, Any] = {
        "type": "about:blank",
        "status": response.status_code,
        "instance": request.path if request is not None else "",
    }
    if isinstance(exc, exceptions.ValidationError):
        body["title"] = _("De invoer is niet geldig.")
        body["type"] = "https://schakel.example/problems/validation"
        body["errors"] = _flatten(exc.detail)
    elif response.status_code == status.HTTP_404_NOT_FOUND:
        body["title"] = _("Niet gevonden.")
    else:
        detail = getattr(exc, "detail", None)
        body["title"] = str(detail) if detail else _("Er ging iets mis.")
    response.data = body
    response.content_type = "application/problem+json"
    return response
