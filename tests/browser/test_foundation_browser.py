from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.demo import seed_demo_data
from tests.browser.conftest import assert_accessible, current_code
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_password_and_totp(page: Page, live_server: Any, chain_director: User) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/aanmelden/?next=/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(chain_director.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap: code uit je app")
    assert_accessible(page)
    page.get_by_label("Code").fill("12")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator(".utrecht-form-field-error-message")).to_be_visible()
    assert_accessible(page)
    # After a failed code django-otp throttles; wait the delay out like a person would.
    page.wait_for_timeout(1100)
    page.get_by_label("Code").fill(current_code(chain_director))
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    expect(page.get_by_text("Ketenregisseur", exact=False).first).to_be_visible()
    assert_accessible(page)


def test_first_sign_in_enrols_an_authenticator(page: Page, live_server: Any, make_user: Callable[..., User]) -> None:
    user = make_user("internal_liaison", "Gemeente Arnhem – Burgerzaken", totp=False)
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor instellen")
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    page.get_by_label("Code uit de app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_lock_out_after_repeated_wrong_passwords(page: Page, live_server: Any, chain_director: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/aanmelden/")
        page.get_by_label("E-mailadres").fill(chain_director.email)
        page.get_by_label("Wachtwoord").fill("not-the-password")
        page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    assert_accessible(page)
    page.goto(f"{live_server.url}/aanmelden/")
    page.get_by_label("E-mailadres").fill(chain_director.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")


def test_language_switch_to_english_and_back(page: Page, live_server: Any) -> None:
    page.goto(f"{live_server.url}/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden bij Schakel")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wijzig taal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Schakel")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden bij Schakel")


def test_auditor_searches_the_trail(
    page: Page, live_server: Any, auditor: User, chain_director: User, sign_in: Callable[[Page, User], None]
) -> None:
    audit_record(actor=chain_director, action=AuditAction.EXPORT, object_type="test.export", object_id="77")
    sign_in(page, auditor)
    page.get_by_role("link", name="Audittrail").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audittrail")
    assert_accessible(page)
    page.get_by_label("Handeling").select_option("export")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_test_id("audit-total")).to_have_text("1 gebeurtenis gevonden")
    expect(page.locator("#audit-results")).to_contain_text("test.export:77")
    expect(page).to_have_url(
        f"{live_server.url}/audit/?actor=&action=export&object_type=&object_id=&date_from=&date_to="
    )
    assert_accessible(page)


def test_every_foundation_page_is_accessible(
    page: Page, live_server: Any, chain_director: User, sign_in: Callable[[Page, User], None]
) -> None:
    seed_demo_data()
    sign_in(page, chain_director)
    moviera = Organisation.objects.get(name="Moviera")
    for path in [
        "/",
        "/ketenpartners/",
        f"/ketenpartners/{moviera.pk}/",
        "/aandachtsfunctionarissen/",
        "/account/",
        "/toegankelijkheid/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    response = page.goto(f"{live_server.url}/ketenpartners/999999/")
    assert response is not None and response.status == 404
    assert_accessible(page)


def test_phone_width_sign_in_page_is_accessible(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/aanmelden/")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scrolling at phone width: {width}px"
