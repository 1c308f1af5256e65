"""The default retention rules (DOMAIN.md), seeded by migration 0002 and re-applied on demand."""

from __future__ import annotations

from typing import Any

BASIS = "Standaard Schakel (DOMAIN.md); vaststellen per gemeente volgens Selectielijst gemeenten / WGS-besluit"
DEFAULTS = [
    # (record type, condition, months, action, active)
    ("signal", "unfounded", 12, "anonymise", True),
    ("signal", "insufficient_information", 12, "anonymise", True),
    ("signal", "duplicate", 12, "delete", True),
    ("signal", "handled", 60, "anonymise", True),
    # An open signal is unfinished work: switched off until the municipality decides.
    ("signal", "open_inactive", 24, "anonymise", False),
    # Cases: like signals, short when nothing was found, five years when something was done;
    # a merged case is an empty shell (its content moved to the other case).
    ("case", "no_trafficking", 24, "anonymise", True),
    ("case", "closed", 60, "anonymise", True),
    ("case", "merged", 12, "delete", True),
    # Care trajectories: no victim after all is short; otherwise five years after closing.
    ("care_trajectory", "not_victim", 12, "anonymise", True),
    ("care_trajectory", "closed", 60, "anonymise", True),
]


def seed_default_rules(model: Any) -> int:
    """Create missing general rules; existing rows (and administrator edits) are left alone."""
    created = 0
    for record_type, condition, months, action, active in DEFAULTS:
        _rule, was_created = model.objects.get_or_create(
            record_type=record_type,
            condition=condition,
            municipality=None,
            defaults={"period_months": months, "action": action, "is_active": active, "basis": BASIS},
        )
        created += int(was_created)
    return created
