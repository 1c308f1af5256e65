from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.entities.models import LinkSuggestion
from schakel.entities.services import link_signal
from schakel.signals import entities as e
from schakel.signals.models import Channel
from schakel.signals.services import Location
from tests.browser.conftest import assert_accessible
from tests.conftest import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_confirm_and_reject_suggestions_and_walk_the_network_by_keyboard(
    page: Page,
    live_server: Any,
    chain_director: User,
    liaison: User,
    sign_in: Callable[[Page, User], None],
) -> None:
    make_signal(
        liaison,
        entities=[
            e.person(role="possible_perpetrator", name="Piet Baan"),
            e.vehicle("12-ABC-3"),
            e.phone("06-41234567"),
        ],
    )
    second = make_signal(liaison, entities=[e.vehicle("12ABC3"), e.phone("+31641234567")])
    link_signal(second.pk)
    vehicle_link = LinkSuggestion.objects.get(kind="vehicle")
    phone_link = LinkSuggestion.objects.get(kind="phone")
    sign_in(page, chain_director)
    page.goto(f"{live_server.url}/signalen/{second.pk}/")
    expect(page.get_by_test_id(f"suggestion-{vehicle_link.pk}")).to_contain_text("12-ABC-3")
    page.get_by_test_id(f"suggestion-{vehicle_link.pk}").locator("summary").click()
    expect(page.get_by_test_id(f"suggestion-{vehicle_link.pk}")).to_contain_text("kenteken: gelijk")
    assert_accessible(page)
    page.get_by_test_id(f"suggestion-{vehicle_link.pk}").get_by_role("button", name="Zelfde", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Vastgelegd: dezelfde.")
    page.get_by_test_id(f"suggestion-{phone_link.pk}").get_by_role("button", name="Niet dezelfde").click()
    expect(page.get_by_role("status")).to_contain_text("niet meer voorgesteld")
    vehicle_link.refresh_from_db()
    phone_link.refresh_from_db()
    assert (vehicle_link.status, phone_link.status) == ("confirmed", "rejected")
    page.get_by_test_id(f"suggestion-{phone_link.pk}").get_by_role("button", name="Oordeel ongedaan maken").click()
    expect(page.get_by_test_id(f"suggestion-{phone_link.pk}")).to_contain_text("Mogelijke koppeling")
    # The entity page and the network, by keyboard.
    page.get_by_role("link", name="12-ABC-3").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("12-ABC-3")
    assert_accessible(page)
    page.get_by_role("link", name="Netwerk bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Netwerk")
    assert_accessible(page)
    nodes = page.locator(".schakel-network svg a")
    expect(nodes.first).to_be_visible()
    nodes.first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused is not None and ("Piet Baan" in focused or "+31641234567" in focused)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Netwerk")


def test_judge_a_possible_link_on_the_entity_page_and_see_the_network_grow(
    page: Page,
    live_server: Any,
    chain_director: User,
    liaison: User,
    sign_in: Callable[[Page, User], None],
) -> None:
    first = make_signal(
        liaison, entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.vehicle("12-ABC-3")]
    )
    second = make_signal(
        liaison,
        entities=[e.person(role="possible_perpetrator", name="Piet Baan"), e.bank_account("NL91ABNA0417164300")],
    )
    link_signal(second.pk)
    suggestion = LinkSuggestion.objects.get(kind="person")
    person = first.entities.get(kind="person")
    sign_in(page, chain_director)
    page.goto(f"{live_server.url}/entiteiten/{person.pk}/netwerk/")
    expect(page.get_by_test_id("network-possible")).to_contain_text("1 mogelijke koppeling")
    expect(page.locator(".schakel-network__node--possible")).to_have_count(1)
    expect(page.get_by_role("table").get_by_role("link", name="NL91ABNA0417164300")).to_have_count(0)
    page.get_by_role("link", name="Terug naar het gegeven").click()
    row = page.get_by_test_id(f"decide-{suggestion.pk}")
    page.get_by_role("row").filter(has=row).locator("summary").click()
    expect(page.get_by_role("row").filter(has=row)).to_contain_text("achternaam: gelijk")
    assert_accessible(page)
    row.get_by_role("button", name=f"Zelfde als in {second.reference}", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Vastgelegd: dezelfde.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Piet Baan")
    expect(page.get_by_role("main")).to_contain_text("bevestigd: zelfde")
    page.get_by_role("link", name="Netwerk bekijken").click()
    expect(page.get_by_role("table").get_by_role("link", name="NL91ABNA0417164300")).to_have_count(1)
    expect(page.locator(".schakel-network__node--possible")).to_have_count(0)
    assert_accessible(page)


def test_a_hotspot_on_the_home_page_opens_its_place_and_network(
    page: Page,
    live_server: Any,
    chain_director: User,
    police_user: User,
    liaison: User,
    sign_in: Callable[[Page, User], None],
) -> None:
    hotspot = Location(street="Klarendalseweg", house_number=101, postcode="6822GB", city="Arnhem")
    make_signal(liaison, location=hotspot)
    make_signal(police_user, channel=Channel.PARTNER, location=hotspot)
    mention = make_signal(liaison, entities=[e.address("Klarendalseweg 101, 6822 GB Arnhem"), e.vehicle("34-XYZ-5")])
    sign_in(page, chain_director)
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("patterns").get_by_role("link", name="Klarendalseweg 101, 6822 GB").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Klarendalseweg 101")
    expect(page.get_by_test_id("place-summary")).to_contain_text("Signalen over of met dit adres: 3, uit 2 bronnen.")
    expect(page.get_by_test_id("place-signals").get_by_role("link", name=mention.reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Netwerk bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Netwerk: Klarendalseweg 101")
    expect(page.get_by_role("table").get_by_role("link", name="34-XYZ-5")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar het adres").click()
    expect(page.get_by_test_id("place-summary")).to_be_visible()


def test_adding_a_number_found_while_verifying_links_it_to_an_earlier_signal(
    page: Page,
    live_server: Any,
    chain_director: User,
    liaison: User,
    sign_in: Callable[[Page, User], None],
) -> None:
    earlier = make_signal(liaison, entities=[e.phone("06-41234567")])
    signal = make_signal(liaison, entities=[e.vehicle("12-ABC-3")])
    sign_in(page, chain_director)
    page.goto(f"{live_server.url}/signalen/{signal.pk}/")
    page.get_by_role("link", name="Persoon of gegeven toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Persoon of gegeven toevoegen")
    assert_accessible(page)
    page.locator("#id_details-0-kind").select_option("phone")
    page.locator("#id_details-0-value").fill("bel me")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer de gemarkeerde velden")
    assert_accessible(page)
    page.locator("#id_details-0-value").fill("+31 6 4123 4567")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 toegevoegd")
    link = LinkSuggestion.objects.get(kind="phone")
    group = page.get_by_test_id(f"suggestion-{link.pk}")
    expect(group).to_contain_text(earlier.reference)


def test_the_work_list_from_the_home_page(
    page: Page,
    live_server: Any,
    chain_director: User,
    liaison: User,
    sign_in: Callable[[Page, User], None],
) -> None:
    make_signal(liaison, entities=[e.phone("06-41234567"), e.person(role="witness", name="Anna Jansen")])
    newer = make_signal(liaison, entities=[e.phone("+31641234567"), e.person(role="witness", name="Anna Jansen")])
    link_signal(newer.pk)
    person_link = LinkSuggestion.objects.get(kind="person")
    sign_in(page, chain_director)
    expect(page.get_by_test_id("stat-open-links")).to_have_text("1")  # the same phone is no work
    page.get_by_role("link", name="mogelijke koppelingen wachten op je oordeel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mogelijke koppelingen")
    assert_accessible(page)
    page.get_by_label("Soort").select_option("person")
    page.get_by_role("button", name="Tonen").click()
    item = page.get_by_test_id(f"suggestion-{person_link.pk}")
    item.locator("summary").click()
    expect(item).to_contain_text("achternaam: gelijk")
    item.get_by_role("button", name="Niet dezelfde").click()
    expect(page.get_by_role("status")).to_contain_text("niet meer voorgesteld")
    expect(page).to_have_url(f"{live_server.url}/entiteiten/koppelingen/?soort=person")
    expect(page.get_by_text("Geen mogelijke koppelingen die op een oordeel wachten.")).to_be_visible()
