"""The partner-system API: token auth, problem details, idempotency, need-to-know, schema."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.signals.api import api_client_create
from schakel.signals.models import ApiClient, Channel, Signal, SignalEntity
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db

BODY = {
    "narrative": "Bij controle van uitzendbureau zes arbeidsmigranten in één kamer aangetroffen.",
    "forms": ["labour"],
    "observed_on": "2026-11-01",
    "location": {
        "street": "Kemperbergerweg",
        "house_number": "100",
        "postcode": "6816 RS",
        "city": "Arnhem",
        "district_code": "WK020213",
    },
    "indicators": ["HO-01", "HO-03"],
    "urgency": "high",
    "partner_reference": "NLA-2026-0042",
    "persons": [{"role": "facilitator", "name": "Jan de Vries", "nationality": "NL"}],
    "details": [
        {"kind": "organisation", "value": "Flexwerk Oost BV", "extra": "12345678"},
        {"kind": "phone", "value": "+31 6 12 34 56 78"},
    ],
}


@pytest.fixture
def nla_token(reference_data: None) -> str:
    return api_client_create(organisation=Organisation.objects.get(short_name="NLA"), name="NLA-systeem")[1]


@pytest.fixture
def police_token(reference_data: None) -> str:
    return api_client_create(organisation=Organisation.objects.get(short_name="Politie"), name="BVH-koppeling")[1]


def _post(token: str, body: object, key: str | None = None) -> object:
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return Client().post("/api/v1/signals/", json.dumps(body), content_type="application/json", **headers)


def test_partner_system_submits_a_signal(nla_token: str) -> None:
    response = _post(nla_token, BODY)
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    data = response.json()  # type: ignore[attr-defined]
    signal = Signal.objects.get(uuid=data["id"])
    assert signal.channel == Channel.API and signal.reporter_organisation.short_name == "NLA"
    assert signal.postcode == "6816RS" and signal.district.code == "WK020213"
    assert data["reference"] == signal.reference and data["forms"] == ["labour"]
    assert sorted(data["indicators"]) == ["HO-01", "HO-03"]
    assert SignalEntity.objects.get(signal=signal, kind="organisation").match_key == "kvk:12345678"
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(signal.pk))
    assert event.actor_label.startswith("api:") and event.organisation_label == "Nederlandse Arbeidsinspectie"


def test_retried_call_with_idempotency_key_creates_one_signal(nla_token: str) -> None:
    first = _post(nla_token, BODY, key="retry-1")
    second = _post(nla_token, BODY, key="retry-1")
    assert first.status_code == 201 and second.status_code == 200  # type: ignore[attr-defined]
    assert first.json()["id"] == second.json()["id"]  # type: ignore[attr-defined]
    assert Signal.objects.count() == 1


def test_same_key_from_another_organisation_is_a_different_signal(nla_token: str, police_token: str) -> None:
    _post(nla_token, BODY, key="k")
    _post(police_token, BODY, key="k")
    assert Signal.objects.count() == 2


def test_validation_errors_are_problem_details_with_field_errors(nla_token: str) -> None:
    bad = {
        **BODY,
        "narrative": "",
        "forms": ["slavery"],
        "indicators": ["XX-99"],
        "location": {"postcode": "12345", "house_number": "12"},
        "details": [{"kind": "bank_account", "value": "NL00BANK0000000000"}],
    }
    response = _post(nla_token, bad)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/problem+json"  # type: ignore[index]
    problem = response.json()  # type: ignore[attr-defined]
    assert problem["status"] == 400 and problem["title"] == "De invoer is niet geldig."
    fields = {error["field"] for error in problem["errors"]}
    assert {"narrative", "forms[0]", "indicators", "location.postcode", "details[0].value"} <= fields
    iban_error = next(e for e in problem["errors"] if e["field"] == "details[0].value")
    assert "geen geldig IBAN" in iban_error["message"]
    assert Signal.objects.count() == 0 and SignalEntity.objects.count() == 0


def test_malformed_json_is_a_problem_not_a_crash(nla_token: str) -> None:
    response = Client().post(
        "/api/v1/signals/", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Token {nla_token}"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("header", ["", "Token nope", "Token abc.def", "Bearer x.y"])
def test_missing_or_bad_token_is_refused(header: str, reference_data: None) -> None:
    kwargs = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().post("/api/v1/signals/", json.dumps(BODY), content_type="application/json", **kwargs)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert Signal.objects.count() == 0


def test_revoked_token_is_refused(reference_data: None) -> None:
    client, token = api_client_create(organisation=Organisation.objects.get(short_name="NLA"), name="oud")
    client.is_active = False
    client.save()
    assert _post(token, BODY).status_code == 401  # type: ignore[attr-defined]


def test_partner_reads_only_its_own_signals(nla_token: str, police_token: str, make_user: Callable[..., User]) -> None:
    own = _post(nla_token, BODY).json()["id"]  # type: ignore[attr-defined]
    theirs = _post(police_token, {**BODY, "narrative": "POLITIE-GEHEIM"}).json()["id"]  # type: ignore[attr-defined]
    internal = make_signal(make_user("internal_liaison", "Gemeente Arnhem – Burgerzaken"), narrative="INTERN-GEHEIM")
    auth = {"HTTP_AUTHORIZATION": f"Token {nla_token}"}
    listing = Client().get("/api/v1/signals/", **auth)
    assert listing.status_code == 200
    ids = [row["id"] for row in listing.json()["results"]]
    assert ids == [own]
    assert "POLITIE-GEHEIM" not in listing.content.decode() and "INTERN-GEHEIM" not in listing.content.decode()
    assert Client().get(f"/api/v1/signals/{own}/", **auth).status_code == 200
    for other in (theirs, str(internal.uuid)):
        response = Client().get(f"/api/v1/signals/{other}/", **auth)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_session_users_cannot_use_the_partner_api(chain_director: User) -> None:
    assert verified_client(chain_director).get("/api/v1/signals/").status_code == 401


def test_api_signal_appears_in_the_chain_directors_inbox(nla_token: str, chain_director: User) -> None:
    reference = _post(nla_token, BODY).json()["reference"]  # type: ignore[attr-defined]
    assert reference in verified_client(chain_director).get("/signalen/").content.decode()


def test_openapi_schema_is_valid_and_served(tmp_path: object) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path) + "/schema.yaml")  # type: ignore[operator]
    response = Client().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert "/api/v1/signals/" in schema["paths"]
    assert "organisationToken" in schema["components"]["securitySchemes"]
    docs = Client().get("/api/v1/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


def test_create_api_client_command_prints_a_working_token(reference_data: None) -> None:
    from io import StringIO

    out = StringIO()
    call_command("create_api_client", "--organisation", "NLA", "--name", "test", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert _post(token, BODY).status_code == 201  # type: ignore[attr-defined]
    assert token.split(".")[1] not in str(list(ApiClient.objects.values()))
