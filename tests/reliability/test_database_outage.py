"""When the database cannot be reached, people get a clear 503 "try again" page, never a
stack trace, wherever the error is raised (session middleware, view); and the next request
after the outage works again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from schakel.accounts.models import User
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error: type[Exception] = OperationalError) -> Iterator[None]:
    # Every query opens the connection through ensure_connection(): as with PostgreSQL stopped.
    with patch.object(
        connection, "ensure_connection", side_effect=error("could not connect to server: Connection refused")
    ):
        yield


def _assert_try_again(response: object) -> str:
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert response["Retry-After"] == "30"  # type: ignore[index]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Traceback" not in body and "OperationalError" not in body and "Connection refused" not in body
    return body


def test_public_page_says_try_again_when_the_database_is_down(reference_data: None) -> None:
    client = Client(raise_request_exception=False)
    with database_down():
        body = _assert_try_again(client.get("/melden/"))
        posted = _assert_try_again(client.post("/melden/", {"narrative": "x", "form_token": "t"}))
    assert "Probeer het over een paar minuten opnieuw" in body and "112" in body
    assert "Uw melding is niet verstuurd" in posted
    assert client.get("/melden/").status_code == 200  # back by itself


def test_public_page_in_another_language_answers_in_that_language(reference_data: None) -> None:
    with database_down():
        response = Client(raise_request_exception=False).get("/melden/en/")
    body = _assert_try_again(response)
    assert 'lang="en"' in body


def test_staff_pages_say_try_again_even_when_the_session_cannot_be_read(chain_director: User) -> None:
    client = verified_client(chain_director)
    client.raise_request_exception = False
    with database_down(InterfaceError):
        body = _assert_try_again(client.get("/signalen/"))
    assert "Probeer het over een minuut opnieuw" in body
    assert client.get("/signalen/").status_code == 200


def test_the_api_answers_503_too(reference_data: None) -> None:
    with database_down():
        response = Client(raise_request_exception=False).post(
            "/api/v1/signals/", "{}", content_type="application/json", HTTP_AUTHORIZATION="Token a.b"
        )
    _assert_try_again(response)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503


def test_other_errors_still_get_the_500_page(reference_data: None) -> None:
    with patch("schakel.intake.views.abuse.new_form_token", side_effect=RuntimeError("bug")):
        response = Client(raise_request_exception=False).get("/melden/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
