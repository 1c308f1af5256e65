from __future__ import annotations

from django.test import Client

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditEvent
from schakel.cases import services
from schakel.cases.models import Case
from schakel.signals.api import api_client_create


def _token(name: str) -> str:
    _client, token = api_client_create(organisation=Organisation.objects.get(name=name), name="Koppeling")
    return token


def test_partner_system_sees_own_cases_and_own_actions_only(case: Case, other_case: Case, chain_director: User) -> None:
    services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="care_referral", description="ZORG-MOVIERA", organisation=Organisation.objects.get(name="Moviera")
        ),
    )
    services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="criminal_report",
            description="AANGIFTE-POLITIE",
            organisation=Organisation.objects.get(name="Politie Oost-Nederland"),
        ),
    )
    client = Client(HTTP_AUTHORIZATION=f"Token {_token('Politie Oost-Nederland')}")
    listing = client.get("/api/v1/cases/")
    assert listing.status_code == 200
    assert [c["code"] for c in listing.json()] == [case.code]
    body = listing.content.decode()
    assert "AANGIFTE-POLITIE" in body
    for withheld in ["ZORG-MOVIERA", other_case.code, "GEHEIM-NLA", "narrative", "SG-"]:
        assert withheld not in body
    assert client.get(f"/api/v1/cases/{case.code}/").json()["actions"][0]["description"] == "AANGIFTE-POLITIE"
    assert client.get(f"/api/v1/cases/{other_case.code}/").status_code == 404
    assert AuditEvent.objects.filter(purpose="casus inzien (API)", object_id=str(case.pk)).exists()


def test_api_needs_a_token_and_a_participating_organisation(case: Case) -> None:
    assert Client().get("/api/v1/cases/").status_code in (401, 403)
    outsider = Client(HTTP_AUTHORIZATION=f"Token {_token('CoMensha')}")
    assert outsider.get("/api/v1/cases/").json() == []
    assert outsider.get(f"/api/v1/cases/{case.code}/").status_code == 404
