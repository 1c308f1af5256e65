"""Linking in the app: suggestions after intake, judgements, entity pages with hit/no-hit,
the network and the patterns (issue 5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.entities.models import LinkSuggestion, PatternSettings, SuggestionStatus
from schakel.entities.selectors import _cluster_of, patterns
from schakel.entities.services import link_municipality, link_signal, suggestion_decide
from schakel.signals import entities as e
from schakel.signals.models import Channel, Signal, SignalEntity
from schakel.signals.services import Location
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db


def test_new_signal_is_matched_after_commit(
    liaison: User, police_user: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    first = make_signal(police_user, channel=Channel.PARTNER, entities=[e.phone("06-41234567"), e.vehicle("12-ABC-3")])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        second = make_signal(
            liaison, entities=[e.phone("+31 6 4123 4567"), e.vehicle("12ABC3"), e.phone("06-20000000")]
        )
    pairs = {
        (s.kind, s.entity_a.signal_id, s.entity_b.signal_id)
        for s in LinkSuggestion.objects.select_related("entity_a", "entity_b")
    }
    assert pairs == {("phone", first.pk, second.pk), ("vehicle", first.pk, second.pk)}
    phone_link = LinkSuggestion.objects.get(kind="phone")
    assert phone_link.score > 0.9
    assert phone_link.explanation["contributions"][0]["comparison"] == "phone"
    assert phone_link.explanation["contributions"][0]["level"] == "exact"


def test_persons_with_the_same_name_and_birth_date_are_suggested_but_not_others(liaison: User) -> None:
    a = make_signal(
        liaison,
        entities=[
            e.person(
                role="possible_victim", name="Olena Kovalenko", birth_date=__import__("datetime").date(1999, 3, 12)
            )
        ],
    )
    make_signal(liaison, entities=[e.person(role="possible_victim", name="Anna Jansen")])
    b = make_signal(
        liaison,
        entities=[
            e.person(role="witness", name="Kovalenko, Olena", birth_date=__import__("datetime").date(1999, 3, 12))
        ],
    )
    assert link_signal(b.pk) == 1
    suggestion = LinkSuggestion.objects.get()
    assert {suggestion.entity_a.signal_id, suggestion.entity_b.signal_id} == {a.pk, b.pk}
    assert suggestion.score > 0.9


def test_rejected_pair_is_never_suggested_again_and_judgements_are_audited(chain_director: User, liaison: User) -> None:
    make_signal(liaison, entities=[e.phone("06-41234567")])
    second = make_signal(liaison, entities=[e.phone("06-41234567")])
    link_signal(second.pk)
    suggestion = LinkSuggestion.objects.get()
    suggestion_decide(actor=chain_director, suggestion=suggestion, decision=SuggestionStatus.REJECTED)
    assert link_signal(second.pk) == 0 and link_municipality(second.municipality_id) == 0
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED and LinkSuggestion.objects.count() == 1
    suggestion_decide(actor=chain_director, suggestion=suggestion, decision=SuggestionStatus.OPEN)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN and suggestion.decided_by is None
    events = AuditEvent.objects.filter(object_type="entities.linksuggestion", action=AuditAction.UPDATE)
    assert [ev.detail["to"] for ev in events.order_by("seq")] == ["rejected", "open"]


def test_not_the_same_is_never_overridden_by_transitivity(chain_director: User, liaison: User) -> None:
    signals = [make_signal(liaison, entities=[e.phone("06-41234567")]) for _ in range(3)]
    link_signal(signals[2].pk)
    link_signal(signals[1].pk)
    ids = [s.entities.get().pk for s in signals]
    links = {(s.entity_a_id, s.entity_b_id): s for s in LinkSuggestion.objects.all()}
    assert len(links) == 3
    suggestion_decide(actor=chain_director, suggestion=links[(ids[0], ids[1])], decision="confirmed")
    suggestion_decide(actor=chain_director, suggestion=links[(ids[1], ids[2])], decision="confirmed")
    suggestion_decide(actor=chain_director, suggestion=links[(ids[0], ids[2])], decision="rejected")
    cluster = _cluster_of(SignalEntity.objects.get(pk=ids[0]))
    assert ids[0] in cluster and not {ids[0], ids[2]} <= cluster


def test_only_the_chain_director_judges_via_the_page(chain_director: User, police_user: User, liaison: User) -> None:
    make_signal(liaison, entities=[e.phone("06-41234567")])
    second = make_signal(liaison, entities=[e.phone("06-41234567")])
    link_signal(second.pk)
    suggestion = LinkSuggestion.objects.get()
    assert (
        verified_client(police_user)
        .post(f"/entiteiten/koppelingen/{suggestion.pk}/", {"decision": "confirmed"})
        .status_code
        == 404
    )
    assert (
        verified_client(liaison)
        .post(f"/entiteiten/koppelingen/{suggestion.pk}/", {"decision": "confirmed"})
        .status_code
        == 404
    )
    page = verified_client(chain_director).get(f"/signalen/{second.pk}/").content.decode()
    assert f'data-testid="suggestion-{suggestion.pk}"' in page and "Waarom?" in page
    response = verified_client(chain_director).post(
        f"/entiteiten/koppelingen/{suggestion.pk}/", {"decision": "confirmed", "next": f"/signalen/{second.pk}/"}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "confirmed" and suggestion.decided_by == chain_director


def test_entity_page_shows_hits_in_hidden_records_only_as_the_holder(
    chain_director: User, police_user: User, liaison: User
) -> None:
    own = make_signal(liaison, narrative="EIGEN", entities=[e.phone("06-41234567")])
    theirs = make_signal(
        police_user,
        channel=Channel.PARTNER,
        narrative="POLITIE-INHOUD-9931",
        entities=[e.phone("06-41234567"), e.vehicle("99-LLL-1")],
    )
    link_signal(theirs.pk)
    entity = own.entities.get()
    body = verified_client(liaison).get(f"/entiteiten/{entity.pk}/").content.decode()
    assert "Politie Oost-Nederland" in body and 'data-testid="hidden-hits"' in body
    for withheld in (theirs.reference, "POLITIE-INHOUD-9931", "99-LLL-1"):
        assert withheld not in body
    director = verified_client(chain_director).get(f"/entiteiten/{entity.pk}/").content.decode()
    assert theirs.reference in director and 'data-testid="hidden-hits"' not in director
    police_entity = theirs.entities.get(kind="phone")
    assert verified_client(liaison).get(f"/entiteiten/{police_entity.pk}/").status_code == 404
    assert verified_client(police_user).get(f"/entiteiten/{entity.pk}/").status_code == 404
    assert AuditEvent.objects.filter(
        object_type="signals.signalentity", object_id=str(entity.pk), action=AuditAction.READ
    ).exists()


def test_network_reaches_co_occurring_entities_within_depth(chain_director: User, liaison: User) -> None:
    a = make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.vehicle("12-ABC-3")])
    b = make_signal(liaison, entities=[e.vehicle("12-ABC-3"), e.phone("06-41234567")])
    make_signal(liaison, entities=[e.phone("06-41234567"), e.bank_account("NL91ABNA0417164300")])
    for signal in (b, a):
        link_signal(signal.pk)
    for suggestion in LinkSuggestion.objects.all():
        suggestion_decide(actor=chain_director, suggestion=suggestion, decision="confirmed")
    person = a.entities.get(kind="person")
    client = verified_client(chain_director)
    depth1 = client.get(f"/entiteiten/{person.pk}/netwerk/?diepte=1").content.decode()
    assert "12-ABC-3" in depth1 and "+31641234567" not in depth1
    depth3 = client.get(f"/entiteiten/{person.pk}/netwerk/?diepte=3").content.decode()
    assert "+31641234567" in depth3 and "NL91ABNA0417164300" in depth3
    assert "<svg" in depth3 and "Het netwerk als tabel" in depth3


def test_patterns_with_configurable_thresholds(chain_director: User, police_user: User, liaison: User) -> None:
    hotspot = Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem")
    make_signal(liaison, location=hotspot)
    make_signal(liaison, location=hotspot)
    make_signal(police_user, channel=Channel.PARTNER, location=hotspot)
    make_signal(liaison, entities=[e.phone("06-41234567")])
    make_signal(police_user, channel=Channel.PARTNER, entities=[e.phone("06-41234567")])
    agency = e.organisation("Flexwerk Oost BV", kvk="90000012")
    for street, number, postcode in (
        ("Hommelseweg", 212, "6821LN"),
        ("Rosendaalseweg", 45, "6824KE"),
        ("Presikhaafweg", 88, "6826TB"),
    ):
        make_signal(
            liaison,
            entities=[agency],
            location=Location(street=street, house_number=number, postcode=postcode, city="Arnhem"),
        )
    make_signal(
        liaison,
        entities=[
            e.person(role="possible_perpetrator", name="Piet Baan"),
            e.vehicle("12-ABC-3"),
            e.vehicle("34-XYZ-5"),
        ],
    )
    make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.vehicle("G-123-BB")])
    found = {(p.kind, p.label, p.count) for p in patterns(actor=chain_director)}
    assert ("hotspot", "Klarendalseweg 101, 6822 GB", 3) in found
    assert ("phone", "+31641234567", 2) in found
    assert ("agency", "Flexwerk Oost BV", 3) in found
    assert any(kind == "front_person" and count == 3 for kind, _label, count in found)
    home = verified_client(chain_director).get("/").content.decode()
    # An agency counts addresses only; a possible front person anything linked to them.
    assert "3 adressen</td>" in home and "3 adressen, voertuigen of bedrijven</td>" in home
    PatternSettings.objects.create(hotspot_min_signals=4, agency_min_addresses=4, front_person_min_items=4)
    raised = {p.kind for p in patterns(actor=chain_director)}
    assert "hotspot" not in raised and "agency" not in raised and "front_person" not in raised and "phone" in raised
    assert 'data-testid="patterns"' in verified_client(chain_director).get("/").content.decode()
    assert patterns(actor=police_user) == []


def _network(user: User, entity: SignalEntity, depth: int = 2) -> str:
    response = verified_client(user).get(f"/entiteiten/{entity.pk}/netwerk/?diepte={depth}")
    assert response.status_code == 200
    return response.content.decode()


def test_network_joins_identifiers_by_value_and_does_not_follow_an_unjudged_name(
    chain_director: User, liaison: User
) -> None:
    a = make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.phone("06-41234567")])
    make_signal(liaison, entities=[e.phone("+31 6 4123 4567"), e.vehicle("12-ABC-3")])
    c = make_signal(
        liaison,
        entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.bank_account("NL91ABNA0417164300")],
        location=Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem"),
    )
    link_signal(c.pk)
    person = a.entities.get(kind="person")
    # No judgement yet: the same telephone number is the same number, so its other signal is
    # one step further; the namesake in c is shown as possibly the same but not followed.
    before = _network(chain_director, person)
    assert "12-ABC-3" in before
    assert 'data-relation="possible"' in before and 'data-testid="network-possible"' in before
    assert "NL91ABNA0417164300" not in before and "Klarendalseweg" not in before
    suggestion = LinkSuggestion.objects.get(kind="person")
    suggestion_decide(actor=chain_director, suggestion=suggestion, decision=SuggestionStatus.CONFIRMED)
    after = _network(chain_director, person)
    assert "NL91ABNA0417164300" in after and "Klarendalseweg 101" in after
    assert 'data-relation="possible"' not in after and 'data-testid="network-possible"' not in after


def test_network_keeps_a_not_the_same_judgement_even_for_the_same_value(chain_director: User, liaison: User) -> None:
    a = make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.phone("06-41234567")])
    b = make_signal(liaison, entities=[e.phone("06-41234567"), e.vehicle("12-ABC-3")])
    link_signal(b.pk)
    suggestion = LinkSuggestion.objects.get(kind="phone")
    suggestion_decide(actor=chain_director, suggestion=suggestion, decision=SuggestionStatus.REJECTED)
    person = a.entities.get(kind="person")
    assert "12-ABC-3" not in _network(chain_director, person)
    phone_page = verified_client(chain_director).get(f"/entiteiten/{a.entities.get(kind='phone').pk}/")
    assert b.reference not in phone_page.content.decode()
    suggestion_decide(actor=chain_director, suggestion=suggestion, decision=SuggestionStatus.OPEN)
    assert "12-ABC-3" in _network(chain_director, person)


def test_a_signals_place_and_an_address_with_the_same_value_are_one_node(chain_director: User, liaison: User) -> None:
    a = make_signal(
        liaison,
        entities=[e.person(role="witness", name="Anna Jansen"), e.address("Klarendalseweg 101, 6822 GB Arnhem")],
    )
    make_signal(
        liaison,
        location=Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem"),
        entities=[e.vehicle("34-XYZ-5")],
    )
    body = _network(chain_director, a.entities.get(kind="person"))
    assert "34-XYZ-5" in body
    assert body.count('<td class="utrecht-table__cell">Adres</td>') == 1


def test_a_signals_place_leads_to_the_signals_that_mention_that_address(chain_director: User, liaison: User) -> None:
    a = make_signal(
        liaison,
        location=Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem"),
        entities=[e.person(role="witness", name="Anna Jansen")],
    )
    make_signal(liaison, entities=[e.address("Klarendalseweg 101, 6822 GB Arnhem"), e.vehicle("34-XYZ-5")])
    body = _network(chain_director, a.entities.get(), depth=2)
    assert "34-XYZ-5" in body
    assert body.count('<td class="utrecht-table__cell">Adres</td>') == 1


def test_the_same_value_in_a_hidden_record_is_only_a_hit(
    chain_director: User, police_user: User, liaison: User
) -> None:
    own = make_signal(liaison, entities=[e.phone("06-41234567")])
    theirs = make_signal(
        police_user,
        channel=Channel.PARTNER,
        narrative="POLITIE-INHOUD-9931",
        entities=[e.phone("+31641234567"), e.vehicle("99-LLL-1")],
        location=Location(street="Hommelseweg", house_number=212, postcode="6821LN", city="Arnhem"),
    )
    phone = own.entities.get()
    # No suggestion was made (nothing was linked): the value alone makes the hit.
    assert not LinkSuggestion.objects.exists()
    page = verified_client(liaison).get(f"/entiteiten/{phone.pk}/").content.decode()
    assert 'data-testid="hidden-hits"' in page and "Politie Oost-Nederland" in page
    network = _network(liaison, phone, depth=3)
    for withheld in (theirs.reference, "99-LLL-1", "Hommelseweg"):
        assert withheld not in page and withheld not in network
    director = _network(chain_director, phone)
    assert "99-LLL-1" in director and "Hommelseweg 212" in director


def test_entity_page_labels_the_same_value_and_lets_only_the_director_judge(
    chain_director: User, liaison: User
) -> None:
    a = make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.phone("06-41234567")])
    b = make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.phone("06-41234567")])
    link_signal(b.pk)
    director = verified_client(chain_director)
    phone_page = director.get(f"/entiteiten/{a.entities.get(kind='phone').pk}/").content.decode()
    assert b.reference in phone_page and "zelfde gegeven" in phone_page
    person = a.entities.get(kind="person")
    suggestion = LinkSuggestion.objects.get(kind="person")
    page = director.get(f"/entiteiten/{person.pk}/").content.decode()
    assert f'data-testid="decide-{suggestion.pk}"' in page and "mogelijke koppeling" in page and "Waarom?" in page
    assert f'data-testid="decide-{suggestion.pk}"' not in (
        verified_client(liaison).get(f"/entiteiten/{person.pk}/").content.decode()
    )
    response = director.post(
        f"/entiteiten/koppelingen/{suggestion.pk}/", {"decision": "confirmed", "next": f"/entiteiten/{person.pk}/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/entiteiten/{person.pk}/"
    page = director.get(f"/entiteiten/{person.pk}/").content.decode()
    assert "bevestigd: zelfde" in page and f'data-testid="decide-{suggestion.pk}"' not in page


def test_an_address_page_lists_the_signals_about_that_place(
    chain_director: User, police_user: User, liaison: User
) -> None:
    place = Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem")
    a = make_signal(liaison, entities=[e.address("Klarendalseweg 101, 6822 GB Arnhem")])
    about = make_signal(liaison, location=place, narrative="EIGEN MELDING")
    theirs = make_signal(police_user, channel=Channel.PARTNER, location=place, narrative="POLITIE-INHOUD-4410")
    make_signal(liaison, location=Location(street="Klarendalseweg", house_number=103, postcode="6822GB", city="Arnhem"))
    address = a.entities.get()
    director = verified_client(chain_director).get(f"/entiteiten/{address.pk}/").content.decode()
    assert about.reference in director and theirs.reference in director
    assert director.count("plaats van het signaal") == 2
    page = verified_client(liaison).get(f"/entiteiten/{address.pk}/").content.decode()
    assert about.reference in page and "plaats van het signaal" in page
    assert theirs.reference not in page and "POLITIE-INHOUD-4410" not in page
    assert 'data-testid="hidden-hits"' in page and "Politie Oost-Nederland" in page


def test_the_network_walks_each_signal_once(
    chain_director: User, liaison: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from schakel.entities import selectors

    first = make_signal(
        liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.phone("06-41234567")]
    )
    for number in range(8):
        make_signal(liaison, entities=[e.phone("06-41234567"), e.vehicle(f"{number}{number}-ABC-{number}")])
    walked: list[int] = []
    queries_per_step: list[int] = []
    real_entities_of_signals = selectors.entities_of_signals

    def counting(*, actor: object, signals: Iterable[Signal]) -> dict[int, list[SignalEntity]]:
        signals = list(signals)
        walked.extend(signal.pk for signal in signals)
        queries_per_step.append(len(signals))
        return real_entities_of_signals(actor=actor, signals=signals)

    monkeypatch.setattr(selectors, "entities_of_signals", counting)
    body = _network(chain_director, first.entities.get(kind="person"), depth=3)
    assert all(f"{n}{n}-ABC-{n}" in body for n in range(8))
    # The walk reads nine signals, each once, though every vehicle leads back to all of them;
    # the first step reads the person's signal, the second the eight others at once.
    assert sorted(walked) == sorted(set(walked)) and len(walked) == 9
    assert walked[0] == first.pk and queries_per_step[:2] == [1, 8]


def test_a_possible_victim_in_a_link_stays_hidden_from_who_may_see_signals_but_not_victims(
    chain_director: User, police_user: User, liaison: User, make_user: Callable[..., User]
) -> None:
    # No role today may see every signal without seeing victims; a deputy given only that
    # permission shows the rule holds for entity pages and networks alike (ADR 0020).
    from django.contrib.auth.models import Permission

    from schakel.accounts.roles import Role

    deputy = make_user(Role.ANALYST, "Gemeente Arnhem – Ketenregie mensenhandel")
    deputy.user_permissions.add(Permission.objects.get(codename="view_all_signals"))
    deputy = User.objects.get(pk=deputy.pk)  # fresh permission cache
    own = make_signal(
        liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.phone("06-41234567")]
    )
    victim = make_signal(
        police_user, channel=Channel.PARTNER, entities=[e.person(role="possible_victim", name="Piet Baan")]
    )
    link_signal(victim.pk)
    assert LinkSuggestion.objects.filter(kind="person").exists()
    person = own.entities.get(kind="person")
    for judged in (False, True):
        if judged:
            suggestion_decide(
                actor=chain_director, suggestion=LinkSuggestion.objects.get(kind="person"), decision="confirmed"
            )
        director_page = verified_client(chain_director).get(f"/entiteiten/{person.pk}/").content.decode()
        assert victim.reference in director_page
        page = verified_client(deputy).get(f"/entiteiten/{person.pk}/").content.decode()
        assert victim.reference not in page, judged
        assert 'data-testid="hidden-hits"' in page and "Politie Oost-Nederland" in page
        # Nor on the signal pages' suggestions, from either side.
        for signal in (own, victim):
            body = verified_client(deputy).get(f"/signalen/{signal.pk}/").content.decode()
            assert "Mogelijke koppelingen" in body and 'data-testid="suggestion-' not in body
        # Nor in the work list of open suggestions (while it is open).
        if not judged:
            queue = verified_client(deputy).get("/entiteiten/koppelingen/").content.decode()
            assert "Piet Baan" not in queue and 'data-testid="suggestion-' not in queue
            director_queue = verified_client(chain_director).get("/entiteiten/koppelingen/").content.decode()
            assert 'data-testid="suggestion-' in director_queue and "Piet Baan" in director_queue
        assert (
            'data-testid="suggestion-' in verified_client(chain_director).get(f"/signalen/{own.pk}/").content.decode()
        )
        network = _network(deputy, person)
        assert 'data-relation="possible"' not in network
        assert network.count("data-relation=") == 2  # the person and the phone of the own signal
        assert ('data-relation="possible"' in _network(chain_director, person)) is not judged
    # A possible victim used as a front person (cars in their name) is a pattern, unnamed for
    # the deputy and without a link to a page they could not open.
    for plate in ("12-ABC-3", "34-XYZ-5", "G-123-BB"):
        make_signal(
            police_user,
            channel=Channel.PARTNER,
            entities=[e.person(role="possible_victim", name="Olena K"), e.vehicle(plate)],
        )
    fronts = [p for p in patterns(actor=deputy) if p.kind == "front_person" and p.count == 3]
    assert [(p.label, p.entity_id) for p in fronts] == [("[afgeschermd]", None)]
    assert any(p.label == "Olena K" for p in patterns(actor=chain_director) if p.kind == "front_person")
    home = verified_client(deputy).get("/").content.decode()
    assert "Olena K" not in home and "[afgeschermd]" in home


def test_the_signal_page_groups_suggestions_by_its_own_person_or_thing(chain_director: User, liaison: User) -> None:
    older = make_signal(liaison, entities=[e.phone("06-41234567"), e.vehicle("12-ABC-3")])
    newer = make_signal(liaison, entities=[e.phone("06-41234567")])
    signal = make_signal(liaison, entities=[e.phone("+31641234567"), e.vehicle("12ABC3")])
    link_signal(signal.pk)
    phone, vehicle = signal.entities.order_by("pk")
    by_kind = {
        (s.kind, (s.entity_b if s.entity_a.signal_id == signal.pk else s.entity_a).signal_id): s
        for s in LinkSuggestion.objects.select_related("entity_a", "entity_b")
    }
    assert set(by_kind) == {("phone", older.pk), ("phone", newer.pk), ("vehicle", older.pk)}
    # The older signal's phone link is judged: it goes after the open one.
    suggestion_decide(actor=chain_director, suggestion=by_kind["phone", older.pk], decision=SuggestionStatus.REJECTED)
    page = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    groups = page.split('data-testid="suggestions-of-')[1:]
    assert [int(group.split('"', 1)[0]) for group in groups] == [phone.pk, vehicle.pk]
    phone_group, vehicle_group = groups
    assert "Lijkt op 2 eerder bekenden:" in phone_group and "Lijkt op 1 eerder bekende:" in vehicle_group
    # The own value is the group's heading, not repeated on every suggestion ("… ↔ …").
    assert f'<h3 class="utrecht-heading-3">{phone.display} ' in phone_group and "↔" not in page
    first, second = (phone_group.index(f'suggestion-{by_kind["phone", pk].pk}"') for pk in (newer.pk, older.pk))
    assert first < second  # the open suggestion before the judged one
    assert "Oordeel ongedaan maken" in phone_group[second:] and "Oordeel ongedaan maken" not in vehicle_group
