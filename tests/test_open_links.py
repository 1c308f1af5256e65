"""The chain director's queue of suggestions waiting for a judgement (issue 5)."""

from __future__ import annotations

import pytest

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.entities.models import LinkSuggestion, SuggestionStatus
from schakel.entities.services import link_signal
from schakel.signals import entities as e
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db

URL = "/entiteiten/koppelingen/"


def _three_links(liaison: User) -> dict[str, LinkSuggestion]:
    make_signal(
        liaison,
        entities=[
            e.phone("06-41234567"),
            e.person(role="witness", name="Anna Jansen"),
            e.address("Klarendalseweg 101, 6822 GB Arnhem"),
        ],
    )
    newer = make_signal(
        liaison,
        entities=[
            e.phone("+31641234567"),
            e.person(role="witness", name="Anna Jansen"),
            e.address("Klarendalseweg 101, Arnhem"),
        ],
    )
    link_signal(newer.pk)
    return {s.kind: s for s in LinkSuggestion.objects.all()}


def test_the_queue_lists_what_waits_for_a_judgement_strongest_first_and_judges_in_place(
    chain_director: User, liaison: User
) -> None:
    links = _three_links(liaison)
    assert set(links) == {"phone", "person", "address"}
    client = verified_client(chain_director)
    home = client.get("/").content.decode()
    # The same phone number is one thing by its value (ADR 0020): shown on the signal page,
    # not work to do. The address without its postcode and the name are.
    assert f'href="{URL}"' in home and 'data-testid="stat-open-links">2<' in home
    page = client.get(URL).content.decode()
    assert "2 voorstellen wachten op je oordeel" in page
    assert f'suggestion-{links["phone"].pk}"' not in page
    signal_page = client.get(f"/signalen/{links['phone'].entity_b.signal_id}/").content.decode()
    assert f'suggestion-{links["phone"].pk}"' in signal_page
    strongest_first = sorted((links["person"], links["address"]), key=lambda s: (-s.score, -s.pk))
    assert strongest_first[-1].kind == "person"  # a name alone is the weakest
    positions = [page.index(f'data-testid="suggestion-{s.pk}"') for s in strongest_first]
    assert positions == sorted(positions)
    assert "adres: zelfde straat en huisnummer" in page and "Anna Jansen" in page
    event = AuditEvent.objects.filter(action=AuditAction.LIST, purpose="mogelijke koppelingen beoordelen").latest("pk")
    assert sorted(event.detail["suggestions"]) == sorted((links["person"].pk, links["address"].pk))
    assert "Anna" not in str(event.detail)
    # A filter by kind, and a judgement that returns to the same filtered page.
    persons = client.get(URL, {"soort": "person"}).content.decode()
    assert f'suggestion-{links["person"].pk}"' in persons and f'suggestion-{links["address"].pk}"' not in persons
    response = client.post(
        f"/entiteiten/koppelingen/{links['person'].pk}/",
        {"decision": "rejected", "next": f"{URL}?soort=person"},
    )
    assert response.status_code == 302 and response["Location"] == f"{URL}?soort=person"
    links["person"].refresh_from_db()
    assert links["person"].status == SuggestionStatus.REJECTED
    after = client.get(URL).content.decode()
    assert f'suggestion-{links["person"].pk}"' not in after and "1 voorstel wacht op je oordeel" in after


def test_pages_of_the_queue(chain_director: User, liaison: User) -> None:
    for name in ("Anna Jansen", "Piet Baan", "Olena Kovalenko"):
        make_signal(liaison, entities=[e.person(role="witness", name=name)])
        later = make_signal(liaison, entities=[e.person(role="witness", name=name)])
        link_signal(later.pk)
    client = verified_client(chain_director)
    from schakel.entities.selectors import open_suggestions

    first = open_suggestions(actor=chain_director, per_page=2)
    second = open_suggestions(actor=chain_director, page=2, per_page=2)
    assert (first.total, len(first.rows), first.more) == (3, 2, True)
    assert (len(second.rows), second.more) == (1, False)
    assert {r.suggestion.pk for r in first.rows}.isdisjoint({r.suggestion.pk for r in second.rows})
    assert client.get(URL, {"pagina": "x"}).status_code == 200  # a bad page number is page 1
    assert client.get(URL, {"soort": "<script>"}).status_code == 200  # an unknown kind is all kinds


def test_nobody_else_sees_the_queue(police_user: User, liaison: User) -> None:
    _three_links(liaison)
    for user in (police_user, liaison):
        client = verified_client(user)
        assert client.get(URL).status_code == 404
        assert 'data-testid="stat-open-links"' not in client.get("/").content.decode()


def test_a_suggestion_that_other_judgements_already_decide_says_so(chain_director: User, liaison: User) -> None:
    from schakel.entities.services import suggestion_decide

    signals = [make_signal(liaison, entities=[e.person(role="witness", name="Anna Jansen")]) for _ in range(3)]
    for signal in signals[1:]:
        link_signal(signal.pk)
    first, second, third = (signal.entities.get() for signal in signals)

    def between(x: object, y: object) -> LinkSuggestion:
        return LinkSuggestion.objects.get(entity_a=min(x.pk, y.pk), entity_b=max(x.pk, y.pk))  # type: ignore[attr-defined]

    client = verified_client(chain_director)
    assert 'data-testid="implied"' not in client.get(URL).content.decode()
    suggestion_decide(actor=chain_director, suggestion=between(first, second), decision=SuggestionStatus.CONFIRMED)
    suggestion_decide(actor=chain_director, suggestion=between(second, third), decision=SuggestionStatus.CONFIRMED)
    implied = between(first, third)
    for url in (URL, f"/signalen/{signals[2].pk}/"):
        page = client.get(url).content.decode()
        item = page.split(f'data-testid="suggestion-{implied.pk}"', 1)[1].split("</li>", 1)[0]
        assert 'data-testid="implied"' in item and "volgens eerdere oordelen al dezelfde" in item, url
    # A "not the same" on the way breaks the chain: then nothing is implied.
    suggestion_decide(actor=chain_director, suggestion=between(second, third), decision=SuggestionStatus.REJECTED)
    assert 'data-testid="implied"' not in client.get(URL).content.decode()
