"""Hostile uploads are refused with a Dutch error and nothing half-saved; script in every
free-text field comes out escaped on the staff detail page, the partner's share page and the
anonymous reporter's follow-up page; the public form never crashes on arbitrary input."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.intake import abuse
from schakel.routing import services as routing
from schakel.routing.models import LegalBasis
from schakel.signals import entities as e
from schakel.signals.models import Signal, SignalAttachment, SignalEntity
from schakel.signals.services import reporter_question_ask
from schakel.signals.workflow import transition
from tests.conftest import make_signal, verified_client
from tests.test_intake import _form

pytestmark = pytest.mark.django_db

LIAISON_ORG = "Gemeente Arnhem – Burgerzaken"


@pytest.fixture(autouse=True)
def _clear_rate_limits(reference_data: None) -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _file(content: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def _zip_bomb_ish() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nullen.txt", b"\0" * 5_000_000)
    return buffer.getvalue()


def _png_claiming_huge_size() -> bytes:
    # A valid PNG header claiming 60000×60000 pixels (a decompression bomb if ever decoded).
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))


HOSTILE = {
    "svg_with_script": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "kaart.svg"),
    "svg_named_png": (b'<?xml version="1.0"?><svg onload="alert(1)"/>', "foto.png"),
    "html": (b"<!doctype html><html><body><script>alert(1)</script></body></html>", "pagina.html"),
    "html_named_pdf": (b"<html><script>alert(document.cookie)</script></html>", "verslag.pdf"),
    "gif_html_polyglot": (b"GIF89a/*<script>alert(1)</script>*/", "plaatje.jpg"),
    "zip_bomb_ish": (_zip_bomb_ish(), "archief.pdf"),
    "windows_executable": (b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 64, "foto.jpeg"),
    "empty": (b"", "leeg.pdf"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_upload_is_refused_in_dutch_and_nothing_is_saved(name: str, make_user: Callable[..., User]) -> None:
    content, filename = HOSTILE[name]
    client = verified_client(make_user(Role.INTERNAL_LIAISON, LIAISON_ORG))
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": [_file(content, filename)]})
    assert response.status_code == 400, name
    body = response.content.decode()
    assert "is geen PDF, PNG of JPEG" in body or "Het ingediende bestand is leeg" in body, name
    assert Signal.objects.count() == 0 and SignalAttachment.objects.count() == 0
    assert SignalEntity.objects.count() == 0


def test_oversized_upload_is_refused_and_nothing_is_saved(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, LIAISON_ORG))
    big = _file(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1), "groot.pdf")
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": [big]})
    assert response.status_code == 400
    assert "is groter dan 10 MB" in response.content.decode()
    assert Signal.objects.count() == 0 and SignalAttachment.objects.count() == 0


def test_too_many_uploads_are_refused(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, LIAISON_ORG))
    files = [_file(b"%PDF-1.4\n%%EOF", f"{i}.pdf") for i in range(6)]
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": files})
    assert response.status_code == 400
    assert "hoogstens 5 bestanden" in response.content.decode()
    assert Signal.objects.count() == 0 and SignalAttachment.objects.count() == 0


def test_one_bad_file_among_good_ones_saves_nothing(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, LIAISON_ORG))
    files = [_file(b"%PDF-1.4\n%%EOF", "goed.pdf"), _file(HOSTILE["html"][0], "slecht.pdf")]
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": files})
    assert response.status_code == 400
    assert Signal.objects.count() == 0 and SignalAttachment.objects.count() == 0


def test_files_that_are_their_type_are_served_as_downloads_never_rendered(
    make_user: Callable[..., User], chain_director: User
) -> None:
    # A PDF named .png, and a PNG header that would be a decompression bomb if decoded: stored
    # by their real type, never decoded by the server, and sent as a download with nosniff.
    client = verified_client(make_user(Role.INTERNAL_LIAISON, LIAISON_ORG))
    files = [
        _file(b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF", "foto.png"),
        _file(_png_claiming_huge_size(), "x.png"),
    ]
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": files})
    assert response.status_code == 302
    types = sorted(SignalAttachment.objects.values_list("content_type", flat=True))
    assert types == ["application/pdf", "image/png"]
    director = verified_client(chain_director)
    for attachment in SignalAttachment.objects.all():
        download = director.get(f"/signalen/{attachment.signal_id}/bijlagen/{attachment.pk}/")
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Type"] == attachment.content_type


# --- Script injection: every free-text field, escaped wherever it is shown ------------------

FIELDS = {
    "narrative": "<script>alert('narrative')</script>",
    "location_description": "<img src=x onerror=alert('loc')>",
    "street": "<b>Straat</b>",
    "city": "<i>Plaats</i>",
    "partner_reference": '"><script>ref</script>',
    "person_description": "<script>persoon</script>",
    "advert": "https://example.org/<script>ad</script>",
    "question": "<script>vraag()</script>",
    "reply": "<iframe src=//evil>antwoord</iframe>",
    "feedback": "<script>terugkoppeling()</script>",
}


def _assert_escaped(body: str, *keys: str) -> None:
    for key in keys:
        raw = FIELDS[key]
        # Only the markup's angle brackets matter: a raw "<script", "<img", "<iframe" would run.
        assert raw not in body, key
        tag = re.match(r".*?<(\w+)", raw).group(1)  # type: ignore[union-attr]
        assert f"&lt;{tag}" in body, key
    for tag in ("script", "img", "iframe"):
        assert not re.search(rf"<{tag}[^>]*>(alert|ref|persoon|ad|vraag|antwoord|terugkoppeling)", body), tag


def test_script_in_every_free_text_field_is_escaped_everywhere(
    make_user: Callable[..., User], chain_director: User, police_user: User
) -> None:
    from schakel.signals.services import Location

    reporter = make_user(Role.INTERNAL_LIAISON, LIAISON_ORG)
    signal = make_signal(
        reporter,
        narrative=FIELDS["narrative"],
        partner_reference=FIELDS["partner_reference"],
        location=Location(
            street=FIELDS["street"], house_number=12, postcode="6828CC", city=FIELDS["city"],
            description=FIELDS["location_description"],
        ),
        entities=[e.person(role="witness", description=FIELDS["person_description"]), e.advert(FIELDS["advert"])],
    )  # fmt: skip
    transition(actor=chain_director, signal=signal, to_status="triage")
    transition(actor=chain_director, signal=signal, to_status="verification")
    police = Organisation.objects.get(short_name="Politie")
    share = routing.share_create(
        actor=chain_director, signal=signal, partner=police, purpose="onderzoek",
        legal_basis=LegalBasis.objects.get(code="aangifte-melding-politie"),
        parts=["narrative", "location", "details"],
    )  # fmt: skip
    routing.share_acknowledge(actor=police_user, share=share)
    routing.share_feedback(actor=police_user, share=share, outcome="investigating", text=FIELDS["feedback"])

    detail = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    _assert_escaped(detail, "narrative", "location_description", "street", "city", "partner_reference",
                    "person_description", "feedback")  # fmt: skip
    shared = verified_client(police_user).get(f"/gedeeld/{share.uuid}/").content.decode()
    _assert_escaped(shared, "narrative", "location_description", "street", "city", "feedback")


def _public_token() -> str:
    with time_machine.travel(timezone.now() - timezone.timedelta(seconds=30), tick=False):
        return abuse.new_form_token()


def test_script_on_the_public_follow_up_page_is_escaped(chain_director: User) -> None:
    data = {
        "narrative": FIELDS["narrative"], "situation": ["labour"], "danger_now": "no", "minor_involved": "unknown",
        "address": "", "phones": "", "plates": "", "links": "", "people": "", "website": "",
        "form_token": _public_token(),
    }  # fmt: skip
    body = Client().post("/melden/", data, REMOTE_ADDR="203.0.113.9").content.decode()
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', body).group(1)  # type: ignore[union-attr]
    signal = Signal.objects.get()
    reporter_question_ask(actor=chain_director, signal=signal, text=FIELDS["question"])
    client = Client()
    reply = client.post("/melden/opvolgen/", {"code": code, "text": FIELDS["reply"]}, REMOTE_ADDR="203.0.113.9")
    assert reply.status_code == 200
    _assert_escaped(reply.content.decode(), "question", "reply")
    detail = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    _assert_escaped(detail, "narrative", "question", "reply")


# --- Property test: the public form accepts or refuses arbitrary input, never crashes -------

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)


@given(
    narrative=_text,
    address=_text,
    phones=_text,
    plates=_text,
    links=_text,
    people=_text,
    observed_on=_text,
    situation=st.lists(st.sampled_from(["labour", "sexual", "criminal", "unknown", "x"]), max_size=3),
    danger=st.sampled_from(["no", "yes", "", "maybe"]),
)
@settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
def test_public_form_never_crashes_and_stores_only_valid_reports(
    narrative: str, address: str, phones: str, plates: str, links: str, people: str,
    observed_on: str, situation: list[str], danger: str,
) -> None:  # fmt: skip
    cache.clear()
    before = Signal.objects.count()
    data = {
        "narrative": narrative, "address": address, "phones": phones, "plates": plates, "links": links,
        "people": people, "observed_on": observed_on, "situation": situation, "danger_now": danger,
        "minor_involved": "unknown", "website": "", "form_token": _public_token(),
    }  # fmt: skip
    response = Client().post("/melden/", data, REMOTE_ADDR="203.0.113.10")
    assert response.status_code in (200, 400)
    after = Signal.objects.count()
    if response.status_code == 200:
        assert after == before + 1
        signal = Signal.objects.order_by("-pk").first()
        assert signal is not None and signal.narrative.strip()
    else:
        assert after == before
        assert 'class="utrecht-form-field-error-message' in response.content.decode() or "lukte niet" in (
            response.content.decode()
        )
