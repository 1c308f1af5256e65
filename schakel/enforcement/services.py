"""Writes for premises, inspections and measures: check, validate, save and audit in one
transaction (rule 2). Signals from findings go through the signals write path."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import normalise as n
from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.models import Municipality
from schakel.enforcement.models import (
    HousingAddress,
    Inspection,
    InspectionIndicator,
    InspectionSignal,
    InspectionStatus,
    Measure,
    MeasureStatus,
    MeasureStatusChange,
    PersonCount,
    Premises,
)
from schakel.enforcement.selectors import can_manage
from schakel.enforcement.terms import measure_deadline
from schakel.signals import entities
from schakel.signals.models import Channel, Signal
from schakel.signals.services import Location, SignalInput, published_catalogue_with_codes, signal_submit


def _require(actor: Any, municipality: Municipality | None) -> User:
    if not isinstance(actor, User) or not can_manage(actor, municipality):
        raise PermissionDenied
    return actor


def operator_key(name: str, kvk: str) -> str:
    """The match key an organisation SignalEntity would get for this operator."""
    if not name.strip():
        return ""
    return entities.organisation(name, kvk=kvk).match_key


def _apply_address(obj: Premises | HousingAddress) -> None:
    obj.postcode = n.normalise_postcode(obj.postcode) or obj.postcode
    obj.address_key = n.address_key(obj.postcode, obj.house_number) or ""


def premises_save(*, actor: Any, premises: Premises) -> Premises:
    """Create or update a premises (the form validated the fields)."""
    actor = _require(actor, premises.municipality)
    creating = premises.pk is None
    _apply_address(premises)
    premises.operator_kvk = n.normalise_kvk(premises.operator_kvk) or "" if premises.operator_kvk else ""
    premises.operator_key = operator_key(premises.operator_name, premises.operator_kvk)
    with transaction.atomic():
        premises.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=premises,
            purpose="pandenregister",
            detail={"type": premises.type},
        )
    return premises


def housing_address_add(*, actor: Any, premises: Premises, address: HousingAddress) -> HousingAddress:
    actor = _require(actor, premises.municipality)
    address.premises = premises
    _apply_address(address)
    with transaction.atomic():
        address.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=address, purpose="huisvestingsadres uitzendbureau")
    return address


def inspection_save(
    *, actor: Any, inspection: Inspection, premises: list[Premises], partners: list[Organisation]
) -> Inspection:
    """Plan (or change the plan of) an inspection."""
    actor = _require(actor, inspection.municipality)
    if any(p.municipality_id != inspection.municipality_id for p in premises):
        raise PermissionDenied
    creating = inspection.pk is None
    with transaction.atomic():
        if creating:
            inspection.created_by = actor
        inspection.save()
        inspection.premises.set(premises)
        inspection.partners.set(partners)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=inspection,
            purpose="controle plannen",
            detail={"type": inspection.type, "premises": len(premises), "partners": len(partners)},
        )
    return inspection


@dataclass
class CountRow:
    sex: str
    age_band: str
    nationality: str
    count: int


@dataclass
class Findings:
    seen: list[str] = field(default_factory=list)
    not_seen: list[str] = field(default_factory=list)
    counts: list[CountRow] = field(default_factory=list)
    irregularities: str = ""
    done: bool = True


def inspection_record_findings(*, actor: Any, inspection: Inspection, findings: Findings) -> Inspection:
    """Store the checklist (seen / not seen per indicator code), the anonymous counts and the
    irregularities; replaces earlier findings of the same inspection."""
    actor = _require(actor, inspection.municipality)
    if inspection.date > timezone.localdate() and findings.done:
        raise ValidationError(_("Een controle in de toekomst kan nog niet uitgevoerd zijn."), code="future")
    catalogue, codes = published_catalogue_with_codes()
    overlap = set(findings.seen) & set(findings.not_seen)
    if overlap:
        raise ValidationError(_("Een indicator is gezien of niet gezien, niet allebei."), code="both")
    with transaction.atomic():
        inspection.checklist.all().delete()
        inspection.person_counts.all().delete()
        InspectionIndicator.objects.bulk_create(
            [
                InspectionIndicator(inspection=inspection, indicator_id=codes[c], seen=True)
                for c in findings.seen
                if c in codes
            ]
            + [
                InspectionIndicator(inspection=inspection, indicator_id=codes[c], seen=False)
                for c in findings.not_seen
                if c in codes
            ]
        )
        PersonCount.objects.bulk_create(
            [
                PersonCount(
                    inspection=inspection,
                    sex=row.sex,
                    age_band=row.age_band,
                    nationality=row.nationality,
                    count=row.count,
                )
                for row in findings.counts
                if row.count > 0
            ]
        )
        inspection.catalogue = catalogue
        inspection.checklist_filled = bool(findings.seen or findings.not_seen)
        inspection.irregularities = findings.irregularities
        inspection.findings_recorded_at = timezone.now()
        if findings.done:
            inspection.status = InspectionStatus.DONE
        inspection.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=inspection,
            purpose="bevindingen controle",
            detail={
                "seen": len(findings.seen),
                "not_seen": len(findings.not_seen),
                "people": sum(row.count for row in findings.counts),
            },
        )
    return inspection


def seen_indicator_codes(inspection: Inspection) -> list[str]:
    return list(
        inspection.checklist.filter(seen=True).order_by("indicator__code").values_list("indicator__code", flat=True)
    )


def inspection_create_signals(
    *,
    actor: Any,
    inspection: Inspection,
    premises: list[Premises],
    narrative: str,
    forms: list[str],
    urgency: str = "normal",
) -> list[Signal]:
    """One signal per chosen premises, through the signal write path, channel "inspection",
    with the indicators seen and the premises address as location. Repeating the action
    returns the signals made the first time (idempotent per inspection and premises)."""
    actor = _require(actor, inspection.municipality)
    if inspection.status != InspectionStatus.DONE:
        raise ValidationError(_("Leg eerst de bevindingen vast."), code="not_done")
    allowed = {p.pk for p in inspection.premises.all()}
    if not premises or any(p.pk not in allowed for p in premises):
        raise ValidationError(_("Kies een of meer panden van deze controle."), code="premises")
    codes = seen_indicator_codes(inspection)
    created: list[Signal] = []
    with transaction.atomic():
        for item in premises:
            found = [entities.address(item.address_display)] if item.address_key else []
            if item.operator_name:
                found.append(entities.organisation(item.operator_name, kvk=item.operator_kvk))
            data = SignalInput(
                narrative=narrative,
                forms=forms,
                municipality=inspection.municipality,
                observed_on=inspection.date,
                location=Location(
                    street=item.street,
                    house_number=_number(item.house_number),
                    house_letter=_letter(item.house_number),
                    house_number_addition=_addition(item.house_number),
                    postcode=item.postcode,
                    city=item.city,
                    district=item.district,
                    description=str(item),
                ),
                indicator_codes=codes,
                entities=found,
                urgency=urgency,
                source_reliability="reliable",
                information_reliability="confirmed",
                source_label=inspection.reference[:40],
                is_synthetic=inspection.is_synthetic,
            )
            result = signal_submit(
                actor=actor,
                channel=Channel.INSPECTION,
                data=data,
                organisation=actor.organisation,
                idempotency_key=f"inspection:{inspection.pk}:{item.pk}",
            )
            InspectionSignal.objects.get_or_create(
                signal=result.signal, defaults={"inspection": inspection, "premises": item}
            )
            created.append(result.signal)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=inspection,
            purpose="signalen uit bevindingen",
            detail={"signals": [s.pk for s in created]},
        )
    return created


def _parsed(value: str) -> Any:
    return n.parse_house_number(value)


def _number(value: str) -> int | None:
    parsed = _parsed(value)
    return parsed.number if parsed else None


def _letter(value: str) -> str:
    parsed = _parsed(value)
    return (parsed.letter or "") if parsed else ""


def _addition(value: str) -> str:
    parsed = _parsed(value)
    return (parsed.addition or "")[:4] if parsed else ""


def measure_create(*, actor: Any, measure: Measure, on_date: date | None = None, note: str = "") -> Measure:
    """Record a measure in its first step (the intention), with the view-heard deadline."""
    actor = _require(actor, measure.municipality)
    if measure.premises_id is None and not measure.organisation_name.strip():
        raise ValidationError(_("Kies een pand of vul een organisatie in."), code="subject")
    if measure.premises is not None and measure.premises.municipality_id != measure.municipality_id:
        raise PermissionDenied
    if measure.case_id is not None:
        from schakel.cases.selectors import visible_cases

        if not visible_cases(actor=actor).filter(pk=measure.case_id, municipality=measure.municipality).exists():
            raise PermissionDenied
    on_date = on_date or timezone.localdate()
    measure.status = MeasureStatus.INTENTION
    measure.status_entered_on = on_date
    measure.deadline = measure_deadline(MeasureStatus.INTENTION, on_date)
    measure.created_by = actor
    if measure.organisation_kvk:
        measure.organisation_kvk = n.normalise_kvk(measure.organisation_kvk) or ""
    with transaction.atomic():
        measure.save()
        MeasureStatusChange.objects.create(
            measure=measure,
            from_status="",
            to_status=MeasureStatus.INTENTION,
            on_date=on_date,
            deadline=measure.deadline,
            note=note,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=measure,
            purpose="bestuurlijke maatregel",
            detail={"type": measure.type},
        )
    return measure
