"""Writes on cases and meetings: check capability, validate, save, audit, in one transaction.

Timeline lines (CaseEvent) name codes and kinds, never people.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.cases import workflow
from schakel.cases.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    ActionType,
    AgendaItem,
    AttendanceStatus,
    Case,
    CaseDocument,
    CaseEntity,
    CaseEvent,
    CaseOutcome,
    CaseParticipant,
    CaseSignal,
    CaseStatus,
    DocumentKind,
    Meeting,
    MeetingAttendee,
    ParticipantRole,
)
from schakel.signals.models import Signal, SignalEntity

# The role a partner usually has in a case, by the kind of organisation.
DEFAULT_ROLE: dict[str, str] = {
    OrganisationType.POLICE: ParticipantRole.CRIMINAL,
    OrganisationType.PUBLIC_PROSECUTOR: ParticipantRole.CRIMINAL,
    OrganisationType.LABOUR_INSPECTORATE: ParticipantRole.INSPECTION,
    OrganisationType.RIEC: ParticipantRole.ADMINISTRATIVE,
    OrganisationType.CARE_COORDINATION: ParticipantRole.VICTIM_CARE,
    OrganisationType.VEILIG_THUIS: ParticipantRole.VICTIM_CARE,
    OrganisationType.VEILIGHEIDSHUIS: ParticipantRole.VICTIM_CARE,
}


def _require_manager(actor: Any, case: Case | None = None, municipality_id: int | None = None) -> User:
    if not isinstance(actor, User) or not actor.has_perm("accounts.manage_cases") or actor.municipality is None:
        raise PermissionDenied
    wanted = case.municipality_id if case is not None else municipality_id
    if wanted is not None and wanted != actor.municipality.pk:
        raise PermissionDenied
    return actor


def _event(case: Case, actor: Any, kind: str, text: str) -> None:
    CaseEvent.objects.create(case=case, actor=actor if isinstance(actor, User) else None, kind=kind, text=text[:300])


def _next_number(year: int) -> int:
    return (Case.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1


def _check_signal(case_or_municipality_id: int, signal: Signal) -> None:
    if signal.municipality_id != case_or_municipality_id:
        raise ValidationError(_("Dat signaal hoort bij een andere gemeente."), code="foreign_signal")


def case_create(
    *,
    actor: User,
    title: str,
    forms: list[str] | None = None,
    signals: list[Signal] | None = None,
    owner: User | None = None,
    is_synthetic: bool = False,
) -> Case:
    manager = _require_manager(actor)
    title = title.strip()
    if not title:
        raise ValidationError(_("Geef de casus een werktitel."), code="title_required")
    municipality = manager.municipality
    assert municipality is not None
    signals = signals or []
    for signal in signals:
        _check_signal(municipality.pk, signal)
    if not forms:
        forms = sorted({form for signal in signals for form in signal.forms})
    with transaction.atomic():
        year = timezone.localdate().year
        case = None
        for _attempt in range(5):
            number = _next_number(year)
            try:
                with transaction.atomic():
                    case = Case.objects.create(
                        municipality=municipality,
                        year=year,
                        number=number,
                        code=f"C-{year}-{number:04d}",
                        title=title,
                        forms=forms,
                        owner=owner or manager,
                        created_by=manager,
                        is_synthetic=is_synthetic,
                    )
                break
            except IntegrityError:
                continue
        if case is None:
            raise ValidationError(_("Kon geen casuscode maken; probeer het opnieuw."), code="code")
        _event(case, actor, "created", _("Casus %(code)s aangemaakt") % {"code": case.code})
        for signal in signals:
            CaseSignal.objects.create(case=case, signal=signal, added_by=manager)
            _event(case, actor, "signal_added", _("Signaal %(ref)s toegevoegd") % {"ref": signal.reference})
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            purpose="casus aanmaken",
            detail={"signals": [s.pk for s in signals]},
        )
    return case


def case_update(*, actor: User, case: Case, title: str, forms: list[str], owner: User | None) -> Case:
    _require_manager(actor, case)
    if not title.strip():
        raise ValidationError(_("Geef de casus een werktitel."), code="title_required")
    with transaction.atomic():
        case.title, case.forms, case.owner = title.strip(), forms, owner
        case.save(update_fields=["title", "forms", "owner"])
        _event(case, actor, "updated", _("Gegevens van de casus gewijzigd"))
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=case, purpose="casus wijzigen")
    return case


def case_add_signal(*, actor: User, case: Case, signal: Signal) -> bool:
    _require_manager(actor, case)
    _check_signal(case.municipality_id, signal)
    with transaction.atomic():
        _link, created = CaseSignal.objects.get_or_create(case=case, signal=signal, defaults={"added_by": actor})
        if created:
            _event(case, actor, "signal_added", _("Signaal %(ref)s toegevoegd") % {"ref": signal.reference})
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=case,
                purpose="signaal aan casus toevoegen",
                detail={"signal": signal.pk},
            )
    return created


def case_add_entity(*, actor: User, case: Case, entity: SignalEntity) -> bool:
    _require_manager(actor, case)
    _check_signal(case.municipality_id, entity.signal)
    with transaction.atomic():
        _link, created = CaseEntity.objects.get_or_create(case=case, entity=entity, defaults={"added_by": actor})
        if created:
            _event(
                case,
                actor,
                "entity_added",
                _("%(kind)s uit %(ref)s aan de casus gekoppeld")
                % {"kind": entity.get_kind_display(), "ref": entity.signal.reference},
            )
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=case,
                purpose="betrokkene aan casus koppelen",
                detail={"entity": entity.pk},
            )
    return created


def participant_add(*, actor: User, case: Case, organisation: Organisation, role: str = "") -> CaseParticipant:
    _require_manager(actor, case)
    role = role or DEFAULT_ROLE.get(organisation.type, ParticipantRole.OTHER)
    if role not in ParticipantRole.values:
        raise ValidationError(_("Kies een rol."), code="role")
    with transaction.atomic():
        participant, created = CaseParticipant.objects.get_or_create(
            case=case, organisation=organisation, defaults={"role": role}
        )
        if created:
            _event(
                case,
                actor,
                "participant_added",
                _("%(org)s neemt deel (%(role)s)")
                % {"org": organisation.display_name, "role": ParticipantRole(role).label},
            )
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=case,
                purpose="ketenpartner aan casus toevoegen",
                detail={"organisation": organisation.pk, "role": role},
            )
    return participant


def case_split(*, actor: User, case: Case, signals: list[Signal], title: str) -> Case:
    """Move the chosen signals (and the people and things of those signals linked to the
    case) to a new case; the partners come along, the plan of approach stays."""
    _require_manager(actor, case)
    in_case = set(CaseSignal.objects.filter(case=case).values_list("signal_id", flat=True))
    chosen = [s for s in signals if s.pk in in_case]
    if not chosen:
        raise ValidationError(_("Kies de signalen die naar de nieuwe casus gaan."), code="signals_required")
    if len(chosen) == len(in_case):
        raise ValidationError(_("Laat minstens één signaal in deze casus achter."), code="keep_one")
    with transaction.atomic():
        new = case_create(actor=actor, title=title, forms=list(case.forms), owner=case.owner)
        ids = [s.pk for s in chosen]
        CaseSignal.objects.filter(case=case, signal_id__in=ids).update(case=new)
        CaseEntity.objects.filter(case=case, entity__signal_id__in=ids).update(case=new)
        for participant in case.participants.all():
            CaseParticipant.objects.get_or_create(
                case=new, organisation=participant.organisation, defaults={"role": participant.role}
            )
        refs = ", ".join(s.reference for s in chosen)
        _event(case, actor, "split", _("Afgesplitst naar %(code)s: %(refs)s") % {"code": new.code, "refs": refs})
        _event(new, actor, "split", _("Afgesplitst van %(code)s: %(refs)s") % {"code": case.code, "refs": refs})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            purpose="casus splitsen",
            detail={"new_case": new.pk, "signals": ids},
        )
    return new


def case_merge(*, actor: User, source: Case, target: Case) -> Case:
    """Move everything of ``source`` into ``target``; ``source`` is closed as merged."""
    _require_manager(actor, source)
    _require_manager(actor, target)
    if source.pk == target.pk:
        raise ValidationError(_("Kies een andere casus om mee samen te voegen."), code="same_case")
    if target.status == CaseStatus.CLOSED:
        raise ValidationError(_("Je kunt niet samenvoegen met een afgesloten casus."), code="target_closed")
    if source.status == CaseStatus.CLOSED:
        raise ValidationError(_("Deze casus is al afgesloten."), code="source_closed")
    with transaction.atomic():
        for link in CaseSignal.objects.filter(case=source):
            if CaseSignal.objects.filter(case=target, signal_id=link.signal_id).exists():
                link.delete()
            else:
                CaseSignal.objects.filter(pk=link.pk).update(case=target)
        for entity_link in CaseEntity.objects.filter(case=source):
            if CaseEntity.objects.filter(case=target, entity_id=entity_link.entity_id).exists():
                entity_link.delete()
            else:
                CaseEntity.objects.filter(pk=entity_link.pk).update(case=target)
        for participant in CaseParticipant.objects.filter(case=source):
            CaseParticipant.objects.get_or_create(
                case=target, organisation=participant.organisation, defaults={"role": participant.role}
            )
        Action.objects.filter(case=source).update(case=target)
        CaseDocument.objects.filter(case=source).update(case=target)
        target.forms = sorted(set(target.forms) | set(source.forms))
        target.save(update_fields=["forms"])
        _event(target, actor, "merged", _("Casus %(code)s hierin samengevoegd") % {"code": source.code})
        workflow.transition(
            actor=actor,
            case=source,
            to_status=CaseStatus.CLOSED,
            outcome=CaseOutcome.MERGED,
            outcome_note=target.code,
            merged_into=target,
            reason=_("Samengevoegd met %(code)s") % {"code": target.code},
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=target,
            purpose="casussen samenvoegen",
            detail={"source": source.pk},
        )
    return target


@dataclass
class ActionInput:
    type: str
    description: str
    organisation: Organisation
    barrier_kind: str = ""
    owner: User | None = None
    deadline: date | None = None


def _validate_action(data: ActionInput) -> None:
    if data.type not in ActionType.values:
        raise ValidationError({"type": _("Kies een soort actie.")})
    if data.type == ActionType.BARRIER and not data.barrier_kind:
        raise ValidationError({"barrier_kind": _("Kies welke barrière wordt opgeworpen.")})
    if data.type != ActionType.BARRIER:
        data.barrier_kind = ""
    if data.owner is not None and data.owner.organisation_id != data.organisation.pk:
        raise ValidationError({"owner": _("De eigenaar werkt niet bij de verantwoordelijke ketenpartner.")})


def action_create(*, actor: User, case: Case, data: ActionInput, agenda_item: AgendaItem | None = None) -> Action:
    _require_manager(actor, case)
    _validate_action(data)
    if agenda_item is not None and agenda_item.case_id != case.pk:
        raise ValidationError(_("Dat agendapunt gaat over een andere casus."), code="wrong_item")
    with transaction.atomic():
        participant_add(actor=actor, case=case, organisation=data.organisation)
        action = Action.objects.create(
            case=case,
            type=data.type,
            barrier_kind=data.barrier_kind,
            description=data.description.strip(),
            organisation=data.organisation,
            owner=data.owner,
            deadline=data.deadline,
            agenda_item=agenda_item,
            created_by=actor,
        )
        if case.status == CaseStatus.OPEN:
            workflow.transition(actor=actor, case=case, to_status=CaseStatus.ACTIVE, reason=_("Eerste actie"))
        _event(
            case,
            actor,
            "action_added",
            _("Actie %(type)s voor %(org)s") % {"type": action.type_display, "org": data.organisation.display_name},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=action,
            purpose="actie plan van aanpak",
            detail={
                "case": case.pk,
                "organisation": data.organisation.pk,
                "meeting_item": getattr(agenda_item, "pk", None),
            },
        )
    return action


def can_update_action(actor: Any, action: Action) -> bool:
    if workflow.can_manage(actor, action.case):
        return True
    return isinstance(actor, User) and actor.organisation_id == action.organisation_id


def action_update(
    *, actor: User, action: Action, status: str, outcome: str = "", deadline: date | None = None
) -> Action:
    """The responsible partner or the chain director updates an action's status and result."""
    if not can_update_action(actor, action):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Kies een status.")})
    if status == ActionStatus.DONE and not outcome.strip() and not action.outcome:
        raise ValidationError({"outcome": _("Beschrijf het resultaat om de actie af te ronden.")})
    with transaction.atomic():
        before = action.status
        action.status = status
        if outcome.strip():
            action.outcome = outcome.strip()
        if deadline is not None and workflow.can_manage(actor, action.case):
            action.deadline = deadline
        action.completed_at = timezone.now() if status not in OPEN_ACTION_STATUSES else None
        action.save()
        if before != status:
            _event(
                action.case,
                actor,
                "action_status",
                _("Actie %(type)s (%(org)s): %(status)s")
                % {
                    "type": action.type_display,
                    "org": action.organisation.display_name,
                    "status": ActionStatus(status).label,
                },
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=action,
            purpose="actie bijwerken",
            detail={"from": before, "to": status},
        )
    return action


def document_upload(
    *, actor: User, case: Case, upload: UploadedFile, title: str, kind: str = DocumentKind.OTHER, shared: bool = False
) -> CaseDocument:
    """Store a (content-sniffed) upload privately; the form checked its type and size."""
    _require_manager(actor, case)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        document = CaseDocument(
            case=case,
            kind=kind,
            title=title.strip()[:120],
            shared_with_participants=shared,
            original_name=(upload.name or "document")[:200],
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        document.file.save("upload", upload, save=False)
        document.save()
        _event(case, actor, "document", _("Document toegevoegd (%(kind)s)") % {"kind": DocumentKind(kind).label})
        audit_record(actor=actor, action=AuditAction.CREATE, obj=document, purpose="document casus")
    return document


# --- meetings -------------------------------------------------------------------------


def meeting_create(
    *,
    actor: User,
    type: str,
    starts_at: datetime,
    place: str = "",
    chair: User | None = None,
    organisations: list[Organisation] | None = None,
    duration_minutes: int = 90,
    is_synthetic: bool = False,
) -> Meeting:
    manager = _require_manager(actor)
    with transaction.atomic():
        assert manager.municipality is not None
        meeting = Meeting.objects.create(
            municipality=manager.municipality,
            type=type,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place,
            chair=chair or manager,
            created_by=manager,
            is_synthetic=is_synthetic,
        )
        meeting.invited_organisations.set(organisations or [])
        audit_record(actor=actor, action=AuditAction.CREATE, obj=meeting, purpose="casusoverleg plannen")
    return meeting


def _require_meeting_manager(actor: Any, meeting: Meeting) -> User:
    return _require_manager(actor, municipality_id=meeting.municipality_id)


def attendee_add(*, actor: User, meeting: Meeting, organisation: Organisation, name: str) -> MeetingAttendee:
    _require_meeting_manager(actor, meeting)
    if not name.strip():
        raise ValidationError({"name": _("Vul een naam in.")})
    with transaction.atomic():
        attendee = MeetingAttendee.objects.create(meeting=meeting, organisation=organisation, name=name.strip())
        meeting.invited_organisations.add(organisation)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=meeting, purpose="deelnemer toevoegen")
    return attendee


def attendance_record(*, actor: User, meeting: Meeting, statuses: dict[int, str]) -> int:
    _require_meeting_manager(actor, meeting)
    changed = 0
    with transaction.atomic():
        for attendee in meeting.attendees.all():
            status = statuses.get(attendee.pk)
            if status in AttendanceStatus.values and status != attendee.status:
                attendee.status = status
                attendee.save(update_fields=["status"])
                changed += 1
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=meeting, purpose="aanwezigheid", detail={"changed": changed}
        )
    return changed


def build_summary(case: Case, since: datetime | None, today: date | None = None) -> str:
    """What the meeting needs to know, without personal data: overdue actions (kind, partner,
    deadline) and the number and references of signals added since the last meeting."""
    today = today or timezone.localdate()
    lines: list[str] = []
    overdue = Action.objects.filter(case=case, status__in=OPEN_ACTION_STATUSES, deadline__lt=today).select_related(
        "organisation"
    )
    for action in overdue:
        lines.append(
            _("Over de termijn: %(type)s – %(org)s (uiterlijk %(deadline)s)")
            % {
                "type": action.type_display,
                "org": action.organisation.display_name,
                "deadline": action.deadline.strftime("%d-%m-%Y") if action.deadline else "",
            }
        )
    new_links = CaseSignal.objects.filter(case=case).select_related("signal")
    if since is not None:
        new_links = new_links.filter(added_at__gt=since)
    refs = [link.signal.reference for link in new_links]
    if refs:
        lines.append(
            _("Nieuwe signalen sinds het vorige overleg: %(n)s (%(refs)s)") % {"n": len(refs), "refs": ", ".join(refs)}
        )
    open_count = Action.objects.filter(case=case, status__in=OPEN_ACTION_STATUSES).count()
    lines.append(_("Open acties: %(n)s") % {"n": open_count})
    return "\n".join(lines)


def agenda_add(*, actor: User, meeting: Meeting, case: Case) -> AgendaItem:
    _require_meeting_manager(actor, meeting)
    _require_manager(actor, case)
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise ValidationError({"case": _("Deze casus staat al op de agenda.")})
    previous = (
        AgendaItem.objects.filter(case=case, meeting__starts_at__lt=meeting.starts_at)
        .order_by("-meeting__starts_at")
        .select_related("meeting")
        .first()
    )
    with transaction.atomic():
        order = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            case=case,
            order=order,
            summary=build_summary(case, previous.meeting.starts_at if previous else None),
        )
        _event(case, actor, "agenda", _("Geagendeerd voor %(meeting)s") % {"meeting": str(meeting)})
        audit_record(actor=actor, action=AuditAction.CREATE, obj=item, purpose="agenderen", detail={"case": case.pk})
    return item


def agenda_move(*, actor: User, item: AgendaItem, direction: int) -> None:
    _require_meeting_manager(actor, item.meeting)
    items = list(item.meeting.items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index + (1 if direction > 0 else -1)
    if not 0 <= swap < len(items):
        return
    items[index], items[swap] = items[swap], items[index]
    with transaction.atomic():
        for position, other in enumerate(items, start=1):
            if other.order != position:
                other.order = position
                other.save(update_fields=["order"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item.meeting, purpose="agenda volgorde")


def agenda_item_record(*, actor: User, item: AgendaItem, discussion: str, decisions: str) -> AgendaItem:
    """What was discussed and decided on one item, during the meeting."""
    _require_meeting_manager(actor, item.meeting)
    with transaction.atomic():
        changed = item.decisions != decisions.strip()
        item.discussion, item.decisions = discussion.strip(), decisions.strip()
        item.save(update_fields=["discussion", "decisions", "updated_at"])
        if changed and item.decisions:
            _event(
                item.case, actor, "decision", _("Besluit vastgelegd in %(meeting)s") % {"meeting": str(item.meeting)}
            )
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, purpose="verslag agendapunt")
    return item


# --- reminders ------------------------------------------------------------------------


def send_overdue_action_reminders(today: date | None = None) -> int:
    """One e-mail per recipient with overdue actions: a count and a link, no content. The
    action's owner gets it; an action without owner goes to its organisation's mailbox."""
    from schakel.routing.notifications import link, notify

    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    for action in Action.objects.filter(status__in=OPEN_ACTION_STATUSES, deadline__lt=today).select_related(
        "owner", "organisation"
    ):
        if action.owner is not None and action.owner.is_active:
            recipient = action.owner.email
        else:
            recipient = action.organisation.contact_mailbox
        counts[recipient] = counts.get(recipient, 0) + 1
    sent = 0
    with transaction.atomic():
        for recipient, n in sorted(counts.items()):
            notify(
                recipient=recipient,
                subject=_("Schakel: acties uit casussen over de termijn"),
                body=_("Er staan %(n)s actie(s) uit het plan van aanpak over de termijn: %(url)s")
                % {"n": n, "url": link(reverse("cases:list") + "?acties=over-termijn")},
                kind="case_action_overdue",
            )
            sent += 1
    return sent
