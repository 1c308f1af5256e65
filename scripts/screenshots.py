"""Take the README's screenshots from a running demo (`make run`), signing in as demo users.

Usage: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [NAME.png ...]

With names, only those files are written (the others are still visited).
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from django_otp.oath import TOTP
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from schakel.core.demo_constants import DEMO_PASSWORD, DEMO_TOTP_SEED  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ONLY = set(sys.argv[2:])
OUT = ROOT / "docs" / "img"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sign_in(page: Page, email: str) -> None:
    page.goto(f"{BASE}/aanmelden/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Volgende stap").click()
    page.get_by_label("Code").fill(f"{TOTP(base64.b32decode(DEMO_TOTP_SEED)).token():06d}")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{BASE}/")


def shoot(page: Page, path: str, name: str) -> None:
    page.goto(f"{BASE}{path}")
    save(page, name)


def save(page: Page, name: str) -> None:
    if ONLY and name not in ONLY:
        return
    page.screenshot(path=str(OUT / name), full_page=True)
    print("wrote", OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        shoot(page, "/aanmelden/", "sign-in.png")
        sign_in(page, "ketenregisseur@demo.schakel.example")
        for path, name in SCREENS_DIRECTOR:
            shoot(page, path, name)
        page.goto(f"{BASE}/signalen/?q=6822GB")
        page.locator("table.schakel-inbox tbody a").first.click()
        save(page, "signal-detail.png")
        page.goto(f"{BASE}/casussen/")
        page.locator("main table tbody a").first.click()
        save(page, "case-detail.png")
        page.goto(f"{BASE}/")
        place = page.locator('[data-testid=patterns] a[href^="/entiteiten/plaats/"]').first
        if place.count():
            place.click()
            save(page, "place.png")
        page.goto(f"{BASE}/")
        link = page.locator('[data-testid=patterns] a[href^="/entiteiten/"]:not([href^="/entiteiten/plaats/"])').first
        if link.count():
            link.click()
            page.get_by_role("link", name="Netwerk bekijken").click()
            save(page, "network.png")
        context.close()
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sign_in(page, "auditor@demo.schakel.example")
        shoot(page, "/audit/", "audit-trail.png")
        shoot(page, "/privacy/", "privacy.png")
        context.close()
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sign_in(page, "zorgcoordinator@demo.schakel.example")
        shoot(page, "/zorg/", "care.png")
        context.close()
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sign_in(page, "politie@demo.schakel.example")
        shoot(page, "/gedeeld/", "partner-shares.png")
        page.locator("table a").first.click()
        save(page, "partner-share.png")
        context.close()
        phone = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 800}, is_mobile=True)
        shoot(phone.new_page(), "/aanmelden/", "sign-in-phone.png")
        shoot(phone.new_page(), "/melden/", "public-report-phone.png")
        shoot(phone.new_page(), "/melden/pl/", "public-report-phone-pl.png")
        browser.close()


SCREENS_DIRECTOR = [
    ("/", "home-chain-director.png"),
    ("/signalen/", "inbox.png"),
    ("/signalen/?q=6822GB", "inbox-search.png"),
    ("/signalen/nieuw/", "signal-new.png"),
    ("/ketenpartners/", "partners.png"),
    ("/aard-en-omvang/", "dashboard.png"),
    ("/aard-en-omvang/plan/", "plan-tracker.png"),
    ("/casussen/", "cases.png"),
    ("/casussen/overleggen/", "meetings.png"),
    ("/handhaving/controles/", "inspections.png"),
    ("/handhaving/panden/", "premises.png"),
    ("/preventie/", "prevention.png"),
]

if __name__ == "__main__":
    main()
