from __future__ import annotations

from typing import Any

from django import template

from schakel.cases.selectors import visible_cases

register = template.Library()


@register.simple_tag(takes_context=True)
def cases_for_signal(context: dict[str, Any], signal: Any) -> list[Any]:
    """The cases (visible to the user) that a signal is part of, for the signal page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return list(visible_cases(actor=user).filter(case_signals__signal=signal).order_by("-created_at"))
