"""Reads for linking: suggestions on a signal, an entity's page with hit/no-hit, its network,
and the patterns on the chain director's home."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import cluster
from matching.normalise import parse_address
from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.text import postcode_display
from schakel.entities.models import LinkSuggestion, PatternSettings, SuggestionStatus
from schakel.signals.models import EntityKind, Signal, SignalEntity, is_victim_detail
from schakel.signals.selectors import (
    entities_for,
    entities_of_signals,
    victim_details_visible,
    victim_shown,
    visible_signals,
)


@dataclass
class SuggestionRow:
    suggestion: LinkSuggestion
    own: SignalEntity
    other: SignalEntity
    contributions: list[dict[str, Any]]
    implied: bool = False  # other "same" judgements already make the two one identity


def grouped_by_own(rows: list[SuggestionRow]) -> list[tuple[SignalEntity, list[SuggestionRow]]]:
    """The rows per own person or thing, in the order of each one's first row."""
    grouped: dict[int, list[SuggestionRow]] = {}
    for row in rows:
        grouped.setdefault(row.own.pk, []).append(row)
    return [(group[0].own, group) for group in grouped.values()]


def _mark_implied(rows: list[SuggestionRow]) -> list[SuggestionRow]:
    """Mark the open suggestions whose two sides are already one identity through other "same"
    judgements (A = B and B = C, so A ~ C): one walk over the judgements for all rows."""
    open_rows = [row for row in rows if row.suggestion.status == SuggestionStatus.OPEN]
    if not open_rows:
        return rows
    links = _judged_links({row.own.pk for row in open_rows})
    if not any(status == SuggestionStatus.CONFIRMED for _a, _b, status in links):
        return rows
    clusters: dict[int, set[int]] = {}
    for row in open_rows:
        if row.own.pk not in clusters:
            clusters[row.own.pk] = _cluster_from(row.own.pk, set(), links)
        row.implied = row.other.pk in clusters[row.own.pk]
    return rows


def suggestions_for_signal(*, actor: User, signal: Signal) -> list[SuggestionRow]:
    """Suggestions for the chain director on one signal (both sides are in their municipality),
    in the order of the signal's own people and things; for each, open suggestions first, the
    strongest first, then the newest other signal."""
    if not actor.has_perm("accounts.view_all_signals"):
        return []
    ids = list(signal.entities.values_list("pk", flat=True))
    rows = LinkSuggestion.objects.filter(Q(entity_a_id__in=ids) | Q(entity_b_id__in=ids)).select_related(
        "entity_a__signal", "entity_b__signal"
    )
    result = []
    for suggestion in rows:
        own, other = (
            (suggestion.entity_a, suggestion.entity_b)
            if suggestion.entity_a_id in ids
            else (suggestion.entity_b, suggestion.entity_a)
        )
        if other.signal.municipality_id != signal.municipality_id:
            continue
        row = _shown_row(actor, suggestion, own, other)
        if row is not None:
            result.append(row)
    result.sort(key=lambda row: row.other.signal.received_at, reverse=True)
    result.sort(key=lambda row: (row.own.pk, row.suggestion.status != SuggestionStatus.OPEN, -row.suggestion.score))
    return _mark_implied(result)


def _shown_row(actor: User, suggestion: LinkSuggestion, own: SignalEntity, other: SignalEntity) -> SuggestionRow | None:
    """The suggestion as a row, or None where either side is a possible victim the actor may
    not see (ADR 0020)."""
    if not (victim_shown(actor=actor, mention=own) and victim_shown(actor=actor, mention=other)):
        return None
    return SuggestionRow(suggestion, own, other, _by_strength(suggestion.explanation.get("contributions", [])))


def _open_in_municipality(actor: User) -> QuerySet[LinkSuggestion]:
    """Open suggestions of the actor's municipality that wait for a person's judgement.

    Two mentions of the same number, plate, address, IBAN, e-mail, advert or KvK number are one
    thing by their value (ADR 0020); their suggestion is shown on the signal and entity pages
    (where a cloned plate can still be judged "not the same") but is not work to do.
    """
    municipality = actor.municipality
    same_value = Q(entity_a__match_key=F("entity_b__match_key")) & _identified_by_value_q("entity_a__match_key")
    return LinkSuggestion.objects.filter(
        status=SuggestionStatus.OPEN,
        entity_a__signal__municipality=municipality,
        entity_b__signal__municipality=municipality,
    ).exclude(same_value)


def open_suggestion_count(*, actor: User) -> int:
    """How many suggestions in the chain director's municipality wait for a judgement."""
    if not actor.has_perm("accounts.view_all_signals") or actor.municipality is None:
        return 0
    return _open_in_municipality(actor).count()


@dataclass
class OpenSuggestions:
    rows: list[SuggestionRow]
    total: int  # open suggestions of the kind asked, before need-to-know leaves some out
    more: bool  # a next page exists

    @property
    def groups(self) -> list[tuple[SignalEntity, list[SuggestionRow]]]:
        """The rows per person or thing of the newer signal, in the order of its strongest."""
        return grouped_by_own(self.rows)


def open_suggestions(*, actor: User, kind: str = "", page: int = 1, per_page: int = 50) -> OpenSuggestions:
    """The chain director's queue: open suggestions of their municipality, strongest first.

    ``own`` is the side in the newer signal (the one that brought the suggestion), ``other``
    the earlier one. A suggestion with a possible victim the actor may not see is left out, as
    on a signal page (ADR 0020). Audited as a list, with the ids shown.
    """
    if not actor.has_perm("accounts.view_all_signals") or actor.municipality is None:
        raise Http404
    found = _open_in_municipality(actor)
    if kind:
        found = found.filter(kind=kind)
    total = found.count()
    start = (max(page, 1) - 1) * per_page
    window = list(
        found.select_related("entity_a__signal", "entity_b__signal")
        .defer(*(f"entity_{side}__signal__{name}" for side in "ab" for name in _SECRET_TEXT))
        .order_by("-score", "-pk")[start : start + per_page + 1]
    )
    rows = []
    for suggestion in window[:per_page]:
        a, b = suggestion.entity_a, suggestion.entity_b
        own, other = (a, b) if a.signal.received_at >= b.signal.received_at else (b, a)
        row = _shown_row(actor, suggestion, own, other)
        if row is not None:
            rows.append(row)
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="entities.linksuggestion",
        purpose="mogelijke koppelingen beoordelen",
        detail={"kind": kind, "page": page, "suggestions": [row.suggestion.pk for row in rows]},
    )
    return OpenSuggestions(_mark_implied(rows), total, len(window) > per_page)


def _by_strength(contributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(contributions, key=lambda c: -abs(c.get("weight", 0)))


def _cluster_of(entity: SignalEntity) -> set[int]:
    """The entity's confirmed identity: "same" judgements, never across a "not the same" one."""
    return _cluster_from(entity.pk, set(), _judged_links({entity.pk}))


# A judged suggestion as (entity a, entity b, status): confirmed or rejected.
JudgedLink = tuple[int, int, str]


def _judged_links(start: set[int]) -> list[JudgedLink]:
    """Every judged link reachable from ``start`` over "same" judgements, one query per step."""
    links: list[JudgedLink] = []
    members, frontier = set(start), set(start)
    seen: set[int] = set()
    while frontier:
        reached: set[int] = set()
        for pk, a, b, status in (
            LinkSuggestion.objects.filter(Q(entity_a_id__in=frontier) | Q(entity_b_id__in=frontier))
            .exclude(status=SuggestionStatus.OPEN)
            .values_list("pk", "entity_a_id", "entity_b_id", "status")
        ):
            if pk in seen:
                continue
            seen.add(pk)
            links.append((a, b, status))
            if status == SuggestionStatus.CONFIRMED:
                reached.update({a, b} - members)
        members |= reached
        frontier = reached
    return links


def _cluster_from(pk: int, same: set[int], links: list[JudgedLink]) -> set[int]:
    """The identity of ``pk``: joined to ``same`` and over "same" judgements in ``links``,
    never across a "not the same" judgement (``links`` may reach further than needed)."""
    touching: dict[int, list[JudgedLink]] = defaultdict(list)
    for link in links:
        touching[link[0]].append(link)
        touching[link[1]].append(link)
    members = {pk, *same}
    frontier = deque(members)
    edges: list[tuple[str, str, float]] = [(str(pk), str(other), 1.0) for other in same]
    cannot: list[tuple[str, str]] = []
    used: set[JudgedLink] = set()
    while frontier:
        current = frontier.popleft()
        for link in touching[current]:
            if link in used:
                continue
            used.add(link)
            a, b, status = link
            if status == SuggestionStatus.REJECTED:
                cannot.append((str(a), str(b)))
                continue
            edges.append((str(a), str(b), 1.0))
            other = b if a == current else a
            if other not in members:
                members.add(other)
                frontier.append(other)
    clustering = cluster([str(m) for m in members], edges, cannot_link=cannot)
    return {int(m) for m in clustering.cluster_of(str(pk))}


# A signal's encrypted texts: the pages here never show them, so they are not read (and not
# decrypted row by row) where signals are loaded only for their reference, date or place.
_SECRET_TEXT = ("narrative", "outcome_note")
# What the network needs of a mention it shows as a possible link.
_MENTION_FIELDS = ("kind", "role", "display", "signal_id", "signal__reporter_organisation_id")

# Kinds whose normalised value identifies the thing itself: the same number, plate, IBAN,
# e-mail address, advert or address (postcode, number, letter, addition) is the same phone,
# car, account, mailbox, advert or dwelling, whoever reported it. A name is not: two people
# or companies can share one, so persons and organisations without a KvK number join only by
# a person's "same" judgement.
VALUE_KINDS = frozenset(
    {
        EntityKind.ADDRESS,
        EntityKind.VEHICLE,
        EntityKind.PHONE,
        EntityKind.EMAIL,
        EntityKind.ADVERT,
        EntityKind.BANK_ACCOUNT,
    }
)


KVK_KEY = "kvk:"  # an organisation with a KvK number is identified by it, one without by its name


def _identified_by_value(kind: str, key: str) -> bool:
    return bool(key) and (kind in VALUE_KINDS or (kind == EntityKind.ORGANISATION and key.startswith(KVK_KEY)))


def _identified_by_value_q(key_field: str) -> Q:
    """``_identified_by_value`` as a query on a row's ``kind`` and the match key in ``key_field``."""
    by_kvk = Q(kind=EntityKind.ORGANISATION, **{f"{key_field}__startswith": KVK_KEY})
    return ~Q(**{key_field: ""}) & (Q(kind__in=VALUE_KINDS) | by_kvk)


def _same_values(entities: list[SignalEntity], municipality_id: int) -> dict[int, set[int]]:
    """Per entity, the other mentions in the municipality with the same identifying value."""
    keyed = {(e.kind, e.match_key) for e in entities if _identified_by_value(e.kind, e.match_key)}
    same_value: dict[tuple[str, str], set[int]] = defaultdict(set)
    if keyed:
        condition = Q()
        for kind, key in keyed:
            condition |= Q(kind=kind, match_key=key)
        for pk, kind, key in SignalEntity.objects.filter(
            condition, signal__municipality_id=municipality_id
        ).values_list("pk", "kind", "match_key"):
            same_value[(kind, key)].add(pk)
    return {e.pk: same_value.get((e.kind, e.match_key), set()) - {e.pk} for e in entities}


def _identities(entities: list[SignalEntity], municipality_id: int) -> dict[int, set[int]]:
    """Every mention that is the same thing as each of ``entities``, in a few queries for all.

    Confirmed links, and for identifiers every mention of the same normalised value; a "not
    the same" judgement keeps two mentions apart even then.
    """
    same = _same_values(entities, municipality_id)
    links = _judged_links(set(same) | set().union(*same.values()))
    return {pk: _cluster_from(pk, others, links) for pk, others in same.items()}


class Relation:
    """How an appearance or a network node relates to the entity it was reached from."""

    START = "start"
    CONFIRMED = "confirmed"  # a person judged "same"
    SAME_VALUE = "same_value"  # the same number, plate, address … (see VALUE_KINDS)
    POSSIBLE = "possible"  # an open suggestion, not yet judged
    TOGETHER = "together"  # named in the same signal
    PLACE = "place"  # the address a signal is about (its location)


@dataclass
class Appearance:
    entity: SignalEntity | None  # None: the signal's own place (relation PLACE)
    signal: Signal | None  # None: not visible to the actor (hit/no-hit only)
    holder: str = ""
    relation: str = Relation.CONFIRMED
    suggestion: LinkSuggestion | None = None  # the open suggestion, for a possible link

    @property
    def contributions(self) -> list[dict[str, Any]]:
        """The open suggestion's explanation, strongest evidence first."""
        if self.suggestion is None:
            return []
        return _by_strength(self.suggestion.explanation.get("contributions", []))


@dataclass
class EntityPage:
    entity: SignalEntity
    appearances: list[Appearance] = field(default_factory=list)
    hidden_hits: list[str] = field(default_factory=list)
    can_decide: bool = False  # may judge the possible links shown
    cases: list[Any] = field(default_factory=list)
    premises: list[Any] = field(default_factory=list)
    inspections: list[Any] = field(default_factory=list)


def _records_beyond_signals(page: EntityPage, actor: User, entity: SignalEntity, members: set[int]) -> None:
    """Cases, premises and inspections the entity (or its confirmed cluster) appears in.

    Those the actor may see are listed; for the others only the holder is named (hit/no-hit).
    """
    from schakel.cases.models import Case
    from schakel.enforcement.models import Premises

    cluster = members | {entity.pk}
    in_case = Q(case_entities__entity_id__in=cluster) | Q(case_signals__signal__entities__pk__in=cluster)
    municipality = entity.signal.municipality
    _cases_of(page, actor, Case.objects.filter(in_case, municipality=municipality).distinct(), municipality.name)
    keys = set(SignalEntity.objects.filter(pk__in=cluster).exclude(match_key="").values_list("match_key", flat=True))
    if entity.kind == EntityKind.ADDRESS:
        where = Q(address_key__in=keys) | Q(housing_addresses__address_key__in=keys)
    elif entity.kind == EntityKind.ORGANISATION:
        where = Q(operator_key__in=keys)
    else:
        return
    if keys:
        _premises_of(page, actor, Premises.objects.filter(where, municipality=municipality), municipality.name)


def _cases_of(page: EntityPage | PlacePage, actor: User, all_cases: QuerySet[Any], municipality: str) -> None:
    """The cases among ``all_cases`` the actor may see; the others are a hit naming their holder."""
    from schakel.cases.selectors import visible_cases

    page.cases = list(visible_cases(actor=actor).filter(pk__in=all_cases.values("pk")).order_by("-created_at"))
    if all_cases.exclude(pk__in=[case.pk for case in page.cases]).exists():
        page.hidden_hits.append(_("Ketenregie %(municipality)s (casus)") % {"municipality": municipality})


def _premises_of(page: EntityPage | PlacePage, actor: User, all_premises: QuerySet[Any], municipality: str) -> None:
    """The premises among ``all_premises`` and their inspections the actor may see (hit/no-hit for the rest)."""
    from schakel.enforcement.models import Inspection
    from schakel.enforcement.selectors import visible_inspections, visible_premises

    all_premises = all_premises.distinct()
    page.premises = list(visible_premises(actor=actor).filter(pk__in=all_premises.values("pk")).order_by("name"))
    all_inspections = Inspection.objects.filter(premises__in=all_premises).distinct()
    page.inspections = list(
        visible_inspections(actor=actor).filter(pk__in=all_inspections.values("pk")).order_by("-date")
    )
    if (
        all_premises.exclude(pk__in=[p.pk for p in page.premises]).exists()
        or all_inspections.exclude(pk__in=[i.pk for i in page.inspections]).exists()
    ):
        page.hidden_hits.append(_("Handhaving %(municipality)s (pandenregister)") % {"municipality": municipality})


def _places(page: EntityPage, entity: SignalEntity, visible: QuerySet[Signal], listed: set[int]) -> None:
    """Signals about the address ``entity`` is (their location), as the hotspot pattern counts them."""
    if entity.kind != EntityKind.ADDRESS or not entity.match_key:
        return
    about = (
        Signal.objects.filter(municipality_id=entity.signal.municipality_id, address_key=entity.match_key)
        .exclude(pk__in=listed | {entity.signal_id})
        .select_related("reporter_organisation", "municipality")
        .defer(*_SECRET_TEXT)
    )
    shown = set(visible.filter(pk__in=about.values("pk")).values_list("pk", flat=True))
    for signal in about:
        if signal.pk in shown:
            page.appearances.append(Appearance(None, signal, relation=Relation.PLACE))
        else:
            page.hidden_hits.append(_holder(signal))


def _holder(signal: Signal) -> str:
    """Who holds a record the user may not see (hit/no-hit)."""
    if signal.reporter_organisation:
        return signal.reporter_organisation.name
    return f"Ketenregie {signal.municipality.name}"


def entity_get(*, actor: User, pk: int) -> EntityPage:
    """An entity (a mention in a signal the actor may see) and everywhere it appears.

    Where a match lies in a record the actor may not see, only the holder is named.
    """
    entity = SignalEntity.objects.select_related("signal").filter(pk=pk).first()
    visible = visible_signals(actor=actor)
    if entity is None or not visible.filter(pk=entity.signal_id).exists():
        raise Http404
    shown = next((e for e in entities_for(actor=actor, signal=entity.signal) if e.pk == entity.pk), None)
    if shown is None or shown.attributes.get("redacted"):
        raise Http404
    audit_record(actor=actor, action=AuditAction.READ, obj=entity, purpose="entiteit inzien")
    # One walk over the judgements serves both the confirmed identity and the one by value.
    same = _same_values([entity], entity.signal.municipality_id)[entity.pk]
    links = _judged_links({entity.pk, *same})
    confirmed = _cluster_from(entity.pk, set(), links)
    members = _cluster_from(entity.pk, same, links) | confirmed
    open_links = {
        s.other(entity.pk): s
        for s in LinkSuggestion.objects.filter(
            Q(entity_a_id=entity.pk) | Q(entity_b_id=entity.pk), status=SuggestionStatus.OPEN
        )
    }
    page = EntityPage(entity=shown, can_decide=actor.has_perm("accounts.view_all_signals"))
    mentioned = (members | set(open_links)) - {entity.pk}
    visible_ids = set(visible.filter(entities__pk__in=mentioned).values_list("pk", flat=True))
    for mention in (
        SignalEntity.objects.filter(pk__in=mentioned)
        .select_related("signal__reporter_organisation", "signal__municipality")
        .defer(*(f"signal__{name}" for name in _SECRET_TEXT))
    ):
        # A possible victim elsewhere is, for a user who may not see victims there, a hit.
        if mention.signal_id in visible_ids and victim_shown(actor=actor, mention=mention):
            if mention.pk in confirmed:
                relation, suggestion = Relation.CONFIRMED, None
            elif mention.pk in members:
                relation, suggestion = Relation.SAME_VALUE, None
            else:
                relation, suggestion = Relation.POSSIBLE, open_links[mention.pk]
            page.appearances.append(Appearance(mention, mention.signal, relation=relation, suggestion=suggestion))
        else:
            page.hidden_hits.append(_holder(mention.signal))
    _places(page, entity, visible, {a.signal.pk for a in page.appearances if a.signal is not None})
    page.appearances.sort(key=lambda a: a.signal.received_at if a.signal else timezone.now(), reverse=True)
    _records_beyond_signals(page, actor, entity, members)
    page.hidden_hits = sorted(set(page.hidden_hits))
    return page


# What an address key looks like ("6811AB:12A-3"); anything else names no place.
_PLACE_KEY = re.compile(r"^[0-9]{4}[A-Z]{2}:[0-9]{1,5}[A-Z0-9-]{0,12}$")


@dataclass
class PlaceSignal:
    signal: Signal
    located: bool  # the signal is about this place (its location); otherwise it mentions it
    source: str


@dataclass
class PlacePage:
    """An address as a place: the signals about it and the ones that mention it (ADR 0021)."""

    key: str
    label: str
    municipality_id: int
    signals: list[PlaceSignal] = field(default_factory=list)
    mentions: list[SignalEntity] = field(default_factory=list)  # address mentions, for their pages
    hidden_hits: list[str] = field(default_factory=list)
    cases: list[Any] = field(default_factory=list)
    premises: list[Any] = field(default_factory=list)
    inspections: list[Any] = field(default_factory=list)
    period_months: int = 0
    recent: int = 0  # signals in the patterns' period
    recent_sources: int = 0  # their distinct sources, as the hotspot pattern counts them
    can_register: bool = False  # the actor manages the premises register (may add this address)
    register_query: str = ""  # the address for the premises form ("Pand registreren"), as a query

    @property
    def sources(self) -> int:
        return _count_sources(item.signal for item in self.signals)


def _source_key(channel: str, organisation_id: int | None) -> str:
    """A signal's source as the hotspot pattern counts sources: its door and organisation."""
    return f"{channel}:{organisation_id or ''}"


def _count_sources(signals: Iterable[Signal]) -> int:
    return len({_source_key(signal.channel, signal.reporter_organisation_id) for signal in signals})


def _source(signal: Signal) -> str:
    if signal.reporter_organisation:
        return f"{signal.get_channel_display()}: {signal.reporter_organisation.name}"
    return str(signal.get_channel_display())


def place_get(*, actor: User, key: str) -> PlacePage:
    """A place (an address key) and every signal about it or mentioning it that the actor may see.

    The page exists for the actor only when they may see at least one such signal, so a key
    cannot be used to ask whether anything is known about an address. Signals at the place
    the actor may not see are named by their holder only (hit/no-hit), as on an entity page.
    """
    key = key.strip().upper()
    if not _PLACE_KEY.match(key):
        raise Http404
    at_place = Q(address_key=key) | Q(
        pk__in=SignalEntity.objects.filter(kind=EntityKind.ADDRESS, match_key=key).values("signal_id")
    )
    shown_ids = set(visible_signals(actor=actor).filter(at_place).values_list("pk", flat=True))
    if not shown_ids:
        raise Http404
    signals = list(
        Signal.objects.filter(at_place, pk__in=shown_ids)
        .select_related("reporter_organisation", "municipality")
        .defer(*_SECRET_TEXT)
        .order_by("-received_at", "-pk")
    )
    municipality_id = signals[0].municipality_id
    mentions = list(
        SignalEntity.objects.filter(kind=EntityKind.ADDRESS, match_key=key, signal_id__in=shown_ids)
        .select_related("signal")
        .defer(*(f"signal__{name}" for name in _SECRET_TEXT))
        .order_by("pk")
    )
    located = next((s for s in signals if s.address_key == key), None)
    label = located.address_display if located is not None else mentions[0].display
    page = PlacePage(key=key, label=label, municipality_id=municipality_id, mentions=mentions)
    page.register_query = _register_query(key, located, mentions)
    page.signals = [PlaceSignal(s, s.address_key == key, _source(s)) for s in signals]
    hidden = list(
        Signal.objects.filter(at_place, municipality_id=municipality_id)
        .exclude(pk__in=shown_ids)
        .select_related("reporter_organisation", "municipality")
        .defer(*_SECRET_TEXT)
    )
    page.hidden_hits = [_holder(signal) for signal in hidden]
    _place_records(page, actor, shown_ids | {signal.pk for signal in hidden})
    settings = PatternSettings.current()
    since = timezone.now() - timedelta(days=30 * settings.period_months)
    recent = [item for item in page.signals if item.signal.received_at >= since]
    page.period_months = settings.period_months
    page.recent = len(recent)
    page.recent_sources = _count_sources(item.signal for item in recent)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        object_type="entities.place",
        purpose="adres inzien",
        detail={"signals": sorted(shown_ids)},
    )
    return page


def _register_query(key: str, located: Signal | None, mentions: list[SignalEntity]) -> str:
    """The place's address as the premises form reads it from its query (``?straat=…``)."""
    postcode, number = key.split(":", 1)
    if located is not None:
        street, city, district = located.street, located.city, located.district_id
    else:
        parts = parse_address(mentions[0].display)
        street = parts.street.title() if parts and parts.street else ""
        city = parts.city.title() if parts and parts.city else ""
        district = None
    fields = {"straat": street, "huisnummer": number, "postcode": postcode, "plaats": city, "wijk": district or ""}
    return urlencode({name: value for name, value in fields.items() if value})


def _place_records(page: PlacePage, actor: User, signal_ids: set[int]) -> None:
    """Cases with the place's signals, and premises and inspections at the address; those the
    actor may not see are named by their holder only (hit/no-hit)."""
    from schakel.cases.models import Case
    from schakel.enforcement.models import Premises
    from schakel.enforcement.selectors import managed_municipality

    name = page.signals[0].signal.municipality.name
    page.can_register = managed_municipality(actor) is not None
    cases = Case.objects.filter(case_signals__signal_id__in=signal_ids, municipality_id=page.municipality_id)
    _cases_of(page, actor, cases.distinct(), name)
    # A premises is registered by postcode and number; a dwelling's letter or addition is part of it.
    postcode, number = page.key.split(":", 1)
    keys = {page.key, f"{postcode}:{re.sub(r'[^0-9].*$', '', number)}"}
    where = Q(address_key__in=keys) | Q(housing_addresses__address_key__in=keys)
    _premises_of(page, actor, Premises.objects.filter(where, municipality_id=page.municipality_id), name)
    page.hidden_hits = sorted(set(page.hidden_hits))


@dataclass
class Node:
    """A person or thing in a network: an entity with its identity, or a signal's location."""

    key: str  # unique in the network: "e<entity id>" or "loc:<address key>"
    kind: str
    label: str
    depth: int
    via: list[str] = field(default_factory=list)  # the signals it was reached through
    parent: str | None = None
    relation: str = Relation.TOGETHER
    entity_id: int | None = None  # the entity page to open; None for a place
    place: str = ""  # for a place: its address key, for the place page
    score: float | None = None  # for a possible link
    parent_label: str = ""

    @property
    def kind_label(self) -> str:
        return str(EntityKind(self.kind).label)

    @property
    def score_percent(self) -> int | None:
        return None if self.score is None else round(100 * self.score)


def _location_label(signal: Signal) -> str:
    return signal.address_display or signal.address_key


def network(*, actor: User, pk: int, depth: int = 2, limit: int = 60) -> list[Node]:
    """The neighbourhood of an entity, up to ``depth`` steps, within what the actor may see.

    A step goes from a person or thing to everything named in the signals it appears in,
    including the place the signal is about. A person or thing is its identity: the mentions
    judged "same" and, for identifiers and addresses, every mention of the same value
    (:data:`VALUE_KINDS`). Open suggestions ("possibly the same", not yet judged) are shown
    as their own nodes but not followed: a step never rests on an unjudged guess. Victims are
    redacted as elsewhere.
    """
    start = entity_get(actor=actor, pk=pk).entity
    municipality_id = start.signal.municipality_id
    root = Node(f"e{start.pk}", start.kind, start.display, 0, relation=Relation.START, entity_id=start.pk)
    identity = _identities([start], municipality_id)[start.pk]
    places = {start.match_key} if start.kind == EntityKind.ADDRESS and start.match_key else set()
    return _walk(actor, municipality_id, root, identity, places, depth, limit)


def place_network(*, actor: User, key: str, depth: int = 2, limit: int = 60) -> list[Node]:
    """:func:`network` from a place: the signals about an address and the ones that mention it."""
    page = place_get(actor=actor, key=key)
    root = Node(f"loc:{page.key}", EntityKind.ADDRESS, page.label, 0, relation=Relation.START, place=page.key)
    return _walk(actor, page.municipality_id, root, set(), {page.key}, depth, limit)


def _walk(
    actor: User, municipality_id: int, root: Node, identity: set[int], places: set[str], depth: int, limit: int
) -> list[Node]:
    """The network from ``root``: its mentions (``identity``) and address keys (``places``)."""
    depth = max(1, min(depth, 3))
    visible = set(visible_signals(actor=actor).values_list("pk", flat=True))
    nodes: dict[str, Node] = {root.key: root}
    claimed: set[int] = set(identity)  # entity ids that belong to a node already
    located: set[str] = set(places)  # address keys that are a node already
    walked: set[int] = set()  # signals whose people and things are in the network already

    def claim(entity: SignalEntity, identity: set[int]) -> tuple[set[int], set[str]]:
        """The identity of ``entity`` (entity ids) and its address keys, now taken."""
        claimed.update(identity)
        keys = {entity.match_key} if entity.kind == EntityKind.ADDRESS and entity.match_key else set()
        located.update(keys)
        return identity, keys

    extent: dict[str, tuple[set[int], set[str]]] = {root.key: (identity, places)}
    frontier = [root]
    for level in range(1, depth + 1):
        if len(nodes) >= limit:
            break
        _add_possible(actor, nodes, frontier, extent, visible, claimed, level, limit)
        # The signals of every node in the frontier, in a few queries for the whole step.
        owner_of = {pk: node.key for node in frontier for pk in extent[node.key][0]}
        signals_of: dict[str, set[int]] = defaultdict(set)
        for entity_id, signal_id in SignalEntity.objects.filter(pk__in=owner_of).values_list("pk", "signal_id"):
            signals_of[owner_of[entity_id]].add(signal_id)
        place_of = {key: node.key for node in frontier for key in extent[node.key][1]}
        if place_of:
            for signal_id, key in Signal.objects.filter(
                municipality_id=municipality_id, address_key__in=place_of
            ).values_list("pk", "address_key"):
                signals_of[place_of[key]].add(signal_id)
            # A place is also every mention of the same address (ADR 0020).
            for signal_id, key in SignalEntity.objects.filter(
                kind=EntityKind.ADDRESS, match_key__in=place_of, signal__municipality_id=municipality_id
            ).values_list("signal_id", "match_key"):
                signals_of[place_of[key]].add(signal_id)
        wanted = (set().union(*signals_of.values()) & visible) - walked
        fetched = {signal.pk: signal for signal in Signal.objects.filter(pk__in=wanted).defer(*_SECRET_TEXT)}
        # Everything the step's signals name, and the identities of what is not in the network
        # yet, in a few queries for the whole step (an identity does not depend on the walk).
        named = entities_of_signals(actor=actor, signals=fetched.values())
        unclaimed = [
            entity
            for entities in named.values()
            for entity in entities
            if entity.pk not in claimed and not entity.attributes.get("redacted")
        ]
        identities = _identities(unclaimed, municipality_id) if unclaimed else {}
        next_frontier: list[Node] = []
        for node in frontier:
            # A signal once walked has given all it names; reached again, it adds nothing.
            reached = sorted(
                (fetched[i] for i in signals_of[node.key] if i in fetched and i not in walked),
                key=lambda signal: (signal.received_at, signal.pk),
            )
            for signal in reached:
                if len(nodes) >= limit:
                    break
                walked.add(signal.pk)
                if signal.address_key and signal.address_key not in located:
                    located.add(signal.address_key)
                    place = Node(
                        f"loc:{signal.address_key}",
                        EntityKind.ADDRESS,
                        _location_label(signal),
                        level,
                        [signal.reference],
                        node.key,
                        place=signal.address_key,
                    )
                    nodes[place.key] = place
                    extent[place.key] = (set(), {signal.address_key})
                    next_frontier.append(place)
                for neighbour in named[signal.pk]:
                    if len(nodes) >= limit:
                        break
                    if neighbour.pk in claimed or neighbour.pk not in identities:  # found before, or redacted
                        continue
                    if neighbour.kind == EntityKind.ADDRESS and neighbour.match_key in located:
                        continue
                    found = Node(
                        f"e{neighbour.pk}",
                        neighbour.kind,
                        neighbour.display,
                        level,
                        [signal.reference],
                        node.key,
                        entity_id=neighbour.pk,
                    )
                    nodes[found.key] = found
                    extent[found.key] = claim(neighbour, identities[neighbour.pk])
                    next_frontier.append(found)
        frontier = next_frontier
    return list(nodes.values())


def _add_possible(
    actor: User,
    nodes: dict[str, Node],
    frontier: list[Node],
    extent: dict[str, tuple[set[int], set[str]]],
    visible: set[int],
    claimed: set[int],
    level: int,
    limit: int,
) -> None:
    """Open suggestions of the frontier's mentions, as nodes of their own (shown, not followed).

    One query for the whole frontier; each node's possible links follow it, best score first.
    """
    owner = {pk: index for index, node in enumerate(frontier) for pk in extent[node.key][0]}
    if not owner:
        return
    found: list[tuple[int, float, Node]] = []
    # Plain values, not model instances: building a suggestion with its two mentions and their
    # signals costs more than the query itself.
    for score, a, b, *sides in (
        LinkSuggestion.objects.filter(Q(entity_a_id__in=owner) | Q(entity_b_id__in=owner), status=SuggestionStatus.OPEN)
        .order_by("-score", "pk")
        .values_list(
            "score",
            "entity_a_id",
            "entity_b_id",
            *(f"entity_{side}__{name}" for side in "ab" for name in _MENTION_FIELDS),
        )
    ):
        if a in owner:
            index, other_id, other = owner[a], b, sides[len(_MENTION_FIELDS) :]
        else:
            index, other_id, other = owner[b], a, sides[: len(_MENTION_FIELDS)]
        kind, role, display, signal_id, reporter_organisation_id = other
        if other_id in claimed or signal_id not in visible:
            continue
        if is_victim_detail(kind, role) and not victim_details_visible(
            actor=actor, reporter_organisation_id=reporter_organisation_id
        ):
            continue
        claimed.add(other_id)
        parent = frontier[index]
        node = Node(
            f"e{other_id}",
            kind,
            display,
            level,
            [],
            parent.key,
            relation=Relation.POSSIBLE,
            entity_id=other_id,
            score=score,
            parent_label=parent.label,
        )
        found.append((index, -score, node))
    for _index, _score, node in sorted(found, key=lambda item: (item[0], item[1]))[: max(0, limit - len(nodes))]:
        nodes[node.key] = node


@dataclass
class Pattern:
    kind: str
    label: str
    count: int
    detail: str
    entity_id: int | None = None
    place: str = ""  # a hotspot's address key, for its place page


def patterns(*, actor: User) -> list[Pattern]:
    """Hotspots, recurring numbers and adverts, possible front persons, agencies housing at
    many addresses — in the actor's municipality, with the administrator's thresholds."""
    if not actor.has_perm("accounts.view_all_signals"):
        return []
    settings = PatternSettings.current()
    since = timezone.now() - timedelta(days=30 * settings.period_months)
    signals = visible_signals(actor=actor).filter(received_at__gte=since)
    sources: dict[int, str] = {
        pk: _source_key(channel, org)
        for pk, channel, org in signals.values_list("pk", "channel", "reporter_organisation_id")
    }
    found: list[Pattern] = []
    # Hotspot addresses: the signal's own location and addresses mentioned in it.
    at_address: dict[str, set[int]] = defaultdict(set)
    for pk, key in signals.exclude(address_key="").values_list("pk", "address_key"):
        at_address[key].add(pk)
    entities = SignalEntity.objects.filter(signal__in=signals.values("pk"))  # a subquery, however many signals
    for signal_id, key in (
        entities.filter(kind=EntityKind.ADDRESS).exclude(match_key="").values_list("signal_id", "match_key")
    ):
        at_address[key].add(signal_id)
    for key, ids in at_address.items():
        distinct_sources = {sources[i] for i in ids}
        if len(ids) >= settings.hotspot_min_signals and len(distinct_sources) >= settings.hotspot_min_sources:
            found.append(Pattern("hotspot", key, len(ids), f"{len(distinct_sources)}", place=key))
    # Phone numbers and adverts in several signals.
    recurring: dict[tuple[str, str], set[int]] = defaultdict(set)
    first_entity: dict[tuple[str, str], int] = {}
    for pk, signal_id, kind, key in (
        entities.filter(kind__in=[EntityKind.PHONE, EntityKind.ADVERT])
        .exclude(match_key="")
        .values_list("pk", "signal_id", "kind", "match_key")
    ):
        recurring[(kind, key)].add(signal_id)
        first_entity.setdefault((kind, key), pk)
    for (kind, key), ids in recurring.items():
        if len(ids) >= settings.recurring_min_signals:
            found.append(Pattern(kind, key, len(ids), "", first_entity[(kind, key)]))
    # Possible front persons and agencies housing workers: things that co-occur with them.
    per_signal: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for pk, signal_id, kind, key in entities.exclude(match_key="").values_list("pk", "signal_id", "kind", "match_key"):
        per_signal[signal_id].append((kind, key, pk))
    location = dict(signals.exclude(address_key="").values_list("pk", "address_key"))
    linked: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    anchor: dict[tuple[str, str], int] = {}
    for signal_id, items in per_signal.items():
        for kind, key, pk in items:
            if kind not in (EntityKind.PERSON, EntityKind.ORGANISATION):
                continue
            anchor.setdefault((kind, key), pk)
            for other_kind, other_key, _other in items:
                if other_kind in (EntityKind.VEHICLE, EntityKind.ORGANISATION, EntityKind.ADDRESS) and (
                    other_kind,
                    other_key,
                ) != (kind, key):
                    linked[(kind, key)].add((other_kind, other_key))
            if kind == EntityKind.ORGANISATION and signal_id in location:
                linked[(kind, key)].add((EntityKind.ADDRESS, location[signal_id]))
    for (kind, key), related in linked.items():
        if kind == EntityKind.PERSON and len(related) >= settings.front_person_min_items:
            found.append(Pattern("front_person", key, len(related), "", anchor[(kind, key)]))
        addresses = {k for k in related if k[0] == EntityKind.ADDRESS}
        if kind == EntityKind.ORGANISATION and len(addresses) >= settings.agency_min_addresses:
            found.append(Pattern("agency", key, len(addresses), "", anchor[(kind, key)]))
    order = {"hotspot": 0, "agency": 1, "front_person": 2, "phone": 3, "advert": 4}
    found = sorted(found, key=lambda p: (order.get(p.kind, 9), -p.count))[:30]
    # People read names and addresses, not match keys.
    anchors = {
        anchor.pk: anchor
        for anchor in SignalEntity.objects.filter(pk__in=[p.entity_id for p in found if p.entity_id])
        .select_related("signal")
        .defer(*(f"signal__{name}" for name in _SECRET_TEXT))
    }
    # A hotspot by its street as last reported there ("Klarendalseweg 101, 6822 GB").
    streets = dict(
        signals.filter(address_key__in=[p.place for p in found if p.kind == "hotspot"])
        .exclude(street="")
        .order_by("received_at", "pk")
        .values_list("address_key", "street")
    )
    for pattern in found:
        mention = anchors.get(pattern.entity_id) if pattern.entity_id else None
        if mention is not None and not victim_shown(actor=actor, mention=mention):
            # A possible victim used as a front person, for a user who may not see victims.
            pattern.label, pattern.entity_id = "[afgeschermd]", None
        elif mention is not None and pattern.kind in ("agency", "front_person"):
            pattern.label = mention.display
        elif pattern.kind == "hotspot":
            postcode, number = pattern.place.split(":", 1)
            street = streets.get(pattern.place)
            postcode = postcode_display(postcode)
            pattern.label = f"{street} {number}, {postcode}" if street else f"{postcode} {number}"
    return found
