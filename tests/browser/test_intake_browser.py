from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.signals.models import MessageDirection, Signal
from schakel.signals.services import reporter_question_ask
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_internal_door_with_person_detail_indicator_and_meldcode(
    page: Page, live_server: Any, make_user: Callable[..., User], sign_in: Callable[[Page, User], None]
) -> None:
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    sign_in(page, liaison)
    page.get_by_role("link", name="Signaal melden").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal melden (intern meldpunt)")
    assert_accessible(page)
    # Submitting empty shows Dutch errors next to the fields, and an error summary.
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.locator("#form-errors")).to_contain_text("Beschrijf wat je hebt gezien of gehoord.")
    expect(page.locator("#id_narrative_error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Wat heb je gezien of gehoord?").fill(
        "Jonge vrouw aan de balie, begeleid door een man die het woord voert."
    )
    page.get_by_label("Seksuele uitbuiting").check()
    page.get_by_label("Hoog").check()
    page.get_by_label("Straat").fill("Steenstraat")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Postcode").fill("6828cc")
    page.get_by_label("Wijk").select_option(label="Centrum")
    page.locator("#id_persons-0-role").select_option("possible_victim")
    page.locator("#id_persons-0-description").fill("Vrouw, ongeveer 20, spreekt geen Nederlands")
    page.locator("#id_details-0-kind").select_option("phone")
    page.locator("#id_details-0-value").fill("06 12345678")
    page.locator("summary", has_text="Bewegingsvrijheid en controle").click()
    page.get_by_label("Altijd begeleid; een ander voert het woord").check()
    page.get_by_label("Ik werk onder de meldcode huiselijk geweld en kindermishandeling").check()
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je signaal is ontvangen")
    assert_accessible(page)
    signal = Signal.objects.get()
    expect(page.get_by_role("status")).to_contain_text(signal.reference)
    assert signal.indicators.filter(code="MC-01").exists()
    assert signal.entities.get(kind="phone").match_key == "+31612345678"
    assert signal.meldcode_report_to_veilig_thuis is True  # danger unanswered counts as possible danger
    page.get_by_role("link", name="Bekijk het signaal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    assert_accessible(page)
    # The score table's column headers stay whole words, each on one line ("Scor|e" was split).
    headers = page.locator("section[aria-labelledby='h-score'] thead th")
    expect(headers).to_have_text(["Vorm", "Score", "Duiding"])
    lines = headers.evaluate_all(
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        })"""
    )
    assert lines == [1, 1, 1]


def test_partner_and_public_signals_appear_in_the_chain_directors_inbox(
    page: Page,
    live_server: Any,
    police_user: User,
    chain_director: User,
    sign_in: Callable[[Page, User], None],
    settings: Any,
) -> None:
    settings.PUBLIC_FORM_MIN_SECONDS = 0
    sign_in(page, police_user)
    page.goto(f"{live_server.url}/signalen/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal melden als ketenpartner")
    page.get_by_label("Wat heb je gezien of gehoord?").fill("Busje brengt elke nacht mannen naar een loods.")
    page.get_by_label("Arbeidsuitbuiting").check()
    page.get_by_label("Eigen kenmerk van je organisatie").fill("PL-2026-77")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je signaal is ontvangen")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/melden/")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Meisje wordt elke avond opgehaald bij het station.")
    page.get_by_label("Ja").first.check()  # someone is in danger now
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_test_id("receipt-code")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, chain_director)
    page.get_by_role("link", name="Signalen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox signalen")
    expect(page.get_by_test_id("inbox-total")).to_have_text("2 signalen")
    first_row = page.locator("table.schakel-inbox tbody tr").first
    expect(first_row).to_contain_text("Acuut gevaar")
    expect(first_row).to_contain_text("Openbaar meldpunt")
    assert_accessible(page)
    page.get_by_label("Ingang").select_option("partner")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_test_id("inbox-total")).to_have_text("1 signaal")
    expect(page.locator("table.schakel-inbox")).to_contain_text("Politie")
    assert_accessible(page)


def test_public_page_on_a_phone_with_receipt_code_follow_up(
    page: Page, live_server: Any, chain_director: User, settings: Any
) -> None:
    settings.PUBLIC_FORM_MIN_SECONDS = 0
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/melden/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.locator("#form-errors")).to_contain_text("Beschrijf wat u heeft gezien of gehoord.")
    assert_accessible(page)
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Twaalf mannen in één huis, paspoorten bij de baas.")
    page.get_by_label("Werk: iemand wordt uitgebuit in zijn of haar werk").check()
    page.get_by_label("Adres").fill("Steenstraat 12, 6828 CC Arnhem")
    page.get_by_label("Kentekens").fill("12-ABC-3")
    page.get_by_role("button", name="Melding versturen").click()
    code = page.get_by_test_id("receipt-code").inner_text()
    assert_accessible(page)
    signal = Signal.objects.get()
    reporter_question_ask(actor=chain_director, signal=signal, text="Weet u welk bedrijf de mannen ophaalt?")
    page.get_by_role("link", name="Naar de pagina voor uw code").click()
    assert_accessible(page)
    page.get_by_label("Uw meldcode").fill(code)
    page.get_by_role("button", name="Bekijken").click()
    expect(page.get_by_text("Weet u welk bedrijf de mannen ophaalt?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uw antwoord of aanvulling").fill("Een bus met de tekst Flexwerk Oost.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw aanvulling is ontvangen")
    assert any(  # the text is encrypted at rest: compare after decryption
        "Flexwerk" in message.text
        for message in signal.reporter_messages.filter(direction=MessageDirection.FROM_REPORTER)
    )
    for lang in ("en", "pl", "ro", "bg", "uk"):
        page.goto(f"{live_server.url}/melden/{lang}/")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)
