"""A generated matrix: every role against every protected page, list, export and action.

Records belong to the chain of one municipality: a signal reported by Burgerzaken with a
victim, shared with the police only, a link suggestion, an attachment. Each role must get
what the need-to-know rules give it and a 404 everywhere else (never a 403 that confirms the
record exists).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from PIL import Image

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.entities.models import LinkSuggestion
from schakel.entities.services import link_signal
from schakel.routing import services as routing
from schakel.routing.models import LegalBasis
from schakel.signals import entities as e
from schakel.signals.models import SignalAttachment
from schakel.signals.workflow import transition
from tests.conftest import ALL_ROLE_ORGS, make_signal, verified_client

pytestmark = pytest.mark.django_db

ROLES = list(ALL_ROLE_ORGS)


@pytest.fixture
def world(make_user: Callable[..., User]) -> dict[str, object]:
    users = {role: make_user(role, org) for role, org in ALL_ROLE_ORGS.items()}
    nla = make_user(Role.PARTNER_USER, "Nederlandse Arbeidsinspectie")
    reporter = users[Role.INTERNAL_LIAISON]
    director = users[Role.CHAIN_DIRECTOR]
    signal = make_signal(
        reporter, entities=[e.person(role="possible_victim", name="Olena Testenko"), e.phone("06-41234567")]
    )
    other = make_signal(users[Role.INSPECTOR], entities=[e.phone("06-41234567")])
    link_signal(other.pk)
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    buffer.seek(0)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schakel.signals.services import _store_attachment

    attachment: SignalAttachment = _store_attachment(
        signal, SimpleUploadedFile("a.png", buffer.getvalue(), "image/png")
    )
    transition(actor=director, signal=signal, to_status="triage")
    transition(actor=director, signal=signal, to_status="verification")
    share = routing.share_create(
        actor=director, signal=signal, partner=Organisation.objects.get(short_name="Politie"), purpose="x",
        legal_basis=LegalBasis.objects.get(code="aangifte-melding-politie"), parts=["location", "attachments"],
    )  # fmt: skip
    victim = signal.entities.get(kind="person")
    phone = signal.entities.get(kind="phone")
    return {
        "users": users,
        "nla": nla,
        "urls": {
            "inbox": (
                "/signalen/",
                {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON, Role.PARTNER_USER, Role.CARE_COORDINATOR, Role.INSPECTOR},
            ),
            "signal": (f"/signalen/{signal.pk}/", {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON}),
            "received": (f"/signalen/{signal.pk}/ontvangen/", {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON}),
            "attachment": (
                f"/signalen/{signal.pk}/bijlagen/{attachment.pk}/",
                {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON},
            ),
            "share": (f"/gedeeld/{share.uuid}/", {Role.PARTNER_USER}),
            "share_attachment": (f"/gedeeld/{share.uuid}/bijlagen/{attachment.pk}/", {Role.PARTNER_USER}),
            "shares": ("/gedeeld/", {Role.PARTNER_USER, Role.CARE_COORDINATOR}),
            "victim_entity": (f"/entiteiten/{victim.pk}/", {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON}),
            "phone_entity": (f"/entiteiten/{phone.pk}/", {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON}),
            "network": (f"/entiteiten/{phone.pk}/netwerk/", {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON}),
            "dashboard": ("/aard-en-omvang/", {Role.CHAIN_DIRECTOR, Role.ANALYST}),
            "export": ("/aard-en-omvang/export/district.csv", {Role.CHAIN_DIRECTOR, Role.ANALYST}),
            "plan": ("/aard-en-omvang/plan/", {Role.CHAIN_DIRECTOR, Role.ANALYST}),
            "audit": ("/audit/", {Role.AUDITOR}),
            "liaisons": ("/aandachtsfunctionarissen/", {Role.CHAIN_DIRECTOR, Role.FUNCTIONAL_ADMIN}),
        },
        "posts": {
            "transition": (f"/signalen/{signal.pk}/status/", {"to_status": "closed"}),
            "share_create": (f"/signalen/{signal.pk}/delen/", {"partner": "1"}),
            "acknowledge": (f"/gedeeld/{share.uuid}/", {"action": "acknowledge"}),
            "decide": (f"/entiteiten/koppelingen/{LinkSuggestion.objects.get().pk}/", {"decision": "confirmed"}),
        },
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_exactly_its_pages(role: str, world: dict[str, object]) -> None:
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    client = verified_client(users[role])
    for name, (url, allowed) in world["urls"].items():  # type: ignore[attr-defined]
        status = client.get(url).status_code
        if role in allowed:
            assert status == 200, (role, name, url, status)
        else:
            assert status == 404, (role, name, url, status)


def test_a_partner_of_another_organisation_gets_404_everywhere(world: dict[str, object]) -> None:
    nla: User = world["nla"]  # type: ignore[assignment]
    client = verified_client(nla)
    for name, (url, _allowed) in world["urls"].items():  # type: ignore[attr-defined]
        if name in ("inbox", "shares"):
            continue  # their own (empty) lists
        assert client.get(url).status_code == 404, name
    assert "Olena" not in client.get("/signalen/").content.decode()
    assert "Er is nu niets met je organisatie gedeeld." in client.get("/gedeeld/").content.decode()


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.CHAIN_DIRECTOR])
def test_workflow_actions_are_404_for_everyone_but_the_chain_director(role: str, world: dict[str, object]) -> None:
    from schakel.signals.models import Signal

    before = list(Signal.objects.values_list("pk", "status").order_by("pk"))
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    client = verified_client(users[role])
    names = ["transition", "share_create", "decide"] + (["acknowledge"] if role != Role.PARTNER_USER else [])
    for name in names:
        url, data = world["posts"][name]  # type: ignore[index]
        assert client.post(url, data).status_code == 404, (role, name)
    assert LinkSuggestion.objects.get().status == "open"
    assert list(Signal.objects.values_list("pk", "status").order_by("pk")) == before


def test_anonymous_users_are_sent_to_sign_in_and_the_api_refuses_sessions(world: dict[str, object]) -> None:
    for _name, (url, _allowed) in world["urls"].items():  # type: ignore[attr-defined]
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/"), url
    users: dict[str, User] = world["users"]  # type: ignore[assignment]
    for url in ("/api/v1/signals/", "/api/v1/shares/"):
        assert verified_client(users[Role.CHAIN_DIRECTOR]).get(url).status_code == 401
