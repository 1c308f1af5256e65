"""Reads for the privacy officer: requests, holds, tombstones, the person report and the access
review. Every function takes ``actor`` and keeps to the officer's municipality (rule 1)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import User
from schakel.accounts.roles import ROLE_LABELS
from schakel.audit.models import AuditAction, AuditEvent
from schakel.audit.services import audit_read, audit_record
from schakel.privacy.access import privacy_officer
from schakel.privacy.models import DataSubjectRequest, LegalHold, Tombstone
from schakel.privacy.services import entity_values, scrub
from schakel.signals.models import Signal, SignalEntity


def _municipality_id(actor: Any) -> int:
    user = privacy_officer(actor)
    assert user.municipality is not None
    return user.municipality.pk


def request_list(*, actor: Any) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(municipality_id=_municipality_id(actor)).select_related("handled_by")


def request_get(*, actor: Any, pk: int) -> DataSubjectRequest:
    request = request_list(actor=actor).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def request_entity(*, actor: Any, request: DataSubjectRequest, pk: int) -> SignalEntity:
    entity = (
        SignalEntity.objects.filter(pk=pk, signal__municipality_id=request.municipality_id)
        .select_related("signal")
        .first()
    )
    if entity is None or request.municipality_id != _municipality_id(actor):
        raise Http404
    return entity


def hold_list(*, actor: Any, active: bool = True) -> QuerySet[LegalHold]:
    queryset = LegalHold.objects.filter(municipality_id=_municipality_id(actor)).select_related(
        "placed_by", "lifted_by"
    )
    return queryset.filter(lifted_at__isnull=active)


def hold_get(*, actor: Any, pk: int) -> LegalHold:
    hold = hold_list(actor=actor).filter(pk=pk).first()
    if hold is None:
        raise Http404
    return hold


def hold_references(holds: list[LegalHold]) -> dict[int, str]:
    """Signal references for the held records (a reference carries no content)."""
    ids = [h.object_id for h in holds if h.record_type == "signal"]
    return {s.pk: s.reference for s in Signal.objects.filter(pk__in=ids).only("pk", "received_at")}


def tombstone_list(*, actor: Any) -> QuerySet[Tombstone]:
    return Tombstone.objects.filter(municipality_id=_municipality_id(actor))


# --- The person report (art. 15) -----------------------------------------------------------

THIRD_PARTY = "[derde]"


@dataclass
class ReportSignal:
    signal: Signal
    entities: list[SignalEntity]
    narrative: str
    masked: int
    shares: list[Any]


@dataclass
class PersonReport:
    request: DataSubjectRequest
    signals: list[ReportSignal]
    generated_at: Any

    @property
    def entity_count(self) -> int:
        return sum(len(s.entities) for s in self.signals)


def person_report(*, actor: Any, request: DataSubjectRequest, entity_ids: list[int], fmt: str) -> PersonReport:
    """Everything held about the selected entities, with third parties' values masked in the
    free text. Audited: the export on the request, and a read per signal."""
    user = privacy_officer(actor)
    if request.municipality_id != _municipality_id(user):
        raise Http404
    selected = list(
        SignalEntity.objects.filter(pk__in=entity_ids, signal__municipality_id=request.municipality_id)
        .select_related("signal")
        .order_by("signal__received_at", "pk")
    )
    by_signal: dict[int, list[SignalEntity]] = defaultdict(list)
    for entity in selected:
        by_signal[entity.signal_id].append(entity)
    signals = []
    for entities in by_signal.values():
        signal = entities[0].signal
        chosen = {e.pk for e in entities}
        others = [e for e in signal.entities.all() if e.pk not in chosen]
        third = [value for other in others for value in entity_values(other)]
        # A third party's value that is also the person's own (a shared address) stays.
        own = {value.lower() for entity in entities for value in entity_values(entity)}
        narrative, masked = scrub(signal.narrative, [v for v in third if v.lower() not in own], THIRD_PARTY)
        shares = list(signal.shares.select_related("partner", "legal_basis").order_by("shared_at"))
        signals.append(ReportSignal(signal, entities, narrative, masked, shares))
        audit_read(actor=user, obj=signal, purpose="verzoek betrokkene: inzage")
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=request,
        purpose="verzoek betrokkene: rapport",
        detail={"entities": sorted(e.pk for e in selected), "format": fmt},
    )
    return PersonReport(request=request, signals=signals, generated_at=timezone.now())


# --- Access review -------------------------------------------------------------------------

VIEW_ACTIONS = [AuditAction.READ, AuditAction.EXPORT]


@dataclass
class ReviewRow:
    actor_id: int
    label: str
    roles: list[str]
    reads: int
    records: int
    exports: int
    role_median: float
    flagged: bool = False
    reasons: list[str] = field(default_factory=list)


@dataclass
class AccessReview:
    period_from: date
    period_to: date
    multiple: float
    absolute: int
    rows: list[ReviewRow]

    @property
    def flagged(self) -> list[ReviewRow]:
        return [row for row in self.rows if row.flagged]


def access_review(
    *,
    actor: Any,
    period_from: date | None = None,
    period_to: date | None = None,
    multiple: float = 3.0,
    absolute: int = 500,
    min_reads: int = 10,
) -> AccessReview:
    """Records viewed per user of the municipality in the period, from the audit trail.

    A user is flagged when their reads exceed ``multiple`` × the median of the users with the
    same role (and at least ``min_reads``, so two reads against a median of one do not alarm),
    or exceed ``absolute``.
    """
    user = privacy_officer(actor)
    assert user.municipality is not None
    today = timezone.localdate()
    period_to = period_to or today
    period_from = period_from or (period_to - timedelta(days=30))
    events = AuditEvent.objects.filter(
        municipality_code=user.municipality.code,
        action__in=VIEW_ACTIONS,
        actor_id__isnull=False,
        occurred_at__date__gte=period_from,
        occurred_at__date__lte=period_to,
    )
    # The trail's default ordering would split the GROUP BY: clear it.
    grouped = events.order_by().values("actor_id")
    per_actor: dict[int, int] = {
        row["actor_id"]: row["n"] for row in grouped.annotate(n=Count("id")) if row["actor_id"] is not None
    }
    exports: dict[int, int] = {
        row["actor_id"]: row["n"]
        for row in grouped.filter(action=AuditAction.EXPORT).annotate(n=Count("id"))
        if row["actor_id"] is not None
    }
    distinct: Counter[int] = Counter()
    for actor_id, _type, _id in events.order_by().values_list("actor_id", "object_type", "object_id").distinct():
        if actor_id is not None:
            distinct[actor_id] += 1
    labels = dict(events.order_by().values_list("actor_id", "actor_label").distinct())
    users = {u.pk: u for u in User.objects.filter(pk__in=list(per_actor)).prefetch_related("groups")}
    rows: list[ReviewRow] = []
    for actor_id, reads in per_actor.items():
        account = users.get(actor_id)
        roles = sorted(g.name for g in account.groups.all()) if account else []
        rows.append(
            ReviewRow(
                actor_id=actor_id,
                label=labels.get(actor_id, str(actor_id)),
                roles=roles,
                reads=reads,
                records=distinct[actor_id],
                exports=exports.get(actor_id, 0),
                role_median=0,
            )
        )
    by_role: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_role[",".join(row.roles)].append(row.reads)
    for row in rows:
        peers = by_role[",".join(row.roles)]
        row.role_median = statistics.median(peers)
        if len(peers) > 1 and row.reads >= min_reads and row.reads > multiple * row.role_median:
            row.flagged = True
            row.reasons.append("multiple")
        if row.reads > absolute:
            row.flagged = True
            row.reasons.append("absolute")
    rows.sort(key=lambda r: (not r.flagged, -r.reads, r.label))
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="audit.auditevent",
        purpose="toegangsreview",
        detail={"from": period_from.isoformat(), "to": period_to.isoformat(), "users": len(rows)},
    )
    return AccessReview(period_from, period_to, multiple, absolute, rows)


def role_labels(codes: list[str]) -> str:
    return ", ".join(str(ROLE_LABELS.get(code, code)) for code in codes)
