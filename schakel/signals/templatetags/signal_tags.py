"""Template filters for what a signal names."""

from __future__ import annotations

from django import template

from schakel.signals.entities import person_details
from schakel.signals.models import EntityKind, SignalEntity

register = template.Library()


@register.filter
def particulars(entity: SignalEntity) -> str:
    """What was reported about a person besides the name ("vrouw; geboren 1 maart 1992; …");
    empty for other kinds and for a person whose details are redacted for the viewer."""
    if entity.kind != EntityKind.PERSON or entity.attributes.get("redacted"):
        return ""
    return person_details(entity.attributes)
