"""Victim care in a browser: open a trajectory, start the B8 period, see the reminder; every
care page passes the accessibility check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.care.dates import add_months
from schakel.care.models import CareTrajectory
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_care_trajectory_with_reflection_period_and_reminder(
    page: Page, live_server: Any, moviera_user: User, sign_in: Callable[[Page, User], None]
) -> None:
    sign_in(page, moviera_user)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zorgtrajecten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgtrajecten")
    assert_accessible(page)

    page.get_by_role("link", name="Nieuw zorgtraject").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw zorgtraject")
    assert_accessible(page)
    page.get_by_role("button", name="Zorgtraject aanmaken").click()  # empty: errors next to the fields
    expect(page.locator("#id_full_name_error")).to_be_visible()
    assert_accessible(page)
    today = date.today()
    page.get_by_label("Aangemeld bij zorgcoördinatie op").fill((today - timedelta(days=80)).isoformat())
    page.get_by_label("Aangemeld door (organisatie)").select_option(label="Politie Oost-Nederland")
    page.get_by_label("Geboortejaar").fill("1998")
    page.get_by_label("Geslacht").select_option("female")
    page.get_by_label("Nationaliteit").fill("Bulgaars")
    page.get_by_label("Seksuele uitbuiting").check()
    page.get_by_label("Naam", exact=True).fill("Elena Testova")
    page.get_by_label("Telefoonnummer").fill("06-11223344")
    page.get_by_role("button", name="Zorgtraject aanmaken").click()
    expect(page.get_by_role("status")).to_contain_text("Het slachtoffer heeft code S-")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zorgtraject ZT-")
    expect(page.get_by_test_id("trajectory-status")).to_have_text("Aangemeld bij zorgcoördinatie")
    assert "Elena Testova" not in page.content()
    assert_accessible(page)

    # The B8 period started almost three months ago: it ends in ten days.
    start = add_months(today + timedelta(days=10), -3)
    end = add_months(start, 3)
    step = page.get_by_test_id("step-reflection_start")
    step.get_by_label("Bedenktijd begint op").fill(start.isoformat())
    step.get_by_role("button", name="Bedenktijd starten").click()
    expect(page.get_by_test_id("trajectory-status")).to_have_text("In bedenktijd (B8)")
    reminder = page.get_by_test_id("b8-reminder")
    expect(reminder).to_be_visible()
    expect(reminder).to_contain_text(f"{(end - today).days} dagen")
    assert_accessible(page)

    # An overweeghuis stay past three months is flagged.
    shelter = page.get_by_test_id("step-shelter")
    shelter.get_by_label("Soort opvang").select_option("consideration_house")
    shelter.get_by_label("Begint op").fill((today - timedelta(days=100)).isoformat())
    shelter.get_by_role("button", name="Opvang toevoegen").click()
    expect(page.get_by_test_id("shelter-exceeds")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Identiteit bekijken").click()
    expect(page.get_by_test_id("identity")).to_contain_text("Elena Testova")
    assert_accessible(page)

    # The home page shows the same reminder.
    page.get_by_role("link", name="Start").click()
    expect(page.get_by_test_id("care-reminders")).to_contain_text(CareTrajectory.objects.get().victim.code)
    assert_accessible(page)

    # Anonymous monthly counts: a negative number is refused next to the field.
    page.goto(f"{live_server.url}/zorg/tellingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonieme maandtellingen")
    assert_accessible(page)
    page.get_by_role("link", name="Maand invoeren (steunpunt)").click()
    page.get_by_label("Maand").fill(f"{add_months(today.replace(day=1), -1):%Y-%m}")
    page.get_by_label("Bezoeken").fill("-3")
    page.get_by_label("Nieuwe cliënten").fill("2")
    page.get_by_label("Doorverwijzingen").fill("0")
    page.get_by_role("button", name="Aantallen opslaan").click()
    expect(page.locator("#id_visits_error")).to_contain_text("Een aantal kan niet negatief zijn.")
    assert_accessible(page)
    page.get_by_label("Bezoeken").fill("30")
    page.get_by_role("button", name="Aantallen opslaan").click()
    expect(page.get_by_test_id("support-months")).to_contain_text("30")

    page.goto(f"{live_server.url}/zorg/cijfers/")
    expect(page.get_by_test_id("table-status")).to_be_visible()
    assert_accessible(page)
