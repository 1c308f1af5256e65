from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.privacy.adapters import add_months
from schakel.privacy.defaults import seed_default_rules
from schakel.privacy.models import LegalHold, RetentionRule
from tests.browser.conftest import assert_accessible
from tests.privacy.helpers import ANNA, BORIS, closed_signal, signal_about

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_privacy_officer_previews_holds_searches_and_exports(
    page: Page, live_server: Any, make_user: Callable[..., User], sign_in: Callable[[Page, User], None]
) -> None:
    seed_default_rules(RetentionRule)  # a transactional test may have flushed the migration's rows
    officer = make_user(Role.AUDITOR, "Gemeente Arnhem – Privacy (FG)")
    director = make_user(Role.CHAIN_DIRECTOR, "Gemeente Arnhem – Ketenregie mensenhandel")
    police = make_user(Role.PARTNER_USER, "Politie Oost-Nederland")
    expiring = closed_signal(
        police, director, ANNA, closed_on=add_months(timezone.localdate(), -12) + timedelta(days=10)
    )
    signal_about(police, BORIS)

    sign_in(page, officer)
    page.get_by_role("link", name="Privacy").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaartermijnen en bewaarplicht")
    expect(page.get_by_test_id("expiry-total")).to_contain_text("1 signaal")
    expect(page.get_by_role("rowheader", name=expiring.reference)).to_be_visible()
    assert "Kowalska" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name=f"Bewaarplicht plaatsen op {expiring.reference}").click()
    expect(page.get_by_label("Kenmerk van het signaal")).to_have_value(expiring.reference)
    page.get_by_label("Reden van de bewaarplicht").fill("Klacht in behandeling bij de ombudsman")
    page.get_by_role("button", name="Bewaarplicht plaatsen").click()
    expect(page.get_by_text("Bewaarplicht geplaatst op")).to_be_visible()
    expect(page.get_by_text("Ja, wordt overgeslagen")).to_be_visible()
    assert LegalHold.objects.filter(object_id=expiring.pk, lifted_at__isnull=True).exists()
    assert_accessible(page)

    page.get_by_role("link", name="Grafstenen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grafstenen")
    assert_accessible(page)

    page.get_by_role("link", name="Verzoeken van betrokkenen").first.click()
    page.get_by_label("Kenmerk van het verzoek").fill("AVG-2026-041")
    page.get_by_label("Soort verzoek").select_option("access")
    page.get_by_label("Reden / toelichting").fill("Inzageverzoek per brief")
    page.get_by_role("button", name="Verzoek registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoek AVG-2026-041")
    assert_accessible(page)
    page.get_by_label("Naam").fill("Ana Kowalsky")
    page.get_by_label("Telefoonnummer").fill("+31 6 1234 5678")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_test_id("hit-count")).to_contain_text("treffer")
    expect(page.get_by_role("cell", name="Anna Kowalska, 1994-03-12")).to_be_visible()
    assert "Petrov" not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Overzicht bekijken (afdrukbaar)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht van verwerkte persoonsgegevens")
    expect(page.get_by_text("Anna Kowalska").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Toegangsreview").first.click()
    expect(page.get_by_test_id("review-summary")).to_be_visible()
    assert_accessible(page)
