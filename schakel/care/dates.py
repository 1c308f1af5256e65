"""Calendar arithmetic for the B8 reflection period and the overweeghuis maximum.

No dependency: ``add_months`` is the calendar rule (same day number, clamped to the last day
of a shorter month), as in ``dateutil.relativedelta(months=n)``.
"""

from __future__ import annotations

import calendar
from datetime import date

#: The B8 reflection period lasts at most three calendar months (Vreemdelingencirculaire B8/3).
REFLECTION_MONTHS = 3
#: A stay in the overweeghuis lasts at most three months.
CONSIDERATION_HOUSE_MONTHS = 3


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months; the day is clamped to the month's last day.

    30 November + 3 months is 28 February (29 in a leap year); 31 August + 3 months is
    30 November; 29 February + 3 months is 29 May.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def reflection_end(start: date) -> date:
    """The last day of a B8 reflection period that started on ``start``."""
    return add_months(start, REFLECTION_MONTHS)


def consideration_house_end(start: date) -> date:
    """The last day a stay in the overweeghuis that started on ``start`` may run."""
    return add_months(start, CONSIDERATION_HOUSE_MONTHS)
