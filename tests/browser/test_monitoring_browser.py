from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.core.models import District
from schakel.signals.services import Location
from tests.browser.conftest import assert_accessible
from tests.conftest import make_signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_map_by_keyboard_filters_export_and_plan(
    page: Page, live_server: Any, make_user: Callable[..., User], sign_in: Callable[[Page, User], None]
) -> None:
    analyst = make_user(Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid")
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    centre = District.objects.get(code="WK020201")
    for _ in range(6):
        make_signal(liaison, forms=["labour"], location=Location(district=centre))
    sign_in(page, analyst)
    page.get_by_role("link", name="Aard en omvang").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aard en omvang")
    expect(page.get_by_test_id("suppression-note")).to_be_visible()
    assert_accessible(page)
    districts = page.locator("svg.choropleth [aria-label]")
    expect(districts).to_have_count(24)
    districts.first.focus()
    page.keyboard.press("Tab")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label and ":" in label
    centre_label = page.locator("svg.choropleth [aria-label^='Centrum']").get_attribute("aria-label")
    assert centre_label is not None and "6" in centre_label
    page.locator("#id_period_from").fill("2020-01-01")
    page.locator("#id_period_to").fill("2020-12-31")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.get_by_test_id("table-district").locator("tfoot")).to_contain_text("0")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("table-form").locator("xpath=../..").get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("schakel-form-")
    page.get_by_role("link", name="Naar het plan 2023–2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan ketenaanpak mensenhandel")
    expect(page.get_by_test_id("measure-S2")).to_be_visible()
    assert_accessible(page)
