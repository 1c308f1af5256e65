"""People and things found after intake: the chain director adds them to a signal, and they are
matched as a new signal's are (issue 5: "every entity in a new or edited signal")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.entities.models import LinkSuggestion
from schakel.signals import entities as e
from schakel.signals.models import Signal, SignalEntity, SignalStatus
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db

EMPTY_ROWS = {
    "persons-TOTAL_FORMS": "1",
    "persons-INITIAL_FORMS": "0",
    "details-TOTAL_FORMS": "2",
    "details-INITIAL_FORMS": "0",
    "persons-0-role": "unknown",
    "persons-0-sex": "unknown",
}


def _url(signal: Signal) -> str:
    return f"/signalen/{signal.pk}/gegevens/"


def test_the_chain_director_adds_what_verification_found_and_it_is_matched(
    chain_director: User, liaison: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    earlier = make_signal(liaison, entities=[e.phone("06-41234567")])
    signal = make_signal(liaison, entities=[e.vehicle("12-ABC-3")])
    client = verified_client(chain_director)
    detail = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert f'href="{_url(signal)}"' in detail  # offered on the signal page
    form = client.get(_url(signal))
    assert form.status_code == 200 and "Persoon of gegeven toevoegen" in form.content.decode()
    data = {
        **EMPTY_ROWS,
        "persons-0-role": "possible_perpetrator",
        "persons-0-name": "Marek Zielinski",
        "details-0-kind": "phone",
        "details-0-value": "+31 6 4123 4567",
    }
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(_url(signal), data)
    assert response.status_code == 302 and response["Location"] == f"/signalen/{signal.pk}/#h-entities"
    assert sorted(signal.entities.values_list("kind", "display")) == [
        ("person", "Marek Zielinski"),
        ("phone", "+31641234567"),
        ("vehicle", "12-ABC-3"),
    ]
    # Matched after commit, as a new signal: the phone now meets the earlier signal's.
    link = LinkSuggestion.objects.select_related("entity_a", "entity_b").get(kind="phone")
    assert {link.entity_a.signal_id, link.entity_b.signal_id} == {earlier.pk, signal.pk}
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(signal.pk)).latest("pk")
    assert event.purpose == "gegevens toevoegen" and event.detail == {"added": ["person", "phone"]}
    assert "Zielinski" not in str(event.detail) and "4123" not in str(event.detail)
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "2 toegevoegd. Schakel zoekt er nu koppelingen bij." in page
    assert f'data-testid="suggestion-{link.pk}"' in page


def test_bad_input_is_named_next_to_its_field_and_nothing_is_added(chain_director: User, liaison: User) -> None:
    signal = make_signal(liaison, entities=[e.vehicle("12-ABC-3")])
    client = verified_client(chain_director)
    before = AuditEvent.objects.filter(action=AuditAction.UPDATE).count()
    bad = {
        **EMPTY_ROWS,
        "persons-0-name": "Anna Jansen",
        "details-0-kind": "phone",
        "details-0-value": "bel me",
        "details-1-kind": "vehicle",
        "details-1-value": "99-LLL-1",
    }
    response = client.post(_url(signal), bad)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nog niets toegevoegd. Controleer de gemarkeerde velden." in body
    assert 'id="id_details-0-value_error"' in body  # the error sits with the field
    assert 'value="Anna Jansen"' in body and 'value="99-LLL-1"' in body  # what was typed stays
    empty = client.post(_url(signal), EMPTY_ROWS)
    assert empty.status_code == 400 and "Vul een persoon of een gegeven in." in empty.content.decode()
    assert list(signal.entities.values_list("kind", flat=True)) == ["vehicle"]
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == before


def test_one_more_row_without_script_and_without_errors(chain_director: User, liaison: User) -> None:
    signal = make_signal(liaison)
    response = verified_client(chain_director).post(_url(signal), {**EMPTY_ROWS, "add_detail": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="details-2-value"' in body and "Controleer" not in body
    assert not SignalEntity.objects.filter(signal=signal).exists()


def test_a_closed_signal_stays_as_it_was_closed(chain_director: User, liaison: User) -> None:
    signal = make_signal(liaison)
    Signal.objects.filter(pk=signal.pk).update(status=SignalStatus.CLOSED)
    client = verified_client(chain_director)
    assert f'href="{_url(signal)}"' not in client.get(f"/signalen/{signal.pk}/").content.decode()
    page = client.get(_url(signal)).content.decode()
    assert "Dit signaal is afgesloten: er kan niets meer bij." in page and 'name="details-0-value"' not in page
    response = client.post(_url(signal), {**EMPTY_ROWS, "details-0-kind": "phone", "details-0-value": "0612345678"})
    assert response.status_code == 400
    assert not signal.entities.exists()


def test_nobody_else_adds_to_a_signal(police_user: User, liaison: User, chain_director: User) -> None:
    own = make_signal(liaison)
    data = {**EMPTY_ROWS, "details-0-kind": "phone", "details-0-value": "0612345678"}
    for user in (liaison, police_user):
        client = verified_client(user)
        assert client.get(_url(own)).status_code == 404
        assert client.post(_url(own), data).status_code == 404
        assert f'href="{_url(own)}"' not in client.get(f"/signalen/{own.pk}/").content.decode()
    assert not own.entities.exists()
