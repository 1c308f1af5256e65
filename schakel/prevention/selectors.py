"""Reads for prevention work. Activities belong to a municipality; other municipalities' are a 404."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import LiaisonOfficer, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.models import Municipality
from schakel.prevention.models import Activity, ActivityType, Attendance, OfficerAttendance

#: An officer whose last training is older than this is due for training.
TRAINING_INTERVAL = timedelta(days=365)


def _require(actor: Any, perm: str = "prevention.view_activity") -> User:
    if not isinstance(actor, User) or not actor.has_perm(perm) or actor.municipality is None:
        raise Http404
    return actor


def activity_list(*, actor: Any, type: str = "", year: int | None = None) -> QuerySet[Activity]:
    user = _require(actor)
    queryset = (
        Activity.objects.filter(municipality=user.municipality)
        .select_related("organiser")
        .annotate(attendees=Sum("attendance__count"))
    )
    if type in ActivityType.values:
        queryset = queryset.filter(type=type)
    if year:
        queryset = queryset.filter(date__year=year)
    return queryset


def activity_get(*, actor: Any, pk: int) -> Activity:
    user = _require(actor)
    activity = (
        Activity.objects.filter(municipality=user.municipality, pk=pk)
        .select_related("organiser", "created_by")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("organisation")),
            Prefetch(
                "officers",
                queryset=OfficerAttendance.objects.select_related("officer__organisation")
                .annotate(last_training=Max("officer__trainings__date"))
                .order_by("officer__full_name"),
            ),
        )
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def audit_activity_read(*, actor: User, activity: Activity) -> None:
    """The detail names liaison officers (registry data), so the read is audited."""
    audit_record(actor=actor, action=AuditAction.READ, obj=activity, purpose="preventie")


def officers_of(municipality: Municipality) -> QuerySet[LiaisonOfficer]:
    """Active liaison officers working for the municipality, with their last training date."""
    return (
        LiaisonOfficer.objects.filter(is_active=True, organisation__municipalities=municipality)
        .distinct()
        .select_related("organisation")
        .annotate(last_training=Max("trainings__date"))
    )


def officer_choices(*, actor: Any) -> QuerySet[LiaisonOfficer]:
    user = _require(actor, "prevention.change_activity")
    assert user.municipality is not None
    return officers_of(user.municipality)


def officers_due_training(*, actor: Any, as_of: date | None = None) -> QuerySet[LiaisonOfficer]:
    """Active officers of the actor's municipality not trained in the last 12 months (or never).

    Needs the registry capability (names are registry data); the read is audited.
    """
    if not isinstance(actor, User) or not actor.has_perm("accounts.view_liaison_registry"):
        raise Http404
    if actor.municipality is None:
        return LiaisonOfficer.objects.none()
    as_of = as_of or timezone.localdate()
    queryset = (
        officers_of(actor.municipality)
        .filter(Q(last_training__isnull=True) | Q(last_training__lt=as_of - TRAINING_INTERVAL))
        .order_by(F("last_training").asc(nulls_first=True), "full_name")
    )
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="accounts.liaisonofficer",
        object_id="training-due",
        purpose="register aandachtsfunctionarissen",
    )
    return queryset


# --- counts for the dashboards and the plan tracker (no records leave this module) -------------
@dataclass(frozen=True)
class ActivityCounts:
    activities: dict[str, int]
    attendees: dict[str, int]


def activity_counts(
    *, municipality: Municipality, period_from: date, period_to: date, form: str = ""
) -> ActivityCounts:
    """Activities and attendees per activity type in a period; ``form`` keeps activities on that topic.

    Additive: each activity falls under one type, each attendee count under its activity's type.
    """
    rows = Activity.objects.filter(municipality=municipality, date__gte=period_from, date__lte=period_to).annotate(
        attendees=Sum("attendance__count")
    )
    activities: Counter[str] = Counter()
    attendees: Counter[str] = Counter()
    for type_, topics, n in rows.values_list("type", "topics", "attendees"):
        if form and form not in (topics or []):
            continue
        activities[type_] += 1
        attendees[type_] += n or 0
    return ActivityCounts(dict(activities), dict(attendees))
