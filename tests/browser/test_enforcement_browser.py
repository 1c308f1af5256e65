"""In a browser: plan a building action, record findings, create signals from them, take a
measure and move it on; axe on every enforcement page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.models import Municipality
from schakel.enforcement import services
from schakel.enforcement.models import Measure, MeasureStatus, Premises, PremisesType
from schakel.signals.models import Channel, Signal
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_building_action_findings_signals_and_measure(
    page: Page, live_server: Any, make_user: Callable[..., User], sign_in: Callable[[Page, User], None]
) -> None:
    inspector = make_user(Role.INSPECTOR, "Gemeente Arnhem – Toezicht en Handhaving")
    make_user(Role.CHAIN_DIRECTOR, "Gemeente Arnhem – Ketenregie mensenhandel")
    services.premises_save(
        actor=inspector,
        premises=Premises(
            municipality=Municipality.objects.get(code="GM0202"),
            name="Logement Browsertest (synthetisch)",
            type=PremisesType.ROOM_RENTAL,
            street="Klarendalseweg",
            house_number="101",
            postcode="6822GB",
            operator_name="Kamers Test B.V. (synthetisch)",
        ),
    )
    today = timezone.localdate().isoformat()

    sign_in(page, inspector)
    expect(page.get_by_test_id("inspection-plan")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Handhaving").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controles")
    assert_accessible(page)

    page.get_by_role("link", name="Controle plannen").click()
    page.get_by_label("Soort controle").select_option("building_action")
    page.get_by_label("Branche").select_option("housing")
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Logement Browsertest (synthetisch)").check()
    page.get_by_label("Politie Oost-Nederland").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De controle is gepland")
    expect(page.get_by_test_id("inspection-status")).to_have_text("Gepland")
    assert_accessible(page)

    page.get_by_role("link", name="Bevindingen vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bevindingen")
    page.locator("summary", has_text="Documenten").click()
    page.locator("#id_ind_ILO-07").select_option("seen")
    page.locator("#id_counts-0-sex").select_option("male")
    page.locator("#id_counts-0-age_band").select_option("24_35")
    page.locator("#id_counts-0-nationality").select_option("RO")
    page.locator("#id_counts-0-count").fill("6")
    page.get_by_label("Geconstateerde onregelmatigheden").fill("Twaalf bedden in drie kamers.")
    assert_accessible(page)
    page.get_by_role("button", name="Bevindingen opslaan").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("Uitgevoerd")
    expect(page.get_by_test_id("seen-indicators")).to_contain_text("ILO-07")

    page.get_by_label("Arbeidsuitbuiting").check()
    page.get_by_role("button", name="Signalen maken").click()
    expect(page.get_by_role("status")).to_contain_text("Signalen gemaakt")
    signal = Signal.objects.get(channel=Channel.INSPECTION)
    expect(page.get_by_test_id("inspection-signals")).to_contain_text(signal.reference)
    assert signal.address_key == "6822GB:101"
    assert list(signal.indicators.values_list("code", flat=True)) == ["ILO-07"]
    assert_accessible(page)

    page.get_by_role("link", name="Maatregel nemen naar aanleiding van deze controle").click()
    page.get_by_label("Soort maatregel").select_option("penalty_order")
    page.get_by_label("Juridische grondslag").fill("Artikel 5:32 Awb (last onder dwangsom)")
    page.locator("#id_premises").select_option(label="Logement Browsertest (synthetisch)")
    assert_accessible(page)
    page.get_by_role("button", name="Voornemen vastleggen").click()
    expect(page.get_by_test_id("measure-status")).to_contain_text("Voornemen")
    expect(page.get_by_test_id("measure-deadline")).to_contain_text("zienswijze")
    assert_accessible(page)
    page.locator("#id_to_status").select_option("view_heard")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_test_id("measure-status")).to_contain_text("Zienswijze gehoord")
    assert Measure.objects.get().status == MeasureStatus.VIEW_HEARD

    page.get_by_role("link", name="Bestuurlijke maatregelen").first.click()
    expect(page.get_by_test_id("measure-table")).to_contain_text("Last onder dwangsom")
    assert_accessible(page)
    page.get_by_role("link", name="Panden en inrichtingen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Logement Browsertest (synthetisch)").click()
    expect(page.get_by_test_id("premises-signals")).to_contain_text(signal.reference)
    assert_accessible(page)
    page.get_by_role("link", name="Wijzigen").click()
    assert_accessible(page)
