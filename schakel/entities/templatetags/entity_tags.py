"""Template filters for linking pages."""

from __future__ import annotations

from typing import Any

from django import template

from schakel.entities.explain import describe

register = template.Library()


@register.filter
def why(contribution: dict[str, Any]) -> str:
    """One line of a suggestion's "Waarom?": the field and how it agreed, in words."""
    return describe(contribution)
