"""The public page makes no third-party request: every resource it references is on our own
origin, the CSP allows nothing else, and it sets no cookie before or after a submission."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from schakel.intake import abuse

pytestmark = pytest.mark.django_db

URL_ATTRIBUTE = re.compile(r'\b(?:src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"', re.IGNORECASE)


@pytest.fixture(autouse=True)
def _clear(reference_data: None) -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _third_party(body: str) -> list[str]:
    found = []
    for value in URL_ATTRIBUTE.findall(body):
        external = value.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE)
        if external and not value.startswith(("tel:", "mailto:")):
            found.append(value)
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", body)
    found += re.findall(r"@import\s+['\"]?(?:https?:)?//", body)
    return found


@pytest.mark.parametrize("path", [f"/melden/{lang}/" for lang in settings.PUBLIC_LANGUAGES] + ["/melden/opvolgen/"])
def test_public_pages_reference_only_our_own_origin(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert _third_party(body) == []
    for attributes in re.findall(r"<script\b([^>]*)>", body, re.IGNORECASE):
        assert 'src="/static/' in attributes, attributes  # no inline or foreign scripts
    csp = response["Content-Security-Policy"]
    for directive in ("default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "form-action"):
        sources = re.search(rf"{directive} ([^;]+)", csp).group(1).split()  # type: ignore[union-attr]
        assert set(sources) <= {"'self'", "data:"}, (directive, sources)
    assert not response.cookies


def test_no_cookie_before_or_after_a_submission() -> None:
    client = Client()
    assert not client.get("/melden/").cookies
    with time_machine.travel(timezone.now() - timezone.timedelta(seconds=30), tick=False):
        token = abuse.new_form_token()
    response = client.post(
        "/melden/",
        {"narrative": "Er slapen twintig mensen in een schuur.", "situation": ["labour"], "danger_now": "no",
         "minor_involved": "unknown", "website": "", "form_token": token},
        REMOTE_ADDR="203.0.113.40",
    )  # fmt: skip
    assert response.status_code == 200 and "receipt-code" in response.content.decode()
    assert not response.cookies and not client.cookies
    assert _third_party(response.content.decode()) == []
