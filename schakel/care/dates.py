"""Calendar arithmetic for the B8 reflection period and the overweeghuis maximum.

``add_months`` (``schakel.core.dates``) is the calendar rule: same day number, clamped to the
last day of a shorter month.
"""

from __future__ import annotations

from datetime import date

from schakel.core.dates import add_months

__all__ = ["CONSIDERATION_HOUSE_MONTHS", "REFLECTION_MONTHS", "add_months", "consideration_house_end", "reflection_end"]

#: The B8 reflection period lasts at most three calendar months (Vreemdelingencirculaire B8/3).
REFLECTION_MONTHS = 3
#: A stay in the overweeghuis lasts at most three months.
CONSIDERATION_HOUSE_MONTHS = 3


def reflection_end(start: date) -> date:
    """The last day of a B8 reflection period that started on ``start``."""
    return add_months(start, REFLECTION_MONTHS)


def consideration_house_end(start: date) -> date:
    """The last day a stay in the overweeghuis that started on ``start`` may run."""
    return add_months(start, CONSIDERATION_HOUSE_MONTHS)
