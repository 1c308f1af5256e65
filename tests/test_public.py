"""The anonymous public page: receipt codes, no IP kept, no cookies, abuse limits, languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from schakel.accounts.models import User
from schakel.audit.models import AuditEvent
from schakel.intake import abuse
from schakel.signals.models import Channel, MessageDirection, ReporterMessage, Signal
from schakel.signals.services import reporter_question_ask
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
IP = "203.0.113.77"


@pytest.fixture(autouse=True)
def _clear_rate_limits(reference_data: None) -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _token(seconds_ago: int = 10) -> str:
    with time_machine.travel(timezone.now() - timezone.timedelta(seconds=seconds_ago), tick=False):
        return abuse.new_form_token()


def _post(client: Client, lang: str = "", **extra: str) -> object:
    data = {
        "narrative": "In het pand aan de overkant wonen twaalf mannen; ze worden om 5 uur opgehaald.",
        "situation": ["labour"],
        "danger_now": "no",
        "minor_involved": "unknown",
        "address": "Steenstraat 12, 6828 CC Arnhem",
        "phones": "06-12345678, +48 601 234 567",
        "plates": "12-ABC-3",
        "links": "",
        "people": "Man met rode jas die het woord voert",
        "website": "",
        "form_token": _token(),
    }
    data.update(extra)
    return client.post(f"/melden/{lang + '/' if lang else ''}", data, REMOTE_ADDR=IP)


def test_public_report_is_stored_with_a_receipt_code_shown_once() -> None:
    client = Client()
    response = _post(client)
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', body).group(1)  # type: ignore[union-attr]
    signal = Signal.objects.get()
    assert signal.channel == Channel.PUBLIC and signal.reporter is None and signal.reporter_organisation is None
    assert signal.form_labour and signal.address_key == "6828CC:12"
    assert code.replace("-", "") not in signal.receipt_hash and signal.receipt_hash.startswith("scrypt$")
    phones = sorted(signal.entities.filter(kind="phone").values_list("match_key", flat=True))
    assert phones == ["+31612345678", "+48601234567"]
    assert signal.entities.filter(kind="vehicle", match_key="12ABC3").exists()


def test_no_ip_address_is_kept_anywhere() -> None:
    _post(Client())
    signal = Signal.objects.get()
    for row in Signal.objects.values():
        assert IP not in str(row)
    for row in signal.entities.values():
        assert IP not in str(row)
    for row in AuditEvent.objects.values():
        assert IP not in str(row)


def test_public_page_sets_no_cookie_at_all() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.get("/melden/")
    assert dict(response.cookies) == {}
    response = _post(client)
    assert response.status_code == 200 and dict(response.cookies) == {}  # type: ignore[attr-defined]
    assert Signal.objects.count() == 1


def test_double_submit_is_idempotent_and_the_code_is_not_shown_twice() -> None:
    client = Client()
    token = _token()
    first = _post(client, form_token=token)
    second = _post(client, form_token=token)
    assert Signal.objects.count() == 1
    assert "receipt-code" in first.content.decode()  # type: ignore[attr-defined]
    assert "Deze melding was al ontvangen" in second.content.decode()  # type: ignore[attr-defined]


def test_receipt_code_opens_questions_and_takes_answers(chain_director: User) -> None:
    body = _post(Client()).content.decode()  # type: ignore[attr-defined]
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', body).group(1)  # type: ignore[union-attr]
    signal = Signal.objects.get()
    reporter_question_ask(actor=chain_director, signal=signal, text="Hoe laat worden de mannen opgehaald?")
    client = Client()
    page = client.post("/melden/opvolgen/", {"code": code.lower()}, REMOTE_ADDR=IP).content.decode()
    assert "Hoe laat worden de mannen opgehaald?" in page
    reply = client.post(
        "/melden/opvolgen/", {"code": code, "text": "Rond kwart voor vijf, met een witte bus."}, REMOTE_ADDR=IP
    )
    assert "Uw aanvulling is ontvangen" in reply.content.decode()
    answer = ReporterMessage.objects.get(direction=MessageDirection.FROM_REPORTER)
    assert answer.signal == signal and "witte bus" in answer.text
    detail = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    assert "witte bus" in detail


def test_wrong_receipt_code_reveals_nothing() -> None:
    body = _post(Client()).content.decode()  # type: ignore[attr-defined]
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', body).group(1)  # type: ignore[union-attr]
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for attempt in (wrong, "ABCD-EFGH", "not a code"):
        response = Client().post("/melden/opvolgen/", {"code": attempt}, REMOTE_ADDR=IP)
        assert response.status_code == 400
        assert "Deze code kennen we niet" in response.content.decode()


def test_acute_danger_tells_to_call_112() -> None:
    body = _post(Client(), danger_now="yes").content.decode()  # type: ignore[attr-defined]
    assert "Bel nu 112" in body
    assert Signal.objects.get().urgency == "acute"


def test_honeypot_and_too_fast_forms_store_nothing() -> None:
    assert _post(Client(), website="http://spam.example").status_code == 400  # type: ignore[attr-defined]
    assert _post(Client(), form_token=_token(seconds_ago=0)).status_code == 400  # type: ignore[attr-defined]
    assert _post(Client(), form_token="forged").status_code == 400  # type: ignore[attr-defined]
    assert Signal.objects.count() == 0


@override_settings(PUBLIC_SUBMIT_LIMIT=3)
def test_submissions_are_rate_limited_per_client() -> None:
    statuses = [_post(Client()).status_code for _ in range(5)]  # type: ignore[attr-defined]
    assert statuses == [200, 200, 200, 429, 429]
    assert Signal.objects.count() == 3
    other = Client().post("/melden/", {"narrative": "x"}, REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 400  # a different client is not limited (only its input is wrong)


@override_settings(PUBLIC_RECEIPT_LIMIT=2)
def test_receipt_guessing_is_rate_limited() -> None:
    statuses = [Client().post("/melden/opvolgen/", {"code": "ABCD"}, REMOTE_ADDR=IP).status_code for _ in range(4)]
    assert statuses == [400, 400, 429, 429]


def test_invalid_input_gets_errors_in_the_page_language() -> None:
    response = _post(Client(), lang="en", narrative="", phones="12345")
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'lang="en"' in body
    assert "12345" in body and 'aria-invalid="true"' in body
    assert Signal.objects.count() == 0


@pytest.mark.parametrize("lang", ["nl", "en", "pl", "ro", "bg", "uk"])
def test_public_page_in_six_languages(lang: str) -> None:
    response = Client().get(f"/melden/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()


def test_unknown_language_is_404() -> None:
    assert Client().get("/melden/xx/").status_code == 404


def test_public_page_works_without_javascript() -> None:
    body = Client().get("/melden/").content.decode()
    assert "<script" not in body
    assert 'method="post"' in body


@override_settings(PROXY_COUNT=1, PUBLIC_SUBMIT_LIMIT=1)
def test_rate_limit_uses_the_client_address_from_the_trusted_proxy() -> None:
    proxy = "10.0.0.2"
    first = Client().post("/melden/", {"narrative": ""}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = Client().post("/melden/", {"narrative": ""}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    again = Client().post(
        "/melden/", {"narrative": ""}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    assert (first.status_code, second.status_code, again.status_code) == (400, 400, 429)


@override_settings(PUBLIC_MUNICIPALITY_CODE="GM9999")
def test_misconfigured_public_page_says_so() -> None:
    response = Client().get("/melden/")
    assert response.status_code == 503
    assert "Meldpunt tijdelijk niet beschikbaar" in response.content.decode()
