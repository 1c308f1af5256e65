"""Access-matrix entries for the cases app (see tests/test_access_matrix.py).

The rules (docs/adr/0012-cases-and-meetings.md, schakel/cases/selectors.py): the chain
director sees every case and meeting of the municipality; a user of a partner role (partner
user, care coordinator, inspector) whose organisation takes part in a case sees the
partner-facing part of that case, its own organisation's actions, the documents marked for
the partners, the meetings its organisation is invited to or has a case on, and the agenda
items / minutes of its own cases; everybody else gets a 404.

Scopes:
- case ``own``: the viewer's organisation takes part (through an action of its own);
  ``other``: only NLA takes part; ``none``: no organisation takes part;
- action ``own``: the viewer's organisation's action; ``other``: NLA's action on a case the
  viewer's organisation also takes part in (the case is visible, the action is not);
- meeting ``own``: the viewer's organisation is invited and its case is on the agenda;
  ``other``: only NLA; ``none``: nobody invited, a case without partners on the agenda;
- agenda item ``other``: NLA's case on a meeting the viewer's organisation is invited to.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.cases import services
from schakel.cases.models import Action, AgendaItem, Case, CaseDocument, Meeting, MeetingType
from tests.matrix.base import DIRECTOR, OTHER_ORG, ApiRecord, Open, Page, Record, World

# Roles that take part in cases for their organisation (the "Casussen" menu item).
CASE_ROLES = frozenset({Role.CHAIN_DIRECTOR, Role.PARTNER_USER, Role.CARE_COORDINATOR, Role.INSPECTOR})
CASE_RECORD = {"own": CASE_ROLES, "other": DIRECTOR, "none": DIRECTOR}
MANAGE = {"own": DIRECTOR, "other": DIRECTOR, "none": DIRECTOR}


def _nla(world: World) -> Organisation:
    organisation = world.other_user.organisation
    assert organisation is not None and organisation.name == OTHER_ORG
    return organisation


def _scope_org(world: World, scope: str, role: str) -> Organisation | None:
    return world.org_of(role) if scope == "own" else (_nla(world) if scope == "other" else None)


def _action(world: World, case: Case, organisation: Organisation) -> Action:
    return services.action_create(
        actor=world.director,
        case=case,
        data=services.ActionInput(
            type="inspection",
            description="Matrix-actie",
            organisation=organisation,
            deadline=timezone.localdate() - timedelta(days=1),
        ),
    )


def case_of(world: World, organisation: Organisation | None) -> Case:
    """A case the organisation takes part in with one action of its own (None: no partners)."""
    key = ("case", organisation.pk if organisation else None)
    if key not in world.cache:
        case = services.case_create(actor=world.director, title="Matrix-casus")
        if organisation is not None:
            _action(world, case, organisation)
        world.cache[key] = case
    return world.cache[key]


def _case(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": case_of(world, _scope_org(world, scope, role)).pk}


def _case_action(world: World, scope: str, role: str) -> dict[str, Any] | None:
    if scope == "none":
        return None  # an action always belongs to an organisation
    own = world.org_of(role)
    if scope == "own":
        case = case_of(world, own)
        action = case.actions.get(organisation=own)
    else:
        key = ("mixed-case", own.pk)
        if key not in world.cache:
            case = services.case_create(actor=world.director, title="Matrix-casus gedeeld")
            _action(world, case, own)
            world.cache[key] = _action(world, case, _nla(world))
        action = world.cache[key]
    return {"pk": action.case_id, "action_pk": action.pk}


def _document(world: World, scope: str, role: str) -> dict[str, Any]:
    case = case_of(world, _scope_org(world, scope, role))
    key = ("document", case.pk)
    if key not in world.cache:
        world.cache[key] = services.document_upload(
            actor=world.director,
            case=case,
            upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 matrix", content_type="application/pdf"),
            title="Matrix-document",
            shared=True,
        )
    document: CaseDocument = world.cache[key]
    return {"pk": case.pk, "document_pk": document.pk}


def _meeting_with(world: World, invited: list[Organisation], case: Case) -> tuple[Meeting, AgendaItem]:
    key = ("meeting", tuple(sorted(o.pk for o in invited)), case.pk)
    if key not in world.cache:
        meeting = services.meeting_create(
            actor=world.director,
            type=MeetingType.RIEC,
            starts_at=timezone.now() + timedelta(days=2),
            place="Matrix-zaal",
            organisations=invited,
        )
        item = services.agenda_add(actor=world.director, meeting=meeting, case=case)
        world.cache[key] = (meeting, item)
    return world.cache[key]


def meeting_of(world: World, scope: str, role: str) -> tuple[Meeting, AgendaItem]:
    organisation = _scope_org(world, scope, role)
    return _meeting_with(world, [organisation] if organisation else [], case_of(world, organisation))


def _meeting(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": meeting_of(world, scope, role)[0].pk}


def _item(world: World, scope: str, role: str) -> dict[str, Any]:
    if scope == "other":
        # The viewer's organisation is invited, but the item is NLA's case.
        meeting, item = _meeting_with(world, [world.org_of(role), _nla(world)], case_of(world, _nla(world)))
    else:
        meeting, item = meeting_of(world, scope, role)
    return {"pk": meeting.pk, "item_pk": item.pk}


# POST data that needs a record of this test: the factory fills it in before the POST.
_ADD_SIGNAL: dict[str, Any] = {}
_ADD_ENTITY: dict[str, Any] = {}


def _case_for_signal(world: World, scope: str, role: str) -> dict[str, Any]:
    _ADD_SIGNAL["signal"] = str(world.signal("none", "").pk)
    return _case(world, scope, role)


def _case_for_entity(world: World, scope: str, role: str) -> dict[str, Any]:
    _ADD_ENTITY["entity"] = str(world.entity("none", "").pk)
    return _case(world, scope, role)


def _api_case(world: World, scope: str) -> dict[str, Any]:
    # own: a case Politie (the 'own' token) takes part in; other: NLA's case.
    organisation = Organisation.objects.get(short_name="Politie") if scope == "own" else _nla(world)
    return {"code": case_of(world, organisation).code}


ENTRIES: dict[str, Record | Page | ApiRecord | Open] = {
    # --- cases --------------------------------------------------------------------------------
    "cases:list": Page(CASE_ROLES),
    "cases:new": Page(DIRECTOR),
    "cases:detail": Record(_case, **CASE_RECORD),
    "cases:edit": Record(_case, **MANAGE),
    "cases:split": Record(_case, **MANAGE),
    "cases:action": Record(_case_action, CASE_ROLES, DIRECTOR, None),
    "cases:document": Record(_document, **CASE_RECORD),
    "cases:transition": Record(_case, **MANAGE, method="post", data={"to_status": "x"}),
    "cases:add_signal": Record(_case_for_signal, **MANAGE, method="post", data=_ADD_SIGNAL),
    "cases:add_entity": Record(_case_for_entity, **MANAGE, method="post", data=_ADD_ENTITY),
    "cases:add_participant": Record(_case, **MANAGE, method="post", data={"partner-role": "x"}),
    "cases:add_action": Record(_case, **MANAGE, method="post", data={"type": "x"}),
    "cases:add_document": Record(_case, **MANAGE, method="post", data={"title": "x"}),
    "cases:merge": Record(_case, **MANAGE, method="post", data={"target": "x"}),
    # --- meetings -----------------------------------------------------------------------------
    "cases:meeting_list": Page(CASE_ROLES),
    "cases:meeting_new": Page(DIRECTOR),
    "cases:meeting": Record(_meeting, **CASE_RECORD),
    "cases:minutes": Record(_meeting, **CASE_RECORD),
    "cases:minutes_pdf": Record(_meeting, **CASE_RECORD),
    "cases:ics": Record(_meeting, **CASE_RECORD),
    "cases:item": Record(_item, **CASE_RECORD),
    "cases:agenda_add": Record(_meeting, **MANAGE, method="post", data={"case": "x"}),
    "cases:attendee_add": Record(_meeting, **MANAGE, method="post", data={"name": ""}),
    "cases:attendance": Record(_meeting, **MANAGE, method="post"),
    "cases:item_action": Record(_item, **MANAGE, method="post", data={"type": "x"}),
    "cases:item_move": Record(_item, **MANAGE, method="post", data={"direction": "down"}),
    # --- partner API (organisation token, read-only) --------------------------------------
    "case-list": Open("lists only the cases the token's organisation takes part in; tests/cases/test_api.py"),
    "case-detail": ApiRecord(_api_case),
}
