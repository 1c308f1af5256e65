"""The default retention rules (DOMAIN.md), seeded by migration 0002 and re-applied on demand."""

from __future__ import annotations

from typing import Any

BASIS = "Standaard Schakel (DOMAIN.md); vaststellen per gemeente volgens Selectielijst gemeenten / WGS-besluit"
DEFAULTS = [
    # (condition, months, action, active)
    ("unfounded", 12, "anonymise", True),
    ("insufficient_information", 12, "anonymise", True),
    ("duplicate", 12, "delete", True),
    ("handled", 60, "anonymise", True),
    # An open signal is unfinished work: switched off until the municipality decides.
    ("open_inactive", 24, "anonymise", False),
]


def seed_default_rules(model: Any) -> int:
    """Create missing general rules; existing rows (and administrator edits) are left alone."""
    created = 0
    for condition, months, action, active in DEFAULTS:
        _rule, was_created = model.objects.get_or_create(
            record_type="signal",
            condition=condition,
            municipality=None,
            defaults={"period_months": months, "action": action, "is_active": active, "basis": BASIS},
        )
        created += int(was_created)
    return created
