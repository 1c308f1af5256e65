"""One adapter per record type: which records a condition covers, the date the retention
period counts from, and how to anonymise or delete one.

A record type that lands later (cases, care trajectories, inspections) is added by writing an
adapter here, registering it in ``ADAPTERS`` and adding ``RetentionRule`` rows in the admin.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schakel.core.dates import add_months
from schakel.signals.models import Outcome, Signal, SignalStatus, parse_reference

__all__ = ["ADAPTERS", "RecordRef", "RetentionAdapter", "add_months", "record_type_choices", "start_of_day"]


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass(frozen=True)
class RecordRef:
    """A record as the privacy pages show it: a reference and dates, never content."""

    record_type: str
    object_id: int
    reference: str
    municipality_id: int
    created_on: date | None
    closed_on: date | None
    anchor: date | None


class RetentionAdapter(Protocol):
    record_type: ClassVar[str]
    label: ClassVar[str | Promise]
    conditions: ClassVar[dict[str, str | Promise]]
    object_type: ClassVar[str]

    def candidates(self, condition: str) -> QuerySet[Any]:
        """Records meeting ``condition``, annotated with ``retention_anchor`` (a datetime)."""
        ...

    def ref(self, obj: Any) -> RecordRef: ...

    def uuid_hash(self, obj: Any) -> str: ...

    def find(self, *, municipality_id: int, text: str) -> Any | None: ...

    def anonymise(self, obj: Any) -> None: ...

    def delete(self, obj: Any) -> None: ...


HANDLED_OUTCOMES = [
    Outcome.SERIOUS_DISADVANTAGE,
    Outcome.TRAFFICKING_SUSPECTED,
    Outcome.REFERRED_VEILIG_THUIS,
    Outcome.HANDLED_BY_PARTNER,
]


class SignalAdapter:
    """Signals. A closed signal's period counts from ``closed_at``; an open signal's
    ("open but inactive") from the moment it entered its current status."""

    record_type: ClassVar[str] = "signal"
    label: ClassVar[str | Promise] = _("Signaal")
    object_type: ClassVar[str] = "signals.signal"
    conditions: ClassVar[dict[str, str | Promise]] = {
        "unfounded": _("Afgesloten als ongegrond"),
        "insufficient_information": _("Afgesloten: onvoldoende informatie"),
        "duplicate": _("Afgesloten als dubbele melding"),
        "handled": _("Afgehandeld (ernstige benadeling, casus, Veilig Thuis of ketenpartner)"),
        "open_inactive": _("Open maar zonder activiteit"),
    }

    def candidates(self, condition: str) -> QuerySet[Signal]:
        closed = Signal.objects.filter(status=SignalStatus.CLOSED)
        if condition == "open_inactive":
            return Signal.objects.exclude(status=SignalStatus.CLOSED).annotate(
                retention_anchor=Coalesce("status_entered_at", "received_at", output_field=models.DateTimeField())
            )
        queryset: QuerySet[Signal]
        if condition == "unfounded":
            queryset = closed.filter(outcome=Outcome.UNFOUNDED)
        elif condition == "insufficient_information":
            queryset = closed.filter(outcome=Outcome.INSUFFICIENT_INFORMATION)
        elif condition == "duplicate":
            queryset = closed.filter(outcome=Outcome.DUPLICATE)
        elif condition == "handled":
            queryset = closed.filter(outcome__in=HANDLED_OUTCOMES)
        else:
            return Signal.objects.none()
        # A closed signal without closed_at (imported history) counts from its status date.
        return queryset.annotate(
            retention_anchor=Coalesce(
                "closed_at", "status_entered_at", "received_at", output_field=models.DateTimeField()
            )
        )

    def ref(self, obj: Signal) -> RecordRef:
        anchor = getattr(obj, "retention_anchor", None) or obj.closed_at
        return RecordRef(
            record_type=self.record_type,
            object_id=obj.pk,
            reference=obj.reference,
            municipality_id=obj.municipality_id,
            created_on=timezone.localdate(obj.received_at),
            closed_on=timezone.localdate(obj.closed_at) if obj.closed_at else None,
            anchor=timezone.localdate(anchor) if anchor else None,
        )

    def uuid_hash(self, obj: Signal) -> str:
        return hashlib.sha256(str(obj.uuid).encode()).hexdigest()

    def find(self, *, municipality_id: int, text: str) -> Signal | None:
        parsed = parse_reference(text)
        if parsed is None:
            return None
        year, pk = parsed
        return Signal.objects.filter(municipality_id=municipality_id, pk=pk, received_at__year=year).first()

    def anonymise(self, obj: Signal) -> None:
        """Remove everything that can identify a person; keep what monitoring counts.

        Kept: channel, reporter organisation, municipality, district, city, forms,
        indicators, urgency, minor involved, reliabilities, status, outcome, dates, shares
        (partner, legal basis, parts, dates; not their purpose text) and the status history
        without its reasons.
        """
        for attachment in list(obj.attachments.all()):
            attachment.file.delete(save=False)
            attachment.delete()
        obj.entities.all().delete()
        obj.reporter_messages.all().delete()
        # The reasons are free text and may name people; the transitions themselves stay.
        obj.status_changes.all().update(reason="")
        from schakel.routing.models import Share, ShareMessage

        ShareMessage.objects.filter(share__signal=obj).update(text="", author_label="")
        # The purpose of a share is typed by the chain director and may name someone.
        Share.objects.filter(signal=obj).update(purpose="")
        Signal.objects.filter(pk=obj.pk).update(
            narrative="",
            location_description="",
            street="",
            house_number=None,
            house_letter="",
            house_number_addition="",
            postcode="",
            address_key="",
            partner_reference="",
            meldcode_answers={},
            meldcode_reason="",
            outcome_note="",
            receipt_id=None,
            receipt_hash="",
            idempotency_key=None,
            reporter=None,
            owner=None,
        )

    def delete(self, obj: Signal) -> None:
        for attachment in list(obj.attachments.all()):
            attachment.file.delete(save=False)
        obj.delete()


class CaseAdapter:
    """Cases (``schakel.cases``). A closed case's period counts from ``closed_at``."""

    record_type: ClassVar[str] = "case"
    label: ClassVar[str | Promise] = _("Casus")
    object_type: ClassVar[str] = "cases.case"
    conditions: ClassVar[dict[str, str | Promise]] = {
        "no_trafficking": _("Afgesloten: geen mensenhandel vastgesteld"),
        "closed": _("Afgesloten met een andere uitkomst (zorg, vervolging, maatregelen, overgedragen)"),
        "merged": _("Opgegaan in een andere casus"),
    }

    def candidates(self, condition: str) -> QuerySet[Any]:
        from schakel.cases.models import Case, CaseOutcome, CaseStatus

        closed = Case.objects.filter(status=CaseStatus.CLOSED)
        if condition == "no_trafficking":
            queryset = closed.filter(outcome=CaseOutcome.NO_TRAFFICKING)
        elif condition == "closed":
            queryset = closed.exclude(outcome__in=[CaseOutcome.NO_TRAFFICKING, CaseOutcome.MERGED])
        elif condition == "merged":
            queryset = closed.filter(outcome=CaseOutcome.MERGED)
        else:
            return Case.objects.none()
        return queryset.annotate(
            retention_anchor=Coalesce("closed_at", "created_at", output_field=models.DateTimeField())
        )

    def ref(self, obj: Any) -> RecordRef:
        anchor = getattr(obj, "retention_anchor", None) or obj.closed_at
        return RecordRef(
            record_type=self.record_type,
            object_id=obj.pk,
            reference=obj.code,
            municipality_id=obj.municipality_id,
            created_on=timezone.localdate(obj.created_at),
            closed_on=timezone.localdate(obj.closed_at) if obj.closed_at else None,
            anchor=timezone.localdate(anchor) if anchor else None,
        )

    def uuid_hash(self, obj: Any) -> str:
        return hashlib.sha256(f"case:{obj.municipality_id}:{obj.code}".encode()).hexdigest()

    def find(self, *, municipality_id: int, text: str) -> Any | None:
        from schakel.cases.models import Case

        return Case.objects.filter(municipality_id=municipality_id, code=text.strip().upper()).first()

    def anonymise(self, obj: Any) -> None:
        """Remove the free texts, documents and links to people; keep code, forms, partners,
        action types and statuses, outcome and dates (what monitoring counts)."""
        from schakel.cases.models import Action, AgendaItem, Case, CaseEntity, CaseEvent, CaseStatusChange

        for document in list(obj.documents.all()):
            document.file.delete(save=False)
            document.delete()
        CaseEntity.objects.filter(case=obj).delete()
        Action.objects.filter(case=obj).update(description="", outcome="")
        AgendaItem.objects.filter(case=obj).update(summary="", discussion="", decisions="")
        # History and timeline are append-only for users; retention empties their texts.
        CaseStatusChange.objects.filter(case=obj).update(reason="")
        CaseEvent.objects.filter(case=obj).update(text="")
        Case.objects.filter(pk=obj.pk).update(title=obj.code, outcome_note="", owner=None)

    def delete(self, obj: Any) -> None:
        for document in list(obj.documents.all()):
            document.file.delete(save=False)
        obj.delete()


class CareTrajectoryAdapter:
    """Care trajectories (``schakel.care``). A closed trajectory's period counts from its
    closing day (``closed_on``). Anonymising removes the victim's identifying details (unless
    the same person has another trajectory still within its period) and the free texts; the
    pseudonymised record (code, birth year, sex, nationality, forms) and the steps and dates
    stay, so the care figures do not change."""

    record_type: ClassVar[str] = "care_trajectory"
    label: ClassVar[str | Promise] = _("Zorgtraject")
    object_type: ClassVar[str] = "care.caretrajectory"
    conditions: ClassVar[dict[str, str | Promise]] = {
        "not_victim": _("Afgesloten: geen slachtoffer gebleken"),
        "closed": _("Afgesloten met een andere uitkomst"),
    }

    def candidates(self, condition: str) -> QuerySet[Any]:
        from schakel.care.models import CareTrajectory, TrajectoryOutcome, TrajectoryStatus

        closed = CareTrajectory.objects.filter(status=TrajectoryStatus.CLOSED, closed_on__isnull=False)
        if condition == "not_victim":
            queryset = closed.filter(outcome=TrajectoryOutcome.NOT_VICTIM)
        elif condition == "closed":
            queryset = closed.exclude(outcome=TrajectoryOutcome.NOT_VICTIM)
        else:
            return CareTrajectory.objects.none()
        return queryset.annotate(retention_anchor=models.F("closed_on"))

    def ref(self, obj: Any) -> RecordRef:
        return RecordRef(
            record_type=self.record_type,
            object_id=obj.pk,
            reference=obj.victim.code,
            municipality_id=obj.municipality_id,
            created_on=obj.referred_on,
            closed_on=obj.closed_on,
            anchor=obj.closed_on,
        )

    def uuid_hash(self, obj: Any) -> str:
        return hashlib.sha256(f"care:{obj.municipality_id}:{obj.pk}:{obj.victim_id}".encode()).hexdigest()

    def find(self, *, municipality_id: int, text: str) -> Any | None:
        from schakel.care.models import CareTrajectory

        return (
            CareTrajectory.objects.filter(municipality_id=municipality_id, victim__code=text.strip().upper())
            .order_by("-referred_on")
            .first()
        )

    def _identity_still_needed(self, obj: Any) -> bool:
        from schakel.care.models import TrajectoryStatus

        return obj.victim.trajectories.exclude(pk=obj.pk).exclude(status=TrajectoryStatus.CLOSED).exists()

    def anonymise(self, obj: Any) -> None:
        from schakel.care.models import CareTrajectory, TrajectoryEvent, VictimIdentity

        if not self._identity_still_needed(obj):
            VictimIdentity.objects.filter(victim_id=obj.victim_id).delete()
        TrajectoryEvent.objects.filter(trajectory=obj).update(note="")
        CareTrajectory.objects.filter(pk=obj.pk).update(non_punishment_note="", outcome_note="")

    def delete(self, obj: Any) -> None:
        victim = obj.victim
        obj.delete()
        if not victim.trajectories.exists():
            victim.delete()


ADAPTERS: dict[str, RetentionAdapter] = {
    SignalAdapter.record_type: SignalAdapter(),
    CaseAdapter.record_type: CaseAdapter(),
    CareTrajectoryAdapter.record_type: CareTrajectoryAdapter(),
}


def record_type_choices() -> list[tuple[str, str]]:
    return [(code, str(adapter.label)) for code, adapter in ADAPTERS.items()]
