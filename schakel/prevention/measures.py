"""The plan targets measured from prevention activities, computed live or as of a past date.

Each measure counts activities of the calendar year up to ``as_of`` (year to date), so the same
function serves the live plan tracker and the quarterly snapshots, including backfill: activities
carry their own date, so "as of the end of Q2 2025" is a plain date filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy

from schakel.accounts.models import OrganisationType
from schakel.core.models import Municipality
from schakel.intake.models import ExploitationForm
from schakel.prevention.models import Activity, ActivityType, TargetGroup


@dataclass(frozen=True)
class Spec:
    code: str
    query: Any  # lazy text, named beside the figure
    select: Callable[[QuerySet[Activity]], QuerySet[Activity]]
    goal: int | None = None


def _has_group(queryset: QuerySet[Activity], *groups: str) -> QuerySet[Activity]:
    # target_groups is a JSON list; filtering it in Python keeps SQLite and PostgreSQL alike.
    ids = [pk for pk, value in queryset.values_list("pk", "target_groups") if set(value or []) & set(groups)]
    return queryset.filter(pk__in=ids)


def _has_topic(queryset: QuerySet[Activity], *topics: str) -> QuerySet[Activity]:
    ids = [pk for pk, value in queryset.values_list("pk", "topics") if set(value or []) & set(topics)]
    return queryset.filter(pk__in=ids)


MEETINGS = [ActivityType.TRAINING, ActivityType.AWARENESS, ActivityType.INFORMATION, ActivityType.NETWORK]

SPECS = [
    Spec(
        "V1",
        gettext_lazy(
            "Voorlichtingen door MEE voor professionals die met mensen met een LVB werken, dit jaar (doel ≥ 2)"
        ),
        lambda qs: _has_group(
            qs.filter(type=ActivityType.INFORMATION, organiser__type=OrganisationType.MEE),
            TargetGroup.LVB_PROFESSIONALS,
        ),
        goal=2,
    ),
    Spec(
        "V2",
        gettext_lazy("Weerbaarheidstrainingen voor mensen met een LVB, dit jaar"),
        lambda qs: _has_group(qs.filter(type=ActivityType.RESILIENCE), TargetGroup.PEOPLE_LVB),
    ),
    Spec(
        "V3",
        gettext_lazy("Voorlichtingsbijeenkomsten georganiseerd door Moviera, dit jaar"),
        lambda qs: qs.filter(type=ActivityType.INFORMATION, organiser__type=OrganisationType.CARE_COORDINATION),
    ),
    Spec(
        "V6",
        gettext_lazy(
            "Trainingen en bijeenkomsten over arbeids- of criminele uitbuiting, dit jaar (per onderwerp tussen haakjes)"
        ),
        lambda qs: _has_topic(qs.filter(type__in=MEETINGS), ExploitationForm.LABOUR, ExploitationForm.CRIMINAL),
    ),
    Spec(
        "S3",
        gettext_lazy("Bewustwordingsbijeenkomsten voor gemeentelijke medewerkers, dit jaar (doel ≥ 1)"),
        lambda qs: _has_group(
            qs.filter(type=ActivityType.AWARENESS), TargetGroup.CIVIL_AFFAIRS, TargetGroup.MUNICIPAL_STAFF
        ),
        goal=1,
    ),
    Spec(
        "S6",
        gettext_lazy("Netwerk- en expertbijeenkomsten, dit jaar"),
        lambda qs: qs.filter(type=ActivityType.NETWORK),
    ),
    Spec(
        "B1",
        gettext_lazy("Trainingen voor medewerkers Burgerzaken, dit jaar (doel ≥ 1)"),
        lambda qs: _has_group(qs.filter(type=ActivityType.TRAINING), TargetGroup.CIVIL_AFFAIRS),
        goal=1,
    ),
    Spec(
        "B2",
        gettext_lazy("Voorlichtingen en campagnes voor (arbeids)migranten, dit jaar"),
        lambda qs: _has_group(
            qs.filter(type__in=[ActivityType.INFORMATION, ActivityType.CAMPAIGN]), TargetGroup.LABOUR_MIGRANTS
        ),
    ),
]
SPEC_BY_CODE = {spec.code: spec for spec in SPECS}


def year_to_date(municipality: Municipality, as_of: date) -> QuerySet[Activity]:
    return Activity.objects.filter(municipality=municipality, date__year=as_of.year, date__lte=as_of)


def in_range(municipality: Municipality, start: date, end: date) -> QuerySet[Activity]:
    return Activity.objects.filter(municipality=municipality, date__gte=start, date__lte=end)


def measure(code: str, municipality: Municipality, as_of: date) -> tuple[str, int]:
    """The figure of one prevention target as of a date: (display text, number)."""
    spec = SPEC_BY_CODE[code]
    selected = spec.select(year_to_date(municipality, as_of))
    number = selected.count()
    text = str(number)
    if code == "V6":
        labour = _has_topic(selected, ExploitationForm.LABOUR).count()
        criminal = _has_topic(selected, ExploitationForm.CRIMINAL).count()
        text = f"{number} ({ExploitationForm.LABOUR.label}: {labour}, {ExploitationForm.CRIMINAL.label}: {criminal})"
    if spec.goal is not None:
        text += " ✓" if number >= spec.goal else ""
    return text, number


def count_between(code: str, municipality: Municipality, start: date, end: date) -> int:
    return SPEC_BY_CODE[code].select(in_range(municipality, start, end)).count()


def awareness_reach(municipality: Municipality, as_of: date) -> int:
    """Attendees of awareness meetings and trainings for municipal staff, this year (target S4)."""
    selected = _has_group(
        year_to_date(municipality, as_of).filter(type__in=[ActivityType.AWARENESS, ActivityType.TRAINING]),
        TargetGroup.CIVIL_AFFAIRS,
        TargetGroup.MUNICIPAL_STAFF,
    )
    return int(selected.aggregate(n=Sum("attendance__count"))["n"] or 0)
