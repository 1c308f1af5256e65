"""Reads of care records: the only way views and other apps get them (rule 1).

Need-to-know: care trajectories, victims and their identifying details exist only for users
with both ``accounts.manage_care`` and ``accounts.view_victim_details`` (the care coordinator
and the chain director), and only for the municipalities their organisation serves. For
everyone else they do not exist (404). The analyst gets ``care_counts``: aggregates only.
Every read of a trajectory or an identity is audited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.care.models import (
    CareTrajectory,
    ConsiderationHouseMonth,
    ReflectionPeriod,
    SupportPointMonth,
    TrajectoryStatus,
    VictimIdentity,
)
from schakel.core.models import Municipality
from schakel.intake.models import ExploitationForm


def may_manage_care(actor: Any) -> bool:
    return (
        isinstance(actor, User)
        and actor.is_authenticated
        and actor.is_active
        and actor.has_perm("accounts.manage_care")
        and actor.has_perm("accounts.view_victim_details")
        and actor.organisation_id is not None
    )


def care_municipalities(actor: Any) -> QuerySet[Municipality]:
    """The municipalities whose care records the actor works with: their organisation's area."""
    if not may_manage_care(actor):
        return Municipality.objects.none()
    return Municipality.objects.filter(organisations=actor.organisation).order_by("code")


def visible_trajectories(*, actor: Any) -> QuerySet[CareTrajectory]:
    if not may_manage_care(actor):
        return CareTrajectory.objects.none()
    return CareTrajectory.objects.filter(municipality__in=care_municipalities(actor))


def trajectory_list(*, actor: Any, status: str = "") -> list[CareTrajectory]:
    queryset = visible_trajectories(actor=actor).select_related("victim", "municipality", "reflection")
    if status in TrajectoryStatus.values:
        queryset = queryset.filter(status=status)
    elif status == "open":
        queryset = queryset.exclude(status=TrajectoryStatus.CLOSED)
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="care.caretrajectory",
        purpose="zorgtrajecten",
        detail={"status": status} if status else {},
    )
    return list(queryset[:500])


def trajectory_get(*, actor: Any, pk: int, purpose: str = "") -> CareTrajectory:
    try:
        trajectory = (
            visible_trajectories(actor=actor)
            .select_related("victim", "municipality", "referring_organisation", "signal")
            .get(pk=pk)
        )
    except CareTrajectory.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=trajectory, purpose=purpose or "zorgtraject inzien")
    return trajectory


def victim_identity_get(*, actor: Any, trajectory: CareTrajectory, purpose: str) -> VictimIdentity | None:
    """The identifying details of the trajectory's victim; the read is audited with its purpose."""
    if not may_manage_care(actor) or not visible_trajectories(actor=actor).filter(pk=trajectory.pk).exists():
        raise Http404
    identity = VictimIdentity.objects.filter(victim_id=trajectory.victim_id).first()
    if identity is not None:
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            obj=identity,
            purpose=purpose,
            detail={"victim": trajectory.victim.code},
        )
    return identity


def reflection_periods_ending(
    *, actor: Any, within_days: int = 14, today: date | None = None
) -> list[ReflectionPeriod]:
    """Open B8 periods (no decision yet) of open trajectories that end within ``within_days``."""
    today = today or timezone.localdate()
    return list(
        ReflectionPeriod.objects.filter(
            trajectory__in=visible_trajectories(actor=actor).exclude(status=TrajectoryStatus.CLOSED),
            decision="",
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=within_days),
        )
        .select_related("trajectory", "trajectory__victim")
        .order_by("ends_on", "pk")
    )


def shelter_warnings(*, actor: Any, today: date | None = None) -> list[Any]:
    """Current overweeghuis stays that run past the three-month maximum."""
    from schakel.care.models import ShelterKind, ShelterStay

    today = today or timezone.localdate()
    stays = ShelterStay.objects.filter(
        trajectory__in=visible_trajectories(actor=actor).exclude(status=TrajectoryStatus.CLOSED),
        kind=ShelterKind.CONSIDERATION_HOUSE,
        ends_on__isnull=True,
    ).select_related("trajectory", "trajectory__victim")
    return [stay for stay in stays if stay.exceeds_maximum(today)]


# --- aggregates ------------------------------------------------------------------------------


@dataclass
class CareCounts:
    """Counts of trajectories, never records. Each table is additive (one trajectory, one cell)."""

    municipality: Municipality
    by_status: dict[str, int]
    by_form: dict[str, int]
    by_month: dict[str, int]
    total: int


def _aggregate_municipality(actor: Any) -> Municipality:
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise Http404
    if actor.has_perm("accounts.view_aggregates") and actor.municipality is not None:
        return actor.municipality
    municipalities = list(care_municipalities(actor)[:1])
    if municipalities:
        return municipalities[0]
    raise Http404


def form_category(forms: list[str]) -> str:
    """One category per victim so the table adds up: several forms count as 'multiple'."""
    real = [form for form in forms if form != ExploitationForm.UNKNOWN]
    if len(real) > 1:
        return "multiple"
    return real[0] if real else ExploitationForm.UNKNOWN


def care_counts(*, actor: Any, period_from: date | None = None, period_to: date | None = None) -> CareCounts:
    """Trajectories referred in the period, by step, by form and by month of referral.

    For the analyst (``accounts.view_aggregates``) and for those who manage care. Aggregates
    only; callers that show them to the analyst suppress small numbers (monitoring.suppression).
    """
    municipality = _aggregate_municipality(actor)
    period_to = period_to or timezone.localdate()
    period_from = period_from or (period_to - timedelta(days=365))
    queryset = CareTrajectory.objects.filter(
        municipality=municipality, referred_on__gte=period_from, referred_on__lte=period_to
    )
    by_status = {row["status"]: row["n"] for row in queryset.values("status").annotate(n=Count("id")).order_by()}
    forms = Counter(form_category(list(forms or [])) for forms in queryset.values_list("victim__forms", flat=True))
    by_month = {
        f"{row['month']:%Y-%m}": row["n"]
        for row in queryset.annotate(month=TruncMonth("referred_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    }
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="care.caretrajectory",
        purpose="aantallen zorgtrajecten",
        detail={"from": str(period_from), "to": str(period_to), "aggregate": True},
    )
    return CareCounts(municipality, by_status, dict(forms), by_month, sum(by_status.values()))


def support_point_months(*, actor: Any) -> QuerySet[SupportPointMonth]:
    return SupportPointMonth.objects.filter(municipality__in=care_municipalities(actor)).select_related("municipality")


def consideration_house_months(*, actor: Any) -> QuerySet[ConsiderationHouseMonth]:
    return ConsiderationHouseMonth.objects.filter(municipality__in=care_municipalities(actor)).select_related(
        "municipality"
    )


def care_home_panel(*, actor: Any) -> dict[str, Any]:
    """What the home page shows those who manage care: B8 periods ending soon, long stays."""
    from schakel.care.rules import reminder_days

    if not may_manage_care(actor):
        return {}
    return {
        "care_ending": reflection_periods_ending(actor=actor, within_days=max(reminder_days(), default=14)),
        "care_shelter_warnings": shelter_warnings(actor=actor),
    }


def anonymous_month_counts(*, actor: Any, months: int = 12, today: date | None = None) -> dict[str, dict[str, int]]:
    """The last ``months`` months of the support point and the overweeghuis, per measure and
    month (``{"new_clients": {"2026-03": 4, ...}, ...}``), for the same readers as ``care_counts``."""
    from schakel.care.dates import add_months

    municipality = _aggregate_municipality(actor)
    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -(months - 1))
    keys = [f"{add_months(first, n):%Y-%m}" for n in range(months)]
    result: dict[str, dict[str, int]] = {}
    measures: list[tuple[Any, list[str]]] = [
        (SupportPointMonth, ["visits", "new_clients"]),
        (ConsiderationHouseMonth, ["stays_started", "exits"]),
    ]
    for model, names in measures:
        rows = model.objects.filter(municipality=municipality, month__gte=first).values("month", *names)
        for name in names:
            result[name] = dict.fromkeys(keys, 0)
        for row in rows:
            key = f"{row['month']:%Y-%m}"
            if key in keys:
                for name in names:
                    result[name][key] = row[name]
    return result
