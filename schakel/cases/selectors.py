"""Reads of cases and meetings: the only way views and exports get them (rule 1).

Who sees what:
- with ``accounts.manage_cases`` (the chain director): every case and meeting of their
  municipality, with everything in it;
- a user of a partner role (partner user, care coordinator, inspector: ``takes_part``)
  whose organisation takes part in a case: that case's partner-facing fields only
  (code, title, status, forms, partners), their own organisation's actions, documents
  marked for the partners, and the agenda items of that case. Never the signals, the
  people in them or the timeline;
- everyone else: the case does not exist (404). Every read is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.cases.models import (
    OPEN_ACTION_STATUSES,
    Action,
    AgendaItem,
    Case,
    CaseDocument,
    CaseStatus,
    Meeting,
)
from schakel.entities.models import LinkSuggestion, SuggestionStatus
from schakel.signals.models import Signal, SignalEntity


def is_manager(actor: Any) -> bool:
    return (
        isinstance(actor, User)
        and actor.is_authenticated
        and actor.has_perm("accounts.manage_cases")
        and actor.municipality is not None
    )


# Roles that act for their organisation in cases. Analysts (aggregates only), functional
# administrators, auditors and internal liaison officers never see cases, even when their
# department takes part in one.
PARTNER_PERMISSIONS = ("accounts.receive_shares", "accounts.manage_inspections")


def takes_part(actor: Any) -> bool:
    """May this user see the cases their organisation takes part in (partner-facing part)?"""
    return (
        isinstance(actor, User)
        and actor.is_authenticated
        and actor.organisation_id is not None
        and any(actor.has_perm(perm) for perm in PARTNER_PERMISSIONS)
    )


def sees_cases(actor: Any) -> bool:
    return is_manager(actor) or takes_part(actor)


def visible_cases(*, actor: Any) -> QuerySet[Case]:
    if not isinstance(actor, User) or not actor.is_authenticated:
        return Case.objects.none()
    if is_manager(actor):
        return Case.objects.filter(municipality=actor.municipality)
    if takes_part(actor):
        return Case.objects.filter(participants__organisation_id=actor.organisation_id or 0).distinct()
    return Case.objects.none()


def case_list(*, actor: Any, status: str = "") -> QuerySet[Case]:
    cases = visible_cases(actor=actor).select_related("owner")
    if status == "open":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    audit_record(actor=actor, action=AuditAction.LIST, object_type="cases.case", purpose="casussen")
    return cases


def case_get(*, actor: Any, pk: int, purpose: str = "") -> Case:
    try:
        case = visible_cases(actor=actor).select_related("owner", "municipality").get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=case, purpose=purpose or "casus inzien")
    return case


def case_signals(*, actor: Any, case: Case) -> list[Signal]:
    """The case's signals: for the chain director only."""
    if not is_manager(actor) or case.municipality_id != actor.municipality.pk:
        return []
    return list(
        Signal.objects.filter(case_links__case=case, municipality_id=case.municipality_id).order_by("received_at")
    )


def case_entities(*, actor: Any, case: Case) -> list[SignalEntity]:
    if not is_manager(actor) or case.municipality_id != actor.municipality.pk:
        return []
    from schakel.signals.selectors import entities_of_signals

    entities = list(SignalEntity.objects.filter(case_links__case=case).select_related("signal").order_by("kind"))
    # The same redaction as on a signal page (victim details only with that capability).
    by_signal: dict[int, Signal] = {e.signal_id: e.signal for e in entities}
    named = entities_of_signals(actor=actor, signals=by_signal.values())
    allowed = {e.pk: e for found in named.values() for e in found}
    return [allowed.get(e.pk, e) for e in entities]


def case_actions(*, actor: Any, case: Case) -> QuerySet[Action]:
    actions = Action.objects.filter(case=case).select_related("organisation", "owner", "agenda_item__meeting")
    if is_manager(actor) and case.municipality_id == actor.municipality.pk:
        return actions
    if takes_part(actor):
        return actions.filter(organisation_id=actor.organisation_id)
    return Action.objects.none()


def action_get(*, actor: Any, case: Case, pk: int) -> Action:
    try:
        action = case_actions(actor=actor, case=case).get(pk=pk)
    except Action.DoesNotExist as exc:
        raise Http404 from exc
    return action


def case_documents(*, actor: Any, case: Case) -> QuerySet[CaseDocument]:
    documents = CaseDocument.objects.filter(case=case)
    if is_manager(actor) and case.municipality_id == actor.municipality.pk:
        return documents
    return documents.filter(shared_with_participants=True)


def document_get(*, actor: Any, case: Case, pk: int) -> CaseDocument:
    try:
        document = case_documents(actor=actor, case=case).get(pk=pk)
    except CaseDocument.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=document, purpose="document casus openen")
    return document


@dataclass
class SignalSuggestion:
    signal: Signal
    reasons: list[str]


def case_link_suggestions(*, actor: Any, case: Case) -> list[SignalSuggestion]:
    """Signals of the municipality, not yet in the case, whose people or things the matching
    engine linked (open or confirmed) to the people and things in the case."""
    if not is_manager(actor) or case.municipality_id != actor.municipality.pk:
        return []
    in_case = set(Signal.objects.filter(case_links__case=case).values_list("pk", flat=True))
    entity_ids = set(SignalEntity.objects.filter(signal_id__in=in_case).values_list("pk", flat=True))
    entity_ids |= set(SignalEntity.objects.filter(case_links__case=case).values_list("pk", flat=True))
    if not entity_ids:
        return []
    suggestions = (
        LinkSuggestion.objects.filter(Q(entity_a_id__in=entity_ids) | Q(entity_b_id__in=entity_ids))
        .filter(status__in=[SuggestionStatus.OPEN, SuggestionStatus.CONFIRMED])
        .select_related("entity_a__signal", "entity_b__signal")
        .order_by("-score")
    )
    found: dict[int, SignalSuggestion] = {}
    for suggestion in suggestions:
        other = suggestion.entity_b if suggestion.entity_a_id in entity_ids else suggestion.entity_a
        if other.signal_id in in_case or other.signal.municipality_id != case.municipality_id:
            continue
        reason = f"{other.get_kind_display()} ({suggestion.get_status_display()}, {round(suggestion.score * 100)}%)"
        row = found.setdefault(other.signal_id, SignalSuggestion(other.signal, []))
        if reason not in row.reasons:
            row.reasons.append(reason)
    return list(found.values())[:20]


def overdue_actions(*, actor: Any, today: Any = None) -> QuerySet[Action]:
    """Open actions past their deadline: the chain director sees the municipality's, a
    partner's user those their organisation is responsible for."""
    today = today or timezone.localdate()
    base = Action.objects.filter(status__in=OPEN_ACTION_STATUSES, deadline__lt=today).select_related(
        "case", "organisation", "owner"
    )
    if is_manager(actor):
        return base.filter(case__municipality=actor.municipality)
    if takes_part(actor):
        return base.filter(
            organisation_id=actor.organisation_id, case__participants__organisation_id=actor.organisation_id
        ).distinct()
    return Action.objects.none()


def visible_meetings(*, actor: Any) -> QuerySet[Meeting]:
    if not isinstance(actor, User) or not actor.is_authenticated:
        return Meeting.objects.none()
    if is_manager(actor):
        return Meeting.objects.filter(municipality=actor.municipality)
    if takes_part(actor):
        org = actor.organisation_id
        ids = Meeting.objects.filter(
            Q(invited_organisations__id=org) | Q(items__case__participants__organisation_id=org)
        ).values("pk")
        return Meeting.objects.filter(pk__in=ids)
    return Meeting.objects.none()


def meeting_list(*, actor: Any) -> QuerySet[Meeting]:
    audit_record(actor=actor, action=AuditAction.LIST, object_type="cases.meeting", purpose="casusoverleggen")
    return visible_meetings(actor=actor).select_related("chair")


def meeting_get(*, actor: Any, pk: int, purpose: str = "") -> Meeting:
    try:
        meeting = visible_meetings(actor=actor).select_related("chair", "municipality").get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=meeting, purpose=purpose or "casusoverleg inzien")
    return meeting


def agenda_items(*, actor: Any, meeting: Meeting, organisation: Organisation | None = None) -> QuerySet[AgendaItem]:
    """The meeting's items the actor may see. The chain director may ask for one partner's
    view (``organisation``), which is what that partner's agenda and minutes contain."""
    items = AgendaItem.objects.filter(meeting=meeting).select_related("case").order_by("order", "pk")
    if is_manager(actor) and meeting.municipality_id == actor.municipality.pk:
        if organisation is None:
            return items
        return items.filter(case__participants__organisation=organisation)
    if takes_part(actor):
        return items.filter(case__participants__organisation_id=actor.organisation_id)
    return AgendaItem.objects.none()


def agenda_item_get(*, actor: Any, meeting: Meeting, pk: int) -> AgendaItem:
    try:
        item = agenda_items(actor=actor, meeting=meeting).get(pk=pk)
    except AgendaItem.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=item, purpose="agendapunt inzien")
    return item


def api_cases(*, actor: Any) -> QuerySet[Case]:
    """A partner system (API client) sees the cases its organisation takes part in."""
    organisation_id = getattr(getattr(actor, "organisation", None), "pk", None)
    if organisation_id is None or isinstance(actor, User):
        return Case.objects.none()
    return Case.objects.filter(participants__organisation_id=organisation_id).distinct()


def api_projection(*, actor: Any, case: Case) -> dict[str, Any]:
    """The partner-facing part of a case, with the organisation's own actions only."""
    organisation_id = actor.organisation.pk
    return {
        "code": case.code,
        "title": case.title,
        "status": case.status,
        "outcome": case.outcome,
        "forms": list(case.forms),
        "partners": [
            {"organisation": p.organisation.name, "role": p.role}
            for p in case.participants.select_related("organisation")
        ],
        "actions": [
            {
                "id": a.pk,
                "type": a.type,
                "barrier_kind": a.barrier_kind,
                "description": a.description,
                "deadline": a.deadline.isoformat() if a.deadline else None,
                "status": a.status,
                "outcome": a.outcome,
            }
            for a in Action.objects.filter(case=case, organisation_id=organisation_id).order_by("deadline", "pk")
        ],
    }


def unlinked_entities(*, actor: Any, case: Case) -> list[SignalEntity]:
    """People and things of the case's signals not yet linked to the case (chain director)."""
    if not is_manager(actor) or case.municipality_id != actor.municipality.pk:
        return []
    return list(
        SignalEntity.objects.filter(signal__case_links__case=case)
        .exclude(case_links__case=case)
        .select_related("signal")
        .order_by("signal_id", "kind", "pk")
    )


def entity_for_case(*, actor: Any, case: Case, pk: int) -> SignalEntity:
    """An entity mention the chain director may link to the case (from a visible signal)."""
    from schakel.signals.selectors import visible_signals

    if not is_manager(actor) or case.municipality_id != actor.municipality.pk:
        raise Http404
    entity = (
        SignalEntity.objects.filter(pk=pk, signal__in=visible_signals(actor=actor)).select_related("signal").first()
    )
    if entity is None:
        raise Http404
    return entity


def case_signal_queryset(*, actor: Any, case: Case) -> QuerySet[Signal]:
    if not is_manager(actor) or case.municipality_id != actor.municipality.pk:
        return Signal.objects.none()
    return Signal.objects.filter(case_links__case=case, municipality_id=case.municipality_id).order_by("received_at")
