"""Prevention in the browser: record an activity with attendance, see it on the dashboard,
the plan tracker's history and the yearly report page; axe on every new page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from schakel.accounts.models import LiaisonKind, LiaisonOfficer, LiaisonTraining, Organisation, User
from schakel.accounts.roles import Role
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_activity_with_attendance_on_the_dashboard_plan_history_and_report(
    page: Page, live_server: Any, make_user: Callable[..., User], sign_in: Callable[[Page, User], None]
) -> None:
    director = make_user(Role.CHAIN_DIRECTOR, "Gemeente Arnhem – Ketenregie mensenhandel")
    burgerzaken = Organisation.objects.get(short_name="Burgerzaken")
    officer = LiaisonOfficer.objects.create(
        full_name="Ruben Mulder (synthetisch)", kind=LiaisonKind.INTERNAL, organisation=burgerzaken
    )
    LiaisonTraining.objects.create(officer=officer, date=timezone.localdate() - timedelta(days=500), title="Oud")
    sign_in(page, director)
    expect(page.get_by_test_id("home-training-due")).to_contain_text("Ruben Mulder")
    page.get_by_role("link", name="Preventie", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preventie en bewustwording")
    assert_accessible(page)
    page.get_by_role("link", name="Activiteit vastleggen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()  # empty: errors next to the fields
    expect(page.locator("#form-errors")).to_be_visible()
    page.get_by_label("Soort activiteit").select_option("training")
    page.get_by_label("Titel").fill("Basistraining signaleren")
    page.get_by_label("Organisator").select_option(label="Gemeente Arnhem – Ketenregie mensenhandel")
    page.get_by_label("Datum").fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_label("Medewerkers Burgerzaken").check()
    page.get_by_label("Arbeidsuitbuiting").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basistraining signaleren")
    assert_accessible(page)
    page.locator("#id_organisation").select_option(label="Gemeente Arnhem – Burgerzaken")
    page.get_by_label("Aantal deelnemers").fill("14")
    page.get_by_role("button", name="Aanwezigheid toevoegen").click()
    expect(page.get_by_test_id("attendance-total")).to_have_text("14")
    page.locator("#id_officer").select_option(label="Ruben Mulder (synthetisch) (Burgerzaken)")
    page.get_by_role("button", name="Aandachtsfunctionaris toevoegen").click()
    expect(page.get_by_test_id("officers")).to_contain_text("Ruben Mulder")
    page.get_by_role("link", name="Start").click()
    expect(page.get_by_test_id("home-training-due")).to_have_count(0)

    page.get_by_role("link", name="Aard en omvang").first.click()
    training_row = page.get_by_test_id("table-activity_type").get_by_role("row", name="Training 1", exact=True)
    expect(training_row).to_contain_text("1")
    expect(page.get_by_test_id("prevention-summary")).to_contain_text("1 preventieactiviteiten met samen 14 deelnemers")
    assert_accessible(page)

    call_command("snapshot_plan_targets", "--backfill-from", "2025-Q1", stdout=StringIO())
    page.get_by_role("link", name="Naar het plan 2023–2026").click()
    expect(page.get_by_test_id("measure-B1")).to_contain_text("1")
    expect(page.get_by_test_id("history-B1")).to_contain_text("2025-Q1")
    assert_accessible(page)

    page.goto(f"{live_server.url}/aard-en-omvang/jaarrapportage/{timezone.localdate().year}/")
    expect(page.get_by_test_id("report-activity_type")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/preventie/training-nodig/")
    expect(page.get_by_test_id("training-due")).not_to_contain_text("Ruben Mulder")
    assert_accessible(page)
