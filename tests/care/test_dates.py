"""Calendar arithmetic of the B8 period and the overweeghuis maximum, with frozen time."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from schakel.care.dates import add_months, consideration_house_end, reflection_end
from schakel.care.models import ReflectionPeriod, ShelterKind, ShelterStay
from schakel.care.rules import comensha_consent_required, reminder_days


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 11, 30), date(2026, 2, 28)),  # non-leap year: clamped to 28 February
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year: 29 February
        (date(2026, 8, 31), date(2026, 11, 30)),  # November has 30 days
        (date(2028, 2, 29), date(2028, 5, 29)),  # start on a leap day
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2026, 10, 31), date(2027, 1, 31)),  # across the year end
        (date(2026, 12, 31), date(2027, 3, 31)),
        (date(2099, 11, 30), date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2399, 11, 30), date(2400, 2, 29)),  # 2400 is
    ],
)
def test_reflection_period_ends_three_calendar_months_later(start: date, end: date) -> None:
    assert reflection_end(start) == end
    assert consideration_house_end(start) == end


def test_add_months_never_overshoots_a_month_and_keeps_the_day_when_it_can() -> None:
    day = date(2024, 1, 1)
    while day.year < 2029:
        result = add_months(day, 3)
        assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == 3
        # Same day number, or (when that day does not exist) the last day of the month.
        next_day = date.fromordinal(result.toordinal() + 1)
        assert result.day == day.day or (result.day < day.day and next_day.month != result.month)
        day = date.fromordinal(day.toordinal() + 1)


@time_machine.travel(date(2026, 2, 14), tick=False)
def test_days_left_and_reminder_days_in_frozen_time() -> None:
    period = ReflectionPeriod(starts_on=date(2025, 11, 30), ends_on=reflection_end(date(2025, 11, 30)))
    assert period.ends_on == date(2026, 2, 28)
    assert period.days_left() == 14
    assert reminder_days() == (14, 3)


def test_reminder_days_are_configurable(settings: object) -> None:
    settings.SCHAKEL_CARE_REMINDER_DAYS = [7, 21, 7]  # type: ignore[attr-defined]
    assert reminder_days() == (21, 7)


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_overweeghuis_three_month_maximum() -> None:
    stay = ShelterStay(kind=ShelterKind.CONSIDERATION_HOUSE, starts_on=date(2026, 2, 28))
    assert stay.maximum_end == date(2026, 5, 28)
    assert stay.exceeds_maximum()  # still running on 1 June
    stay.ends_on = date(2026, 5, 28)
    assert not stay.exceeds_maximum()  # ending on the last allowed day is fine
    stay.ends_on = date(2026, 5, 29)
    assert stay.exceeds_maximum()
    cosm = ShelterStay(kind=ShelterKind.COSM, starts_on=date(2025, 1, 1))
    assert cosm.maximum_end is None and not cosm.exceeds_maximum()


def test_comensha_consent_rule() -> None:
    assert not comensha_consent_required("police")
    assert not comensha_consent_required("kmar")
    assert not comensha_consent_required("labour_inspectorate")
    assert comensha_consent_required("care_coordination")
    assert comensha_consent_required("other")
