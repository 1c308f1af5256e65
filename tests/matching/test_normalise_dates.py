"""Dates of birth: partial dates, Dutch formats, and day/month swap recognition."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.normalise import PartialDate, compare_dates, normalise_date, parse_date

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990", PartialDate(1990)),
        ("03-1990", PartialDate(1990, 3)),
        ("1990-03", PartialDate(1990, 3)),
        ("12-03-1990", PartialDate(1990, 3, 12)),
        ("1990-03-12", PartialDate(1990, 3, 12)),
        ("12/3/1990", PartialDate(1990, 3, 12)),
        ("12.03.1990", PartialDate(1990, 3, 12)),
        ("19900312", PartialDate(1990, 3, 12)),
        ("12031990", PartialDate(1990, 3, 12)),
        ("12 maart 1990", PartialDate(1990, 3, 12)),
        ("12 mrt 1990", PartialDate(1990, 3, 12)),
        ("maart 1990", PartialDate(1990, 3)),
        ("00-00-1990", PartialDate(1990)),
        ("00-03-1990", PartialDate(1990, 3)),
        ("19900000", PartialDate(1990)),
        ("1990-03-12T10:15:00", PartialDate(1990, 3, 12)),
        ("03/25/1990", PartialDate(1990, 3, 25)),  # month-first (US order) read as such
        ("12-03-90", PartialDate(1990, 3, 12)),
        ("12-03-05", PartialDate(2005, 3, 12)),
        ("29-02-2000", PartialDate(2000, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["", None, "31-02-1990", "29-02-1900", "13-13-1990", "1879", "2027", "12-03", "gisteren", "1990-03-12-01", "123"],
)
def test_parse_date_invalid(text: str | None) -> None:
    assert parse_date(text, today=TODAY) is None


_DIGITS_AND_SEPARATORS = st.text(alphabet="0123456789-/. ", max_size=14)


@given(st.one_of(st.from_regex(r"[0-9]{1,4}([-/. ][0-9]{1,4}){0,2}", fullmatch=True), _DIGITS_AND_SEPARATORS))
def test_numeric_dates_take_a_shortcut_to_what_the_general_path_finds(text: str) -> None:
    # Surrounding spaces send a text down the general path (normalise, fold, split), which
    # strips them; plain digits and separators take the shortcut. Both must agree.
    assert parse_date(text, today=TODAY) == parse_date(f" {text} ", today=TODAY)


def test_normalise_date_keys() -> None:
    assert normalise_date("12-03-1990", today=TODAY) == "1990-03-12"
    assert normalise_date("03-1990", today=TODAY) == "1990-03"
    assert normalise_date("1990", today=TODAY) == "1990"
    assert normalise_date("31-02-1990", today=TODAY) is None


def _d(text: str) -> PartialDate:
    parsed = parse_date(text, today=TODAY)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("12-03-1990", "1990-03-12", "exact"),
        ("12-03-1990", "03-12-1990", "swapped"),
        ("12-03-1990", "13-03-1990", "typo"),
        ("12-03-1990", "21-03-1990", "typo"),
        ("12-03-1990", "12-03-1909", "typo"),
        ("12-03-1990", "12-03-1991", "typo"),
        ("12-03-1990", "03-1990", "partial_month"),
        ("12-03-1990", "1990", "partial_year"),
        ("03-1990", "1990", "partial_year"),
        ("1990", "1990", "partial_year"),
        ("12-03-1990", "28-07-1990", "disagree"),
        ("12-03-1990", "12-03-1975", "generation"),
        ("12-03-1990", "12-03-1984", "disagree"),
        ("1990", "1970", "generation"),
        ("12-03-1990", "1991", "disagree"),
        ("12-03-1990", "04-1990", "disagree"),
        ("05-05-1990", "05-05-1991", "typo"),
    ],
)
def test_compare_dates(a: str, b: str, level: str) -> None:
    assert compare_dates(_d(a), _d(b)) == level
    assert compare_dates(_d(b), _d(a)) == level


def test_same_day_and_month_is_not_a_swap() -> None:
    assert compare_dates(_d("05-05-1990"), _d("05-05-1990")) == "exact"
