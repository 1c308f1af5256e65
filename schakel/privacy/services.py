"""Writes of the privacy officer: legal holds and data-subject requests (rule 2: check,
validate, save and audit in one transaction). Audit details carry ids and field names, never
the values searched for or changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.entities.models import LinkSuggestion, SuggestionStatus
from schakel.entities.services import ENGINE_KIND, Indexes, engine_fields
from schakel.privacy.access import privacy_officer
from schakel.privacy.adapters import ADAPTERS
from schakel.privacy.models import DataSubjectRequest, LegalHold, Tombstone
from schakel.signals import entities as entity_data
from schakel.signals.models import EntityKind, SignalEntity

# --- Legal holds ---------------------------------------------------------------------------


def legal_hold_place(*, actor: Any, record_type: str, reference: str, reason: str) -> LegalHold:
    user = privacy_officer(actor)
    assert user.municipality is not None
    adapter = ADAPTERS.get(record_type)
    if adapter is None:
        raise ValidationError(_("Onbekende soort gegeven."), code="record_type")
    if not reason.strip():
        raise ValidationError(_("Geef een reden voor de bewaarplicht."), code="reason_required")
    obj = adapter.find(municipality_id=user.municipality.pk, text=reference)
    if obj is None:
        raise ValidationError(_("Geen signaal met dit kenmerk gevonden in uw gemeente."), code="not_found")
    if Tombstone.objects.filter(record_type=record_type, object_id=obj.pk, action="delete").exists():
        raise ValidationError(_("Dit gegeven is al verwijderd."), code="deleted")
    with transaction.atomic():
        if LegalHold.objects.filter(record_type=record_type, object_id=obj.pk, lifted_at__isnull=True).exists():
            raise ValidationError(_("Op dit gegeven rust al een bewaarplicht."), code="exists")
        hold = LegalHold.objects.create(
            municipality=user.municipality,
            record_type=record_type,
            object_id=obj.pk,
            reason=reason.strip()[:300],
            placed_by=user,
        )
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=hold,
            purpose="bewaarplicht geplaatst",
            detail={"record_type": record_type, "object_id": obj.pk},
        )
    return hold


def legal_hold_lift(*, actor: Any, hold: LegalHold, reason: str) -> LegalHold:
    user = privacy_officer(actor)
    if hold.municipality_id != getattr(user.municipality, "pk", None) or hold.lifted_at is not None:
        raise ValidationError(_("Deze bewaarplicht kan niet worden opgeheven."), code="invalid")
    if not reason.strip():
        raise ValidationError(_("Geef een reden om de bewaarplicht op te heffen."), code="reason_required")
    with transaction.atomic():
        hold.lifted_at = timezone.now()
        hold.lifted_by = user
        hold.lift_reason = reason.strip()[:300]
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=hold,
            purpose="bewaarplicht opgeheven",
            detail={"record_type": hold.record_type, "object_id": hold.object_id},
        )
    return hold


# --- Data-subject requests -----------------------------------------------------------------


def dsr_create(*, actor: Any, reference: str, kind: str, reason: str) -> DataSubjectRequest:
    user = privacy_officer(actor)
    assert user.municipality is not None
    if not reference.strip() or not reason.strip():
        raise ValidationError(_("Een verzoek heeft een kenmerk en een reden."), code="required")
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            municipality=user.municipality,
            reference=reference.strip()[:60],
            kind=kind,
            reason=reason.strip()[:300],
            handled_by=user,
        )
        audit_record(actor=user, action=AuditAction.CREATE, obj=request, purpose="verzoek betrokkene geregistreerd")
    return request


@dataclass
class SearchTerms:
    name: str = ""
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""

    def used(self) -> list[str]:
        return [key for key, value in self.__dict__.items() if value]


@dataclass
class Hit:
    entity: SignalEntity
    score: float
    contributions: list[dict[str, Any]]
    searched: str  # which search term found it (a field name, no value)


SEARCH_LIMIT = 50
# A request must find everything held, and the officer judges each hit, so recall beats
# precision: without a birth date "Ana Kowalsky" scores about 0.2 against "Anna Kowalska".
SEARCH_THRESHOLD = {EntityKind.PERSON: 0.1}
DEFAULT_THRESHOLD = 0.5


def _queries(terms: SearchTerms) -> list[tuple[str, str, dict[str, Any]]]:
    """(search field, entity kind, engine fields) per filled-in term, through the intake normalisers."""
    queries: list[tuple[str, str, dict[str, Any]]] = []
    if terms.name:
        data = entity_data.person(role="unknown", name=terms.name, birth_date=terms.birth_date)
        probe = SignalEntity(kind=EntityKind.PERSON, attributes=data.attributes)
        queries.append(("name", EntityKind.PERSON, engine_fields(probe)))
    for field_name, kind, build in (
        ("phone", EntityKind.PHONE, entity_data.phone),
        ("email", EntityKind.EMAIL, entity_data.email),
        ("address", EntityKind.ADDRESS, entity_data.address),
    ):
        value = getattr(terms, field_name)
        if value:
            data = build(value)
            probe = SignalEntity(kind=kind, attributes=data.attributes, match_key=data.match_key)
            queries.append((field_name, kind, engine_fields(probe)))
    return queries


def dsr_search(*, actor: Any, request: DataSubjectRequest, terms: SearchTerms) -> list[Hit]:
    """Candidate records about one person in the officer's municipality, via the matching engine.

    Raises ValidationError (Dutch) for a term that cannot be normalised. Audited with the names
    of the fields used and the number of hits, not their values.
    """
    user = privacy_officer(actor)
    if request.municipality_id != getattr(user.municipality, "pk", None):
        raise ValidationError(_("Onbekend verzoek."), code="invalid")
    if not terms.used():
        raise ValidationError(_("Vul ten minste één zoekgegeven in."), code="required")
    queries = _queries(terms)
    kinds = {kind for _field, kind, _fields in queries}
    entities = SignalEntity.objects.filter(signal__municipality_id=request.municipality_id, kind__in=kinds).only(
        "pk", "kind", "attributes", "match_key", "signal_id"
    )
    indexes = Indexes()
    by_id = {}
    for entity in entities:
        indexes.add(entity)
        by_id[entity.pk] = entity
    best: dict[int, Hit] = {}
    for field_name, kind, fields in queries:
        present = {key: value for key, value in fields.items() if value}
        if not present:
            continue
        engine = indexes.for_kind(kind)
        threshold = SEARCH_THRESHOLD.get(EntityKind(kind), DEFAULT_THRESHOLD)
        for match in engine.match(present, kind=ENGINE_KIND[EntityKind(kind)], threshold=threshold, limit=SEARCH_LIMIT):
            pk = int(match.record_id)
            explanation = match.explanation.to_dict()
            contributions = sorted(explanation.get("contributions", []), key=lambda c: -abs(c.get("weight", 0)))
            if pk not in best or match.score > best[pk].score:
                best[pk] = Hit(by_id[pk], match.score, contributions, field_name)
    # The index was built from a slim query; the page needs the whole row and its signal.
    full = SignalEntity.objects.select_related("signal").in_bulk(list(best))
    for pk, hit in best.items():
        hit.entity = full[pk]
    hits = sorted(best.values(), key=lambda hit: (-hit.score, hit.entity.pk))
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        obj=request,
        purpose="verzoek betrokkene: zoeken",
        detail={"fields": terms.used(), "hits": len(hits)},
    )
    return hits


def _entity_in_request(user: User, request: DataSubjectRequest, entity: SignalEntity) -> None:
    if request.municipality_id != getattr(user.municipality, "pk", None):
        raise ValidationError(_("Onbekend verzoek."), code="invalid")
    if entity.signal.municipality_id != request.municipality_id:
        raise ValidationError(_("Onbekend gegeven."), code="invalid")


def _held(entity: SignalEntity) -> bool:
    return LegalHold.objects.filter(record_type="signal", object_id=entity.signal_id, lifted_at__isnull=True).exists()


def entity_values(entity: SignalEntity) -> list[str]:
    """The literal values of an entity as they may appear in free text (for scrubbing)."""
    a = entity.attributes or {}
    values = [entity.display, a.get("name"), a.get("e164"), a.get("email"), a.get("iban"), a.get("plate")]
    if a.get("e164", "").startswith("+31"):
        values.append("0" + a["e164"][3:])
    return [v for v in values if isinstance(v, str) and len(v.strip()) >= 3]


def scrub(text: str, values: list[str], replacement: str) -> tuple[str, int]:
    count = 0
    for value in sorted(set(values), key=len, reverse=True):
        text, found = re.subn(re.escape(value.strip()), replacement, text, flags=re.IGNORECASE)
        count += found
    return text, count


def _rebuilt(entity: SignalEntity, data: dict[str, Any]) -> entity_data.EntityData:
    if entity.kind == EntityKind.PERSON:
        a = entity.attributes or {}
        return entity_data.person(
            role=entity.role or "unknown",
            name=data.get("name", ""),
            description=a.get("description", ""),
            sex=a.get("sex") or "unknown",
            age=a.get("age"),
            birth_date=data.get("birth_date"),
            nationality=a.get("nationality", ""),
            languages=a.get("languages", ""),
        )
    return entity_data.from_kind(entity.kind, data.get("value", ""))


def rectify_entity(
    *, actor: Any, request: DataSubjectRequest, entity: SignalEntity, data: dict[str, Any]
) -> SignalEntity:
    """Correct what is recorded about the person (art. 16), normalised as at intake.

    Open link suggestions of the entity are dropped (they were scored on the old values);
    judged ones stay as the human decision they were.
    """
    user = privacy_officer(actor)
    _entity_in_request(user, request, entity)
    new = _rebuilt(entity, data)
    with transaction.atomic():
        locked = SignalEntity.objects.select_for_update().get(pk=entity.pk)
        changed = sorted(key for key in new.attributes if (locked.attributes or {}).get(key) != new.attributes[key])
        locked.attributes = new.attributes
        locked.display = new.display
        locked.match_key = new.match_key
        locked.save(update_fields=["attributes", "display", "match_key"])
        LinkSuggestion.objects.filter(status=SuggestionStatus.OPEN).filter(entity_a=locked).delete()
        LinkSuggestion.objects.filter(status=SuggestionStatus.OPEN).filter(entity_b=locked).delete()
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=locked,
            purpose="verzoek betrokkene: rectificatie",
            detail={"request": request.pk, "signal": locked.signal_id, "fields": changed},
        )
        signal_id = locked.signal_id
        transaction.on_commit(lambda: _relink(signal_id))
    return locked


def _relink(signal_id: int) -> None:
    from schakel.entities.tasks import link_signal_task

    link_signal_task(signal_id)


REDACTED = "[gewist]"


def erase_entity(*, actor: Any, request: DataSubjectRequest, entity: SignalEntity) -> int:
    """Erase the person or contact detail (art. 17): the entity row goes, and its literal values
    are replaced by "[gewist]" in the signal's free texts. Returns the number of replacements.

    Limits (see the ADR): spelling variants in free text and attachments are not found; a
    signal under a legal hold is refused.
    """
    user = privacy_officer(actor)
    _entity_in_request(user, request, entity)
    if _held(entity):
        raise ValidationError(_("Op dit signaal rust een bewaarplicht; wissen is niet mogelijk."), code="held")
    from schakel.signals.models import Signal

    values = entity_values(entity)
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=entity.signal_id)
        replaced = 0
        for field_name in ("narrative", "outcome_note", "meldcode_reason", "location_description"):
            text, found = scrub(getattr(signal, field_name), values, REDACTED)
            setattr(signal, field_name, text)
            replaced += found
        Signal.objects.filter(pk=signal.pk).update(
            narrative=signal.narrative,
            outcome_note=signal.outcome_note,
            meldcode_reason=signal.meldcode_reason,
            location_description=signal.location_description,
        )
        for message in signal.reporter_messages.all():
            text, found = scrub(message.text, values, REDACTED)
            if found:
                type(message).objects.filter(pk=message.pk).update(text=text)
                replaced += found
        for change in signal.status_changes.all():
            text, found = scrub(change.reason, values, REDACTED)
            if found:
                type(change).objects.filter(pk=change.pk).update(reason=text)
                replaced += found
        kind = entity.kind
        entity_pk = entity.pk
        SignalEntity.objects.filter(pk=entity_pk).delete()
        audit_record(
            actor=user,
            action=AuditAction.DELETE,
            object_type="signals.signalentity",
            object_id=entity_pk,
            purpose="verzoek betrokkene: wissen",
            detail={"request": request.pk, "signal": signal.pk, "kind": kind, "replacements": replaced},
        )
    return replaced
