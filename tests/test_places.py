"""A place: an address with every signal about it or mentioning it, the hotspot pattern's
destination, within need-to-know (issue 5; ADR 0021)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.normalise import address_key
from schakel.accounts.models import User
from schakel.audit.models import AuditEvent
from schakel.cases import services as cases
from schakel.enforcement import services as enforcement
from schakel.enforcement.models import Premises, PremisesType
from schakel.entities.selectors import _PLACE_KEY, patterns
from schakel.signals import entities as e
from schakel.signals.models import Channel, Signal
from schakel.signals.services import Location
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db

HOTSPOT = Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem")
NEIGHBOUR = Location(street="Klarendalseweg", house_number=103, postcode="6822GB", city="Arnhem")
PLACE_URL = "/entiteiten/plaats/?adres=6822GB%3A101"


def _hotspot(police_user: User, liaison: User) -> dict[str, Signal]:
    return {
        "first": make_signal(liaison, location=HOTSPOT, narrative="EIGEN-INHOUD-1"),
        "second": make_signal(liaison, location=HOTSPOT, entities=[e.person(role="witness", name="Anna Jansen")]),
        "police": make_signal(police_user, channel=Channel.PARTNER, location=HOTSPOT, narrative="POLITIE-INHOUD-7"),
        "mention": make_signal(
            liaison, entities=[e.address("Klarendalseweg 101, 6822 GB Arnhem"), e.vehicle("34-XYZ-5")]
        ),
        "neighbour": make_signal(liaison, location=NEIGHBOUR),
    }


def test_a_hotspot_opens_its_place_with_exactly_the_signals_it_counted(
    chain_director: User, police_user: User, liaison: User
) -> None:
    signals = _hotspot(police_user, liaison)
    hotspot = next(p for p in patterns(actor=chain_director) if p.kind == "hotspot")
    assert (hotspot.label, hotspot.count, hotspot.detail) == ("Klarendalseweg 101, 6822 GB", 4, "2")
    client = verified_client(chain_director)
    home = client.get("/").content.decode()
    assert f'href="{PLACE_URL}"' in home
    page = client.get(PLACE_URL).content.decode()
    for name in ("first", "second", "police", "mention"):
        assert signals[name].reference in page
    assert signals["neighbour"].reference not in page
    assert "Signalen over of met dit adres: 4, uit 2 bronnen." in page
    assert "Daarvan in de afgelopen 12 maanden: 4, uit 2 bronnen." in page
    assert page.count("plaats van het signaal") == 3 and page.count("adres genoemd in het signaal") == 1
    assert "EIGEN-INHOUD-1" not in page and "POLITIE-INHOUD-7" not in page  # texts stay on the signal
    assert 'data-testid="hidden-hits"' not in page
    event = AuditEvent.objects.filter(object_type="entities.place").get()
    assert event.actor_id == chain_director.pk and len(event.detail["signals"]) == 4
    # The address key is not in the event: only signal ids.
    assert "6822" not in str(event.detail) and "6822" not in event.object_id


def test_a_signal_and_an_address_mention_lead_to_the_place(chain_director: User, liaison: User) -> None:
    located = make_signal(liaison, location=HOTSPOT)
    mention = make_signal(liaison, entities=[e.address("Klarendalseweg 101, 6822 GB Arnhem")])
    client = verified_client(chain_director)
    assert PLACE_URL in client.get(f"/signalen/{located.pk}/").content.decode()
    assert PLACE_URL in client.get(f"/entiteiten/{mention.entities.get().pk}/").content.decode()
    # The key is matched as the engine writes it, whatever the case or spaces in the query.
    assert located.reference in client.get("/entiteiten/plaats/?adres=%206822gb:101").content.decode()


def test_a_partner_sees_only_their_own_signals_at_a_place_and_the_holders_of_others(
    chain_director: User, police_user: User, liaison: User
) -> None:
    signals = _hotspot(police_user, liaison)
    response = verified_client(police_user).get(PLACE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert signals["police"].reference in page and "Signalen over of met dit adres: 1, uit 1 bron." in page
    for name in ("first", "second", "mention"):
        assert signals[name].reference not in page
    assert "34-XYZ-5" not in page and "Anna Jansen" not in page
    assert 'data-testid="hidden-hits"' in page and liaison.organisation is not None
    assert liaison.organisation.name in page


def test_a_place_without_a_signal_the_user_may_see_does_not_exist_for_them(
    chain_director: User, police_user: User, liaison: User
) -> None:
    make_signal(liaison, location=HOTSPOT)
    police = verified_client(police_user)
    # Signals exist at the address, but none the police may see: the same 404 as an unknown
    # address, so the page cannot be used to ask whether anything is known about an address.
    assert police.get(PLACE_URL).status_code == 404
    assert police.get("/entiteiten/plaats/?adres=1234AB%3A1").status_code == 404
    assert police.get("/entiteiten/plaats/netwerk/?adres=6822GB%3A101").status_code == 404
    director = verified_client(chain_director)
    for query in ("", "?adres=", "?adres=Klarendalseweg", "?adres=6822GB%3A101%27--", "?adres=1234AB%3A1"):
        assert director.get(f"/entiteiten/plaats/{query}").status_code == 404, query
    assert not AuditEvent.objects.filter(object_type="entities.place").exists()


def test_a_place_lists_its_cases_and_premises_and_offers_registration_to_the_director(
    chain_director: User, police_user: User, liaison: User
) -> None:
    signal = make_signal(liaison, location=HOTSPOT)
    police_signal = make_signal(police_user, channel=Channel.PARTNER, location=HOTSPOT)
    director = verified_client(chain_director)
    empty = director.get(PLACE_URL).content.decode()
    assert 'data-testid="place-no-premises"' in empty
    # "Pand registreren" brings the address along to the premises form.
    register = re.search(r'href="(/handhaving/panden/nieuw/\?[^"]*)"', empty)
    assert register is not None
    form = director.get(html.unescape(register.group(1))).content.decode()
    for value in ('value="Klarendalseweg"', 'value="101"', 'value="6822GB"', 'value="Arnhem"'):
        assert value in form, value
    case = cases.case_create(actor=chain_director, title="Pand Klarendalseweg", signals=[signal])
    assert chain_director.municipality is not None
    enforcement.premises_save(
        actor=chain_director,
        premises=Premises(
            municipality=chain_director.municipality, name="Kamerverhuur 101 (synthetisch)",
            type=PremisesType.choices[0][0], street="Klarendalseweg", house_number="101", postcode="6822GB",
        ),
    )  # fmt: skip
    page = director.get(PLACE_URL).content.decode()
    assert case.code in page and "Kamerverhuur 101 (synthetisch)" in page
    partner = verified_client(police_user).get(PLACE_URL).content.decode()
    assert police_signal.reference in partner
    assert case.code not in partner and "Kamerverhuur 101" not in partner and "/handhaving/panden/nieuw/" not in partner
    assert "(casus)" in partner and "(pandenregister)" in partner


def test_the_network_from_a_place_reaches_what_its_signals_name(
    chain_director: User, police_user: User, liaison: User
) -> None:
    signals = _hotspot(police_user, liaison)
    response = verified_client(chain_director).get("/entiteiten/plaats/netwerk/?adres=6822GB%3A101&diepte=1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Netwerk: Klarendalseweg 101" in body
    assert "34-XYZ-5" in body and "Anna Jansen" in body
    assert signals["neighbour"].reference not in body and "Klarendalseweg 103" not in body
    assert 'href="?adres=6822GB%3A101&amp;diepte=3"' in body and f'href="{PLACE_URL}"' in body
    partner = verified_client(police_user).get("/entiteiten/plaats/netwerk/?adres=6822GB%3A101&diepte=3")
    assert partner.status_code == 200
    assert "34-XYZ-5" not in partner.content.decode() and "Anna Jansen" not in partner.content.decode()


def test_a_place_in_an_entity_network_opens_the_place_page(chain_director: User, liaison: User) -> None:
    signal = make_signal(liaison, location=HOTSPOT, entities=[e.vehicle("34-XYZ-5")])
    body = verified_client(chain_director).get(f"/entiteiten/{signal.entities.get().pk}/netwerk/").content.decode()
    assert body.count(f'href="{PLACE_URL}"') == 2  # in the drawing and in the table
    assert "/signalen/?q=" not in body


def test_a_place_known_only_from_a_mention_still_prefills_the_premises_form(
    chain_director: User, liaison: User
) -> None:
    make_signal(liaison, entities=[e.address("Klarendalseweg 101-2, 6822 GB Arnhem")])
    page = verified_client(chain_director).get("/entiteiten/plaats/?adres=6822GB%3A101-2").content.decode()
    assert "Adres: Klarendalseweg 101-2" in page
    assert "?straat=Klarendalseweg&amp;huisnummer=101-2&amp;postcode=6822GB&amp;plaats=Arnhem" in page


def test_a_hotspot_known_only_from_mentions_is_named_by_postcode_and_number(
    chain_director: User, police_user: User, liaison: User
) -> None:
    for reporter, channel in ((liaison, Channel.INTERNAL), (liaison, Channel.INTERNAL), (police_user, Channel.PARTNER)):
        make_signal(reporter, channel=channel, entities=[e.address("Klarendalseweg 101, 6822 GB Arnhem")])
    hotspot = next(p for p in patterns(actor=chain_director) if p.kind == "hotspot")
    assert (hotspot.label, hotspot.count, hotspot.place) == ("6822 GB 101", 3, "6822GB:101")


@given(
    number=st.text(alphabet="0123456789 -abcdefghijklmnopqrstuvwxyzABCHIJKSTUVXYZ/.", min_size=1, max_size=24),
    letter=st.text(alphabet="abcxyzABC", max_size=1),
    addition=st.text(alphabet="0123456789abhsABHS-", max_size=6),
)
@settings(max_examples=300, deadline=None)
def test_every_address_key_the_engine_writes_names_a_place(number: str, letter: str, addition: str) -> None:
    key = address_key("6822GB", number, letter, addition)
    if key is not None:
        assert _PLACE_KEY.match(key), key
