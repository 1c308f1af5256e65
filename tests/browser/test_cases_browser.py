"""A case in a browser: from two linked signals, a plan with actions for two partners, a
meeting with a decision recorded in place (htmx), minutes exported; axe on every new page."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.cases.models import Action, Case
from schakel.entities.services import link_signal
from schakel.signals import entities as e
from tests.browser.conftest import assert_accessible
from tests.conftest import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_from_linked_signals_to_minutes(
    page: Page,
    browser: Browser,
    live_server: Any,
    chain_director: User,
    police_user: User,
    make_user: Callable[..., User],
    sign_in: Callable[[Page, User], None],
) -> None:
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    first = make_signal(liaison, narrative="Busje haalt mensen op.", entities=[e.phone("06-41234567")])
    second = make_signal(liaison, narrative="Advertentie met hetzelfde nummer.", entities=[e.phone("+31 6 4123 4567")])
    link_signal(second.pk)

    sign_in(page, chain_director)
    page.goto(f"{live_server.url}/signalen/{first.pk}/")
    page.get_by_test_id("case-from-signal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe casus")
    assert_accessible(page)
    page.get_by_label("Werktitel").fill("Busjes Dwarsstraat")
    page.get_by_role("button", name="Casus aanmaken").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Nieuw")
    assert_accessible(page)
    case = Case.objects.get(title="Busjes Dwarsstraat")

    # The matching engine's link offers the second signal.
    page.get_by_role("button", name=f"{second.reference} toevoegen").click()
    expect(page.get_by_test_id("case-signals")).to_contain_text(first.reference)
    expect(page.get_by_test_id("case-signals")).to_contain_text(second.reference)

    for kind, organisation, text in [
        ("Politieonderzoek", "Politie Oost-Nederland", "Onderzoek naar de busjes"),
        ("Doorverwijzing naar zorg", "Moviera", "Opvang regelen"),
    ]:
        page.get_by_label("Soort actie").select_option(label=kind)
        page.get_by_label("Verantwoordelijke ketenpartner").select_option(label=organisation)
        page.get_by_label("Wat moet er gebeuren").fill(text)
        page.get_by_role("button", name="Actie toevoegen").click()
        expect(page.get_by_test_id("actions")).to_contain_text(text)
    expect(page.get_by_test_id("case-status")).to_have_text("Plan van aanpak loopt")
    assert_accessible(page)

    page.goto(f"{live_server.url}/casussen/overleggen/nieuw/")
    assert_accessible(page)
    page.get_by_label("Soort overleg").select_option(label="MDO-mensenhandel")
    page.get_by_label("Datum en tijd").fill("2026-12-03T10:00")
    page.get_by_label("Plaats").fill("Veiligheidshuis, zaal 2")
    page.get_by_label("Politie Oost-Nederland", exact=True).check()
    page.get_by_label("Moviera", exact=True).check()
    page.get_by_role("button", name="Overleg plannen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MDO-mensenhandel")
    page.get_by_label("Casus op de agenda zetten").select_option(label=f"{case.code} – Busjes Dwarsstraat")
    page.get_by_role("button", name="Op de agenda zetten").click()
    expect(page.get_by_role("heading", level=3, name=f"1. {case.code} – Busjes Dwarsstraat")).to_be_visible()
    assert_accessible(page)

    # Recorded in place: no page load (the marker survives), the item confirms.
    page.evaluate("window.__schakelNoReload = true")
    page.get_by_label("Besluiten").fill("Politie start onderzoek; Moviera regelt opvang.")
    page.get_by_role("button", name=f"Verslag {case.code} opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()
    assert page.evaluate("window.__schakelNoReload === true")
    page.get_by_text(f"Actie toevoegen aan het plan van aanpak van {case.code}").click()
    page.get_by_label("Soort actie").select_option(label="Informatieverzoek")
    page.get_by_label("Verantwoordelijke ketenpartner").select_option(label="Politie Oost-Nederland")
    page.get_by_label("Wat moet er gebeuren").fill("Kentekens opvragen")
    page.get_by_role("button", name="Actie vastleggen").click()
    expect(page.get_by_test_id(f"item-actions-{case.agenda_items.get().pk}")).to_contain_text("Kentekens opvragen")
    assert page.evaluate("window.__schakelNoReload === true")
    assert Action.objects.get(description="Kentekens opvragen").case_id == case.pk
    assert_accessible(page)

    page.get_by_role("link", name="Agenda en verslag (afdrukken)").click()
    expect(page.get_by_test_id("minutes-item")).to_contain_text("Politie start onderzoek")
    assert_accessible(page)
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Verslag als PDF").click()
    path = download_info.value.path()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Politie start onderzoek" in text and case.code in text

    page.goto(f"{live_server.url}/casussen/")
    expect(page.get_by_test_id("case-list")).to_contain_text(case.code)
    assert_accessible(page)
    page.goto(f"{live_server.url}/casussen/overleggen/")
    assert_accessible(page)
    action = Action.objects.get(description="Onderzoek naar de busjes")
    for path in [
        f"/casussen/{case.pk}/wijzigen/",
        f"/casussen/{case.pk}/splitsen/",
        f"/casussen/{case.pk}/acties/{action.pk}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    # The police see the partner view: their own action, the agenda item, no signals.
    partner = browser.new_context(locale="nl-NL")
    police_page = partner.new_page()
    sign_in(police_page, police_user)
    police_page.get_by_role("link", name="Casussen", exact=True).first.click()
    police_page.get_by_role("link", name=case.code).click()
    expect(police_page.get_by_test_id("actions")).to_contain_text("Onderzoek naar de busjes")
    expect(police_page.get_by_test_id("actions")).not_to_contain_text("Opvang regelen")
    expect(police_page.get_by_text(first.reference)).to_have_count(0)
    assert_accessible(police_page)
    police_page.get_by_role("link", name="Politieonderzoek").click()
    police_page.get_by_label("Status").select_option(label="Afgerond")
    police_page.get_by_label("Resultaat").fill("Onderzoek gestart")
    police_page.get_by_role("button", name="Opslaan").click()
    expect(police_page.get_by_test_id("action-status")).to_have_text("Afgerond")
    assert_accessible(police_page)
    police_page.goto(f"{live_server.url}/casussen/overleggen/{case.agenda_items.get().meeting_id}/")
    expect(police_page.get_by_role("heading", level=3)).to_contain_text(case.code)
    assert_accessible(police_page)
    partner.close()
