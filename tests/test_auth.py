from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD, verified_client

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _password_step(client: Client, user: User, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/aanmelden/", {"username": user.email, "password": password})


def test_anonymous_is_sent_to_sign_in() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


def test_password_alone_does_not_give_access(chain_director: User) -> None:
    client = Client()
    response = _password_step(client, chain_director)
    assert response.status_code == 302 and response["Location"] == "/aanmelden/tweede-stap/"
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/aanmelden/tweede-stap/"
    assert client.get("/ketenpartners/").status_code == 302


def test_sign_in_with_totp(chain_director: User) -> None:
    client = Client()
    _password_step(client, chain_director)
    device = TOTPDevice.objects.get(user=chain_director)
    wrong = client.post("/aanmelden/tweede-stap/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    # django-otp throttles after a failure: the right code is refused until the delay passes.
    device.refresh_from_db()
    throttled = client.post("/aanmelden/tweede-stap/", {"token": _code(device)})
    assert throttled.status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=65), tick=False):
        response = client.post("/aanmelden/tweede-stap/", {"token": _code(device)})
        assert response.status_code == 302 and response["Location"] == "/"
        assert client.get("/").status_code == 200
    actions = list(AuditEvent.objects.filter(actor_id=chain_director.pk).values_list("action", flat=True))
    assert AuditAction.SIGN_IN_PASSWORD in actions
    assert AuditAction.SECOND_FACTOR_FAILED in actions
    assert AuditAction.SIGN_IN in actions


def test_wrong_password_is_refused_in_dutch_and_audited_without_the_address(chain_director: User) -> None:
    response = _password_step(Client(), chain_director, "wrong-password")
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).latest("seq")
    assert event.object_id == str(chain_director.pk)
    assert chain_director.email not in str(event.detail) and event.actor_label == ""


def test_next_url_is_kept_through_both_steps(chain_director: User) -> None:
    client = Client()
    client.post(
        "/aanmelden/?next=/ketenpartners/",
        {"username": chain_director.email, "password": PASSWORD, "next": "/ketenpartners/"},
    )
    device = TOTPDevice.objects.get(user=chain_director)
    response = client.post("/aanmelden/tweede-stap/", {"token": _code(device)})
    assert response["Location"] == "/ketenpartners/"


def test_open_redirect_is_refused(chain_director: User) -> None:
    client = Client()
    client.post(
        "/aanmelden/", {"username": chain_director.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    device = TOTPDevice.objects.get(user=chain_director)
    response = client.post("/aanmelden/tweede-stap/", {"token": _code(device)})
    assert response["Location"] == "/"


def test_first_sign_in_enrols_totp_and_shows_recovery_codes_once(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("internal_liaison", "Gemeente Arnhem – Burgerzaken", totp=False)
    client = Client()
    response = _password_step(client, user)
    response = client.get("/aanmelden/tweede-stap/")
    assert response["Location"] == "/aanmelden/instellen/"
    page = client.get("/aanmelden/instellen/")
    body = page.content.decode()
    assert "<svg" in body and 'data-testid="totp-secret"' in body
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    bad = client.post("/aanmelden/instellen/", {"token": "12345"})
    assert "De code bestaat uit zes cijfers." in bad.content.decode()
    response = client.post("/aanmelden/instellen/", {"token": _code(device)})
    assert response["Location"] == "/account/herstelcodes/"
    codes_page = client.get("/account/herstelcodes/")
    assert codes_page.status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/account/herstelcodes/").status_code == 404  # shown once
    assert client.get("/").status_code == 200


def test_recovery_code_signs_in_once(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("analyst", "Gemeente Arnhem – Beleid Veiligheid")
    from schakel.accounts.services import recovery_codes_renew

    code = recovery_codes_renew(actor=user)[0]
    client = Client()
    _password_step(client, user)
    response = client.post("/aanmelden/tweede-stap/", {"token": code.upper()})
    assert response.status_code == 302 and response["Location"] == "/"
    other = Client()
    _password_step(other, user)
    again = other.post("/aanmelden/tweede-stap/", {"token": code})
    assert again.status_code == 200


def test_lock_out_after_repeated_failures(chain_director: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, chain_director, "wrong-password")
    response = _password_step(Client(), chain_director)  # even the right password, from elsewhere
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, object_id=str(chain_director.pk)).exists()


def test_sign_out_everywhere_ends_other_sessions(chain_director: User) -> None:
    laptop = verified_client(chain_director)
    phone = verified_client(chain_director)
    assert phone.get("/").status_code == 200
    response = laptop.post("/afmelden/overal/")
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT_EVERYWHERE, actor_id=chain_director.pk).exists()


def test_sign_out_requires_post(chain_director: User) -> None:
    client = verified_client(chain_director)
    assert client.get("/afmelden/").status_code == 405
    assert client.post("/afmelden/").status_code == 302
    assert client.get("/").status_code == 302


def test_idle_timeout_is_fifteen_minutes_and_renewed_per_request(chain_director: User) -> None:
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client = verified_client(chain_director)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get("/").status_code == 200  # activity renews the session
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=44), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


def test_inactive_user_cannot_sign_in(chain_director: User) -> None:
    chain_director.is_active = False
    chain_director.save()
    response = _password_step(Client(), chain_director)
    assert response.status_code == 200


def test_admin_login_goes_through_the_mfa_sign_in() -> None:
    response = Client().get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


def test_lock_out_bookkeeping_keeps_no_ip_address(chain_director: User) -> None:
    from axes.models import AccessAttempt, AccessLog

    Client().post("/aanmelden/", {"username": chain_director.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 1 and attempt.ip_address is None
    Client().post("/aanmelden/", {"username": chain_director.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert not AccessLog.objects.exists()
