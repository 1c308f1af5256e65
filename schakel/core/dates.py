"""Calendar arithmetic shared by care (B8 periods), retention and anything else counting months."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months (negative: back); the day is clamped to the
    month's last day, as ``dateutil.relativedelta(months=n)`` does.

    30 November + 3 months is 28 February (29 in a leap year); 31 August + 3 months is
    30 November; 29 February + 3 months is 29 May.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
