"""Matching every new signal's people and things against everything known, and the human
judgements on the suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from matching import Index
from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.entities.models import LinkSuggestion, SuggestionStatus
from schakel.signals.models import EntityKind, Signal, SignalEntity

# Our entity kinds → the engine's kinds (it calls a bank account an "account").
ENGINE_KIND = {
    EntityKind.PERSON: "person",
    EntityKind.ADDRESS: "address",
    EntityKind.ORGANISATION: "organisation",
    EntityKind.VEHICLE: "vehicle",
    EntityKind.PHONE: "phone",
    EntityKind.EMAIL: "email",
    EntityKind.ADVERT: "advert",
    EntityKind.BANK_ACCOUNT: "account",
}
THRESHOLD = 0.9
# A suggestion is for a person to judge, so names may be offered below the engine's automatic
# threshold: the same full name without a birth date scores about 0.5 in a small municipality.
SUGGEST_THRESHOLD = {EntityKind.PERSON: 0.45, EntityKind.ORGANISATION: 0.6}
MAX_SUGGESTIONS_PER_ENTITY = 20


def engine_fields(entity: SignalEntity) -> dict[str, Any]:
    """What the engine compares, from the normalised attributes stored at intake."""
    a = entity.attributes or {}
    kind = entity.kind
    if kind == EntityKind.PERSON:
        if not a.get("name"):
            return {}  # a description alone is no identity to match on
        birth = a.get("birth_date") or (str(a["birth_year"]) if a.get("birth_year") else None)
        return {"full_name": a["name"].replace("(synthetisch)", "").strip(), "date_of_birth": birth}
    if kind == EntityKind.ADDRESS:
        return {
            "street": a.get("street"),
            "house_number": a.get("house_number"),
            "postcode": a.get("postcode"),
            "city": a.get("city"),
        }
    if kind == EntityKind.ORGANISATION:
        return {
            "organisation_name": (a.get("name") or "").replace("(synthetisch)", "").strip(),
            "kvk": a.get("kvk") or None,
        }
    if kind == EntityKind.VEHICLE:
        return {"plate": a.get("plate")}
    if kind == EntityKind.PHONE:
        return {"phone": a.get("e164")}
    if kind == EntityKind.EMAIL:
        return {"email": a.get("email")}
    if kind == EntityKind.ADVERT:
        return {"url": a.get("url") or entity.match_key}
    if kind == EntityKind.BANK_ACCOUNT:
        return {"iban": a.get("iban")}
    return {}


# Term-frequency adjustment lowers the weight of common values. Right for names ("Jansen"),
# wrong for identifiers: a phone number, plate or address that keeps recurring across signals
# is exactly what the chain director needs to see, so identifiers get an index without it.
_TF_KINDS = {EntityKind.PERSON}


class Indexes:
    """One engine index for names (with term frequencies) and one for identifiers."""

    def __init__(self) -> None:
        self.names = Index(term_frequencies=True)
        self.identifiers = Index(term_frequencies=False)

    def for_kind(self, kind: str) -> Index:
        return self.names if kind in _TF_KINDS else self.identifiers

    def add(self, entity: SignalEntity) -> None:
        fields = {key: value for key, value in engine_fields(entity).items() if value}
        if fields:
            self.for_kind(entity.kind).add(str(entity.pk), ENGINE_KIND[EntityKind(entity.kind)], fields)


def _index(entities: Iterable[SignalEntity]) -> Indexes:
    indexes = Indexes()
    for entity in entities:
        indexes.add(entity)
    return indexes


def _rejected_pairs(ids: set[int]) -> set[tuple[int, int]]:
    rows = LinkSuggestion.objects.filter(status=SuggestionStatus.REJECTED).filter(
        entity_a_id__in=ids
    ) | LinkSuggestion.objects.filter(status=SuggestionStatus.REJECTED, entity_b_id__in=ids)
    return {(row.entity_a_id, row.entity_b_id) for row in rows}


def _store(pairs: Iterable[tuple[int, int, str, float, dict[str, Any]]]) -> int:
    """Create suggestions that do not exist yet; existing ones (any status) are left alone,
    so a rejected pair is never suggested again."""
    rows = []
    for a, b, kind, score, explanation in pairs:
        low, high = (a, b) if a < b else (b, a)
        rows.append(LinkSuggestion(entity_a_id=low, entity_b_id=high, kind=kind, score=score, explanation=explanation))
    created = LinkSuggestion.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def link_signal(signal_id: int) -> int:
    """Match one signal's entities against every other entity of its municipality.

    Runs after the signal is committed (a background task). Returns the number of pairs
    offered (existing suggestions are not duplicated).
    """
    signal = Signal.objects.filter(pk=signal_id).first()
    if signal is None:
        return 0
    own = list(signal.entities.all())
    if not own:
        return 0
    others = SignalEntity.objects.filter(
        signal__municipality_id=signal.municipality_id, kind__in={e.kind for e in own}
    ).exclude(signal_id=signal.pk)
    index = _index(others.only("pk", "kind", "attributes", "match_key", "signal_id"))
    rejected = _rejected_pairs({e.pk for e in own})
    found = []
    for entity in own:
        fields = {key: value for key, value in engine_fields(entity).items() if value}
        if not fields:
            continue
        engine = index.for_kind(entity.kind)
        threshold = SUGGEST_THRESHOLD.get(EntityKind(entity.kind), THRESHOLD)
        for match in engine.match(
            fields, kind=ENGINE_KIND[EntityKind(entity.kind)], threshold=threshold, limit=MAX_SUGGESTIONS_PER_ENTITY
        ):
            other = int(match.record_id)
            pair = (min(entity.pk, other), max(entity.pk, other))
            if pair not in rejected:
                found.append((entity.pk, other, entity.kind, match.score, match.explanation.to_dict()))
    return _store(found)


def link_municipality(municipality_id: int) -> int:
    """Re-link everything of a municipality at once (demo data, after a model change)."""
    entities = list(
        SignalEntity.objects.filter(signal__municipality_id=municipality_id).only(
            "pk", "kind", "attributes", "match_key", "signal_id"
        )
    )
    signal_of = {e.pk: e.signal_id for e in entities}
    kind_of = {e.pk: e.kind for e in entities}
    index = _index(entities)
    rejected = _rejected_pairs(set(signal_of))
    found = []
    lowest = min(THRESHOLD, *SUGGEST_THRESHOLD.values())
    for pair in [*index.names.pairs(threshold=lowest), *index.identifiers.pairs(threshold=lowest)]:
        a, b = int(pair.id_a), int(pair.id_b)
        if signal_of[a] == signal_of[b] or (min(a, b), max(a, b)) in rejected:
            continue
        if pair.score < SUGGEST_THRESHOLD.get(EntityKind(kind_of[a]), THRESHOLD):
            continue
        found.append((a, b, kind_of[a], pair.score, pair.explanation.to_dict()))
    return _store(found)


def suggestion_decide(*, actor: User, suggestion: LinkSuggestion, decision: str) -> LinkSuggestion:
    """Confirm ("same"), reject ("not the same") or reopen a suggestion. Audited, reversible."""
    if decision not in SuggestionStatus.values:
        raise ValueError(decision)
    municipality = actor.municipality
    if not actor.has_perm("accounts.view_all_signals") or municipality is None:
        raise PermissionDenied
    municipalities = set(
        SignalEntity.objects.filter(pk__in=[suggestion.entity_a_id, suggestion.entity_b_id]).values_list(
            "signal__municipality_id", flat=True
        )
    )
    if municipalities != {municipality.pk}:
        raise PermissionDenied
    with transaction.atomic():
        before = suggestion.status
        suggestion.status = decision
        suggestion.decided_by = actor if decision != SuggestionStatus.OPEN else None
        suggestion.decided_at = timezone.now() if decision != SuggestionStatus.OPEN else None
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=suggestion,
            purpose="koppeling beoordelen",
            detail={"from": before, "to": decision, "entities": [suggestion.entity_a_id, suggestion.entity_b_id]},
        )
    return suggestion
