"""Reads of signals: the only way views, API and exports get them (rule 1).

What a user may see:
- with ``accounts.view_all_signals`` (the chain director): every signal of their municipality;
- a municipal reporter: the signals they reported themselves;
- a partner's user: the signals their organisation submitted (door or API).
Everything else does not exist for them (404). Every read is audited.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import OrganisationType, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.signals.deadlines import subtract_working_days
from schakel.signals.models import (
    FORM_FIELDS,
    URGENCY_RANK,
    Channel,
    Signal,
    SignalEntity,
    SignalStatus,
    Urgency,
    parse_reference,
)

PAGE_SIZE = 50
COUNT_CAP = 10_000
_POSTCODE = re.compile(r"^\s*(\d{4})\s?([A-Za-z]{2})\s*$")


def visible_signals(*, actor: Any) -> QuerySet[Signal]:
    if not isinstance(actor, User) or not actor.is_authenticated:
        return Signal.objects.none()
    if actor.has_perm("accounts.view_all_signals"):
        municipality = actor.municipality
        return Signal.objects.filter(municipality=municipality) if municipality else Signal.objects.none()
    if actor.has_perm("accounts.report_signal") and actor.organisation is not None:
        if actor.organisation.type == OrganisationType.MUNICIPALITY_DEPARTMENT:
            return Signal.objects.filter(reporter=actor)
        return Signal.objects.filter(
            reporter_organisation=actor.organisation, channel__in=[Channel.PARTNER, Channel.API]
        )
    return Signal.objects.none()


@dataclass
class InboxPage:
    signals: list[Signal]
    total: int
    total_capped: bool
    next_cursor: str | None


def _encode_cursor(signal: Signal) -> str:
    raw = f"{signal.urgency_rank}|{signal.received_at.isoformat()}|{signal.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, datetime, int] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        rank, stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return int(rank), datetime.fromisoformat(stamp), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def _filtered(queryset: QuerySet[Signal], filters: dict[str, Any]) -> QuerySet[Signal]:
    if filters.get("channel"):
        queryset = queryset.filter(channel=filters["channel"])
    if filters.get("form") in FORM_FIELDS:
        queryset = queryset.filter(**{FORM_FIELDS[filters["form"]]: True})
    if filters.get("district"):
        queryset = queryset.filter(district=filters["district"])
    if filters.get("urgency") in Urgency.values:
        # The rank column leads the inbox index, so this filter stays an index range scan.
        queryset = queryset.filter(urgency_rank=URGENCY_RANK[Urgency(filters["urgency"])])
    if filters.get("status") == "with_partners":
        queryset = queryset.filter(status__in=[SignalStatus.SHARED, SignalStatus.AWAITING_FEEDBACK])
    elif filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    tz = timezone.get_current_timezone()
    if isinstance(filters.get("date_from"), date):
        queryset = queryset.filter(received_at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if isinstance(filters.get("date_to"), date):
        queryset = queryset.filter(received_at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=tz))
    punctuality = filters.get("punctuality")
    if punctuality in ("on_time", "overdue", "late", "very_late"):
        today = timezone.localdate()
        cutoff = subtract_working_days(today, 5)
        open_ = queryset.exclude(status=SignalStatus.CLOSED)
        if punctuality == "on_time":
            queryset = open_.filter(Q(deadline__gte=today) | Q(deadline__isnull=True))
        elif punctuality == "overdue":
            queryset = open_.filter(deadline__lt=today)
        elif punctuality == "late":
            queryset = open_.filter(deadline__lt=today, deadline__gte=cutoff)
        else:
            queryset = open_.filter(deadline__lt=cutoff)
    query = (filters.get("q") or "").strip()
    if query:
        reference = parse_reference(query)
        postcode = _POSTCODE.match(query)
        if reference:
            year, pk = reference
            queryset = queryset.filter(pk=pk, received_at__year=year)
        elif postcode:
            queryset = queryset.filter(postcode=(postcode.group(1) + postcode.group(2)).upper())
        else:
            # The narrative is encrypted at rest (ADR 0017) and cannot be searched in the
            # database: free text searches the unencrypted location and reference fields.
            queryset = queryset.filter(
                Q(street__icontains=query)
                | Q(city__icontains=query)
                | Q(location_description__icontains=query)
                | Q(partner_reference__icontains=query)
            )
    return queryset


def signal_inbox(*, actor: Any, filters: dict[str, Any], cursor: str | None = None) -> InboxPage:
    """One page of the inbox: most urgent first, then newest; keyset-paged so page N is as
    fast as page 1 with a million signals."""
    queryset = _filtered(visible_signals(actor=actor), filters)
    capped = queryset.order_by()[: COUNT_CAP + 1].count()
    ordered = queryset.select_related("district", "reporter_organisation").order_by(
        "urgency_rank", "-received_at", "-id"
    )
    position = _decode_cursor(cursor) if cursor else None
    if position is not None:
        rank, stamp, pk = position
        ordered = ordered.filter(
            Q(urgency_rank__gt=rank)
            | Q(urgency_rank=rank, received_at__lt=stamp)
            | Q(urgency_rank=rank, received_at=stamp, id__lt=pk)
        )
    rows = list(ordered[: PAGE_SIZE + 1])
    next_cursor = _encode_cursor(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else None
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="signals.signal",
        purpose="inbox signalen",
        detail={key: str(value) for key, value in filters.items() if value and key != "q"}
        | ({"search": True} if filters.get("q") else {}),
    )
    return InboxPage(rows[:PAGE_SIZE], min(capped, COUNT_CAP), capped > COUNT_CAP, next_cursor)


def signal_get(*, actor: Any, pk: int, purpose: str = "") -> Signal:
    try:
        signal = (
            visible_signals(actor=actor)
            .select_related("district", "reporter", "reporter_organisation", "catalogue", "municipality")
            .get(pk=pk)
        )
    except Signal.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=signal, purpose=purpose or "signaal inzien")
    return signal


def signal_get_by_uuid(*, actor: Any, uuid: Any, purpose: str = "") -> Signal:
    if isinstance(actor, User):
        queryset = visible_signals(actor=actor)
    else:
        # A partner system sees what its organisation submitted through the API.
        queryset = Signal.objects.filter(reporter_organisation=actor.organisation, channel=Channel.API)
    try:
        signal = queryset.get(uuid=uuid)
    except (Signal.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=signal, purpose=purpose or "signaal inzien (API)")
    return signal


def api_signal_list(*, actor: Any) -> QuerySet[Signal]:
    audit_record(actor=actor, action=AuditAction.LIST, object_type="signals.signal", purpose="signalen (API)")
    return (
        Signal.objects.filter(reporter_organisation=actor.organisation, channel=Channel.API)
        .prefetch_related("entities", "indicators")
        .order_by("-received_at", "-id")
    )


def victim_details_visible(*, actor: Any, reporter_organisation_id: int | None) -> bool:
    """Whether ``actor`` may see who the possible victims are in a signal reported by that organisation."""
    return isinstance(actor, User) and (
        actor.has_perm("accounts.view_victim_details")
        or (actor.organisation_id is not None and actor.organisation_id == reporter_organisation_id)
    )


def victim_shown(*, actor: Any, mention: SignalEntity) -> bool:
    """Whether a mention is no possible victim, or one the actor may see (``mention.signal`` loaded)."""
    return not mention.is_victim_detail or victim_details_visible(
        actor=actor, reporter_organisation_id=mention.signal.reporter_organisation_id
    )


def entities_for(*, actor: Any, signal: Signal) -> list[SignalEntity]:
    """The signal's people and things; identifying details of possible victims only for
    those allowed to see victims, or for the organisation that reported them."""
    return entities_of_signals(actor=actor, signals=[signal])[signal.pk]


def entities_of_signals(*, actor: Any, signals: Iterable[Signal]) -> dict[int, list[SignalEntity]]:
    """:func:`entities_for` of several signals in one query, per signal id."""
    reporters = {signal.pk: signal.reporter_organisation_id for signal in signals}
    found: dict[int, list[SignalEntity]] = {pk: [] for pk in reporters}
    for entity in SignalEntity.objects.filter(signal_id__in=reporters).order_by("signal_id", "kind", "pk"):
        found[entity.signal_id].append(entity)
    for pk, entities in found.items():
        if victim_details_visible(actor=actor, reporter_organisation_id=reporters[pk]):
            continue
        for entity in entities:
            if entity.is_victim_detail:
                entity.display = "[afgeschermd]"
                entity.attributes = {"sex": entity.attributes.get("sex"), "redacted": True}
    return found


@dataclass
class DirectorDashboard:
    new: int
    overdue: int
    awaiting_feedback: int
    received_90: int
    verified_90: int
    median_days_to_verification: float | None

    @property
    def share_verified_90(self) -> float | None:
        return self.verified_90 / self.received_90 if self.received_90 else None


def director_dashboard(*, actor: Any) -> DirectorDashboard:
    """The chain director's home figures for their municipality (R6/R7)."""
    import statistics
    from datetime import timedelta

    if not isinstance(actor, User) or not actor.has_perm("accounts.view_all_signals"):
        raise Http404
    signals = visible_signals(actor=actor)
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=90)
    recent = signals.filter(received_at__gte=since)
    durations = [
        (verified - received).total_seconds() / 86400
        for received, verified in recent.filter(verified_at__isnull=False).values_list("received_at", "verified_at")
        if verified is not None
    ]
    return DirectorDashboard(
        new=signals.filter(status=SignalStatus.RECEIVED).count(),
        overdue=signals.exclude(status=SignalStatus.CLOSED).filter(deadline__lt=today).count(),
        awaiting_feedback=signals.filter(status__in=[SignalStatus.SHARED, SignalStatus.AWAITING_FEEDBACK]).count(),
        received_90=recent.count(),
        verified_90=len(durations),
        median_days_to_verification=statistics.median(durations) if durations else None,
    )
