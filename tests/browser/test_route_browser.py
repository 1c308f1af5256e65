"""The whole route in a browser: intake → triage → share with two partners → both answer → close."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.signals.entities import person
from schakel.signals.models import Signal
from tests.browser.conftest import assert_accessible
from tests.conftest import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _partner_answers(
    browser: Browser, live_server: Any, sign_in: Callable[[Page, User], None], user: User, outcome: str, text: str
) -> None:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    sign_in(page, user)
    page.get_by_role("link", name="Gedeeld met ons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gedeeld met mijn organisatie")
    assert_accessible(page)
    page.locator("table a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gedeeld signaal")
    assert_accessible(page)
    page.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("Ontvangst bevestigd")
    page.get_by_label("Wat hebben jullie gedaan?").select_option(outcome)
    page.get_by_label("Toelichting en resultaat").fill(text)
    page.get_by_role("button", name="Terugkoppeling versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Je terugkoppeling is vastgelegd")
    assert_accessible(page)
    context.close()


def test_intake_triage_share_feedback_close(
    page: Page,
    browser: Browser,
    live_server: Any,
    chain_director: User,
    police_user: User,
    make_user: Callable[..., User],
    sign_in: Callable[[Page, User], None],
) -> None:
    nla_user = make_user(Role.PARTNER_USER, "Nederlandse Arbeidsinspectie")
    signal = make_signal(
        make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"),
        forms=["labour"],
        narrative="Twaalf mannen in één woning, paspoorten bij de baas.",
        entities=[person(role="possible_perpetrator", name="Baas Bakker")],
    )
    sign_in(page, chain_director)
    expect(page.get_by_test_id("stat-new")).to_have_text("1")
    assert_accessible(page)
    page.goto(f"{live_server.url}/signalen/{signal.pk}/")
    expect(page.get_by_test_id("signal-status")).to_have_text("Ontvangen")
    assert_accessible(page)
    for target in ("Triage", "Verificatie"):
        page.get_by_label("Naar status").select_option(label=target)
        page.get_by_role("button", name="Status wijzigen").click()
        expect(page.get_by_test_id("signal-status")).to_have_text(target)
    expect(page.get_by_test_id("suggestions")).to_contain_text("NLA")
    expect(page.get_by_test_id("suggestions")).to_contain_text("RIEC")
    assert_accessible(page)
    for partner, basis in (
        ("Politie Oost-Nederland", "Melding aan de politie"),
        ("Nederlandse Arbeidsinspectie", "Toezicht en opsporing arbeidsuitbuiting"),
    ):
        page.get_by_label("Ketenpartner", exact=True).select_option(label=partner)
        page.get_by_label("Grondslag").select_option(
            label=next(
                o for o in page.get_by_label("Grondslag").locator("option").all_inner_texts() if o.startswith(basis)
            )
        )
        page.get_by_label("Doel van het delen").fill("Beoordeling en onderzoek")
        page.get_by_role("button", name="Delen", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Gedeeld met")
    expect(page.get_by_test_id("signal-status")).to_have_text("Gedeeld met ketenpartner(s)")
    _partner_answers(browser, live_server, sign_in, police_user, "investigating", "Recherche heeft de zaak opgepakt.")
    _partner_answers(browser, live_server, sign_in, nla_user, "measures_taken", "Inspectie uitgevoerd; boete opgelegd.")
    page.reload()
    expect(page.get_by_test_id("share-Politie")).to_contain_text("Recherche heeft de zaak opgepakt.")
    expect(page.get_by_test_id("share-NLA")).to_contain_text("Maatregelen genomen")
    expect(page.get_by_test_id("signal-status")).to_have_text("Wacht op terugkoppeling")
    page.get_by_label("Uitkomst").select_option("handled_by_partner")
    page.get_by_role("button", name="Signaal afsluiten").click()
    expect(page.get_by_test_id("signal-status")).to_have_text("Afgesloten – Afgehandeld door ketenpartner")
    assert_accessible(page)
    assert Signal.objects.get(pk=signal.pk).status_changes.count() == 5
