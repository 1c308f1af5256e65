"""Access-matrix entries for the privacy app (see tests/test_access_matrix.py).

The privacy pages are the privacy officer's only: the auditor role (``privacy.manage_privacy``)
of the same municipality; everyone else gets 404 (ADR 0016). Privacy records (requests of data
subjects, legal holds) belong to a municipality, not to an organisation, so the scopes here are:

- ``own``   – a record of the viewer's municipality (Arnhem); for a person in a request, an entity
              of a signal reported by NLA in Arnhem;
- ``other`` – a record of another municipality (Ede, with its own privacy officer); for a person,
              an entity of a signal in Ede, asked for through an Arnhem request;
- ``none``  – for a person, an entity of an anonymous public report in Arnhem; requests and holds
              always belong to a municipality.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.accounts.roles import Role
from schakel.core.models import Municipality
from schakel.privacy import services
from schakel.privacy.models import DataSubjectRequest, LegalHold
from schakel.signals import entities as e
from schakel.signals.models import Channel, Signal, SignalEntity
from schakel.signals.services import SignalInput, signal_submit
from tests.matrix.base import NOBODY, ApiRecord, Open, Page, Record, World

AUDITOR = frozenset({Role.AUDITOR})


def _arnhem_auditor(world: World) -> User:
    return world.user_for(Role.AUDITOR)


def _ede_auditor(world: World) -> User:
    """The privacy officer of another municipality."""
    if "privacy:ede_auditor" not in world.cache:
        ede, _created = Municipality.objects.get_or_create(code="GM0228", defaults={"name": "Ede"})
        organisation = Organisation.objects.create(
            name="Gemeente Ede – Privacy (matrix)", type=OrganisationType.MUNICIPALITY_DEPARTMENT
        )
        organisation.municipalities.add(ede)
        user = User.objects.create_user(
            email="privacy.ede@test.example", password=None, full_name="Ede FG", organisation=organisation
        )
        user.groups.add(Group.objects.get(name=Role.AUDITOR))
        world.cache["privacy:ede_auditor"] = user
    return world.cache["privacy:ede_auditor"]


def _subject_signal(world: World, where: str) -> Signal:
    """A signal naming a person: reported by NLA in Arnhem ("own"), anonymously in Arnhem
    ("none"), or anonymously in Ede ("other")."""
    key = ("privacy:signal", where)
    if key not in world.cache:
        if where == "own":
            reporter: User | None = world.other_user
            municipality = _arnhem_auditor(world).municipality
        elif where == "none":
            reporter, municipality = None, _arnhem_auditor(world).municipality
        else:
            reporter, municipality = None, _ede_auditor(world).municipality
        assert municipality is not None
        data = SignalInput(
            narrative="Anna Matrixova werkt zeven dagen per week zonder loon.",
            forms=["labour"],
            municipality=municipality,
            entities=[e.person(role="possible_victim", name="Anna Matrixova")],
        )
        channel = Channel.PARTNER if reporter else Channel.PUBLIC
        organisation = reporter.organisation if reporter else None
        world.cache[key] = signal_submit(actor=reporter, channel=channel, data=data, organisation=organisation).signal
    return world.cache[key]


def _request(world: World, where: str) -> DataSubjectRequest:
    """A data subject's request registered by the privacy officer of Arnhem ("own") or Ede."""
    key = ("privacy:request", where)
    if key not in world.cache:
        officer = _arnhem_auditor(world) if where == "own" else _ede_auditor(world)
        world.cache[key] = services.dsr_create(actor=officer, reference=f"AVG-{where}", kind="access", reason="brief")
    return world.cache[key]


def _hold(world: World, where: str) -> LegalHold:
    key = ("privacy:hold", where)
    if key not in world.cache:
        officer = _arnhem_auditor(world) if where == "own" else _ede_auditor(world)
        signal = world.signal("other", "") if where == "own" else _subject_signal(world, "other")
        world.cache[key] = services.legal_hold_place(
            actor=officer, record_type="signal", reference=signal.reference, reason="klacht"
        )
    return world.cache[key]


def _dsr(world: World, scope: str, role: str) -> dict[str, Any] | None:
    return None if scope == "none" else {"pk": _request(world, scope).pk}


def _dsr_entity(world: World, scope: str, role: str) -> dict[str, Any]:
    entity = SignalEntity.objects.get(signal=_subject_signal(world, scope), kind="person")
    return {"pk": _request(world, "own").pk, "entity": entity.pk}


def _hold_pk(world: World, scope: str, role: str) -> dict[str, Any] | None:
    return None if scope == "none" else {"pk": _hold(world, scope).pk}


def _no_record(world: World, scope: str, role: str) -> dict[str, Any] | None:
    """A POST-only page without a record: checked once, as the "own" scope."""
    return {} if scope == "own" else None


ENTRIES: dict[str, Record | Page | ApiRecord | Open] = {
    "privacy:overview": Page(AUDITOR),
    "privacy:tombstones": Page(AUDITOR),
    "privacy:requests": Page(AUDITOR),
    "privacy:review": Page(AUDITOR),
    "privacy:hold_place": Record(
        _no_record, AUDITOR, NOBODY, None, method="post", data={"reference": "", "reason": ""}
    ),
    "privacy:hold_lift": Record(_hold_pk, AUDITOR, NOBODY, None, method="post", data={"reason": ""}),
    "privacy:request_detail": Record(_dsr, AUDITOR, NOBODY, None),
    "privacy:report_html": Record(_dsr, AUDITOR, NOBODY, None),
    "privacy:report_pdf": Record(_dsr, AUDITOR, NOBODY, None),
    "privacy:rectify": Record(_dsr_entity, AUDITOR, NOBODY, AUDITOR),
    "privacy:erase": Record(_dsr_entity, AUDITOR, NOBODY, AUDITOR),
}
