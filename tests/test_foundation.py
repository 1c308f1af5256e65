"""Roles, reference data, demo data, pages and need-to-know of the foundation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from schakel.accounts.models import LiaisonOfficer, Organisation, User
from schakel.accounts.roles import ROLE_PERMISSIONS, Role
from schakel.audit.models import AuditAction, AuditEvent
from schakel.core.demo import DEMO_ACCOUNTS, seed_demo_accounts, seed_demo_data
from schakel.core.logging import scrub
from schakel.core.models import District
from schakel.intake.models import CatalogueStatus, Indicator, IndicatorCatalogue
from schakel.monitoring.models import PlanTarget
from tests.conftest import ALL_ROLE_ORGS, verified_client

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_role_groups_have_exactly_their_permissions() -> None:
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        actual = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert actual == set(perms), role


@pytest.mark.django_db
def test_only_chain_director_and_care_coordinator_see_victim_details(make_user: Callable[..., User]) -> None:
    allowed = set()
    for role, organisation in ALL_ROLE_ORGS.items():
        if make_user(role, organisation).has_perm("accounts.view_victim_details"):
            allowed.add(role)
    assert allowed == {Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR}


@pytest.mark.django_db
def test_reference_data_loads_and_reloading_changes_nothing() -> None:
    call_command("load_reference_data")
    counts = (
        Organisation.objects.count(),
        District.objects.count(),
        Indicator.objects.count(),
        PlanTarget.objects.count(),
    )
    call_command("load_reference_data")
    assert counts == (
        Organisation.objects.count(),
        District.objects.count(),
        Indicator.objects.count(),
        PlanTarget.objects.count(),
    )
    assert District.objects.count() == 24
    assert District.objects.filter(geometry__isnull=True).count() == 0
    assert Indicator.objects.count() == 61
    assert PlanTarget.objects.count() == 45
    assert IndicatorCatalogue.objects.get(status=CatalogueStatus.PUBLISHED).version == "0.1"
    centre = District.objects.get(code="WK020201")
    assert centre.name == "Centrum" and centre.municipality.code == "GM0202"
    assert PlanTarget.objects.get(code="B9").title_nl == "Minstens zes pandenacties per jaar"
    police = Organisation.objects.get(short_name="Politie")
    assert police.type == "police" and police.covenants.count() == 3


@pytest.mark.django_db
def test_indicators_cover_all_forms_for_all_and_weigh_strong_ones_double(reference_data: None) -> None:
    ilo = Indicator.objects.get(code="ILO-07")
    assert set(ilo.forms) == {"sexual", "labour", "criminal", "organ", "serious_disadvantage"}
    assert ilo.weights["labour"] == 2
    assert Indicator.objects.get(code="CE-01").weights == {"criminal": 1}


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_marks_people_synthetic(reference_data: None) -> None:
    seed_demo_accounts()
    seed_demo_data()
    users, officers = User.objects.count(), LiaisonOfficer.objects.count()
    seed_demo_accounts()
    seed_demo_data()
    assert (users, officers) == (User.objects.count(), LiaisonOfficer.objects.count())
    assert users == len(DEMO_ACCOUNTS)
    assert all("(synthetisch)" in name for name in User.objects.values_list("full_name", flat=True))
    assert all("(synthetisch)" in name for name in LiaisonOfficer.objects.values_list("full_name", flat=True))
    for account in DEMO_ACCOUNTS:
        assert User.objects.get(email=account.email).has_role(account.role)


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_production_refuses_demo_accounts_and_data(reference_data: None) -> None:
    with pytest.raises(CommandError, match="refused"):
        call_command("seed_demo")
    with pytest.raises(CommandError):
        call_command("demo_totp")
    assert User.objects.count() == 0


def _settings_in_subprocess(
    env: dict[str, str], code: str = "import django; django.setup()"
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SCHAKEL_", "DJANGO_"))}
    full_env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_production_without_https_site_url_fails_loudly(tmp_path: Path) -> None:
    result = _settings_in_subprocess(
        {
            "SCHAKEL_ENVIRONMENT": "production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "x.example",
            "SCHAKEL_SITE_URL": "http://x.example",
            "SCHAKEL_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode != 0
    assert "SCHAKEL_SITE_URL" in result.stderr


def test_production_without_secret_key_fails_loudly(tmp_path: Path) -> None:
    result = _settings_in_subprocess(
        {"SCHAKEL_ENVIRONMENT": "production", "DJANGO_ALLOWED_HOSTS": "x.example", "SCHAKEL_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SCHAKEL_SESSION_IDLE_MINUTES", "fifteen", "must be a whole number"),
        ("SCHAKEL_SESSION_IDLE_MINUTES", "0", "must be at least 1"),
        ("DJANGO_DEBUG", "maybe", "must be true or false"),
        ("SCHAKEL_ENVIRONMENT", "staging", "must be one of"),
        ("DATABASE_URL", "mysql://x/y", "SQLite or PostgreSQL"),
    ],
)
def test_bad_environment_values_fail_loudly(variable: str, value: str, message: str, tmp_path: Path) -> None:
    result = _settings_in_subprocess({variable: value, "SCHAKEL_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_web_worker_imports_the_views_and_loads_the_catalogues_while_it_boots(tmp_path: Path) -> None:
    # What gunicorn imports: after it, the first request finds the views imported and every
    # language's translations loaded instead of waiting seconds for them.
    code = (
        "import sys, config.wsgi; from django.utils.translation import trans_real; "
        "print('config.urls' in sys.modules, 'schakel.entities.views' in sys.modules, sorted(trans_real._translations))"
    )
    result = _settings_in_subprocess({"SCHAKEL_DATA_DIR": str(tmp_path)}, code)
    assert result.returncode == 0, result.stderr
    urls, entity_views, loaded = result.stdout.strip().split(" ", 2)
    assert (urls, entity_views) == ("True", "True")
    for language in ("nl", "en", *settings.PUBLIC_LANGUAGES):
        assert f"'{language}'" in loaded


def test_production_settings_are_secure(tmp_path: Path) -> None:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG, s.DEMO_ALLOWED]))"
    )
    result = _settings_in_subprocess(
        {
            "SCHAKEL_ENVIRONMENT": "production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "schakel.example.nl",
            "SCHAKEL_SITE_URL": "https://schakel.example.nl",
            "SCHAKEL_DATA_DIR": str(tmp_path),
            "SCHAKEL_ENCRYPTION_KEYS": "Y0lPa2dIa2ZyQkVuS1ZQT2RmR0R5dEJqQjVPMmZKbFY=",
        },
        code,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True, 31_536_000, False, False]


def test_log_scrubbing_removes_personal_data() -> None:
    text = scrub("mail jan.jansen@example.nl tel +31 6 12345678 iban NL91ABNA0417164300 postcode 6811 AB")
    for leaked in ("jan.jansen@example.nl", "12345678", "NL91ABNA0417164300", "6811 AB"):
        assert leaked not in text


@pytest.mark.django_db
def test_csp_has_no_unsafe_inline_and_frames_are_denied() -> None:
    response = Client().get("/aanmelden/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_not_found_page_reveals_nothing(chain_director: User) -> None:
    response = verified_client(chain_director).get("/ketenpartners/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body and "Traceback" not in body and "DoesNotExist" not in body


@pytest.mark.django_db
def test_accessibility_statement_and_health_are_public() -> None:
    client = Client()
    assert client.get("/toegankelijkheid/").status_code == 200
    assert client.get("/health/").json() == {"status": "ok"}
    assert client.get("/ready/").json()["database"] == "up"


@pytest.mark.django_db
def test_partner_register_is_open_to_every_signed_in_user(police_user: User) -> None:
    client = verified_client(police_user)
    body = client.get("/ketenpartners/").content.decode()
    assert "Veilig Thuis Gelderland-Midden" in body
    moviera = Organisation.objects.get(name="Moviera")
    detail = client.get(f"/ketenpartners/{moviera.pk}/").content.decode()
    assert "Zorgcoördinatie" in detail


@pytest.mark.django_db
def test_liaison_registry_is_need_to_know(
    chain_director: User, police_user: User, moviera_user: User, admin_user_: User
) -> None:
    seed_demo_data()
    officer = LiaisonOfficer.objects.first()
    assert officer is not None
    assert officer.full_name in verified_client(chain_director).get("/aandachtsfunctionarissen/").content.decode()
    assert verified_client(admin_user_).get("/aandachtsfunctionarissen/").status_code == 200
    for outsider in (police_user, moviera_user):
        client = verified_client(outsider)
        assert client.get("/aandachtsfunctionarissen/").status_code == 404
        detail = client.get(f"/ketenpartners/{officer.organisation_id}/").content.decode()
        assert officer.full_name not in detail
    assert AuditEvent.objects.filter(actor_id=chain_director.pk, action=AuditAction.LIST).exists()


@pytest.mark.django_db
def test_home_page_is_role_aware(chain_director: User, auditor: User, police_user: User) -> None:
    director_home = verified_client(chain_director).get("/").content.decode()
    assert "Alle signalen" in director_home and "Audittrail" not in director_home
    auditor_home = verified_client(auditor).get("/").content.decode()
    assert "Audittrail" in auditor_home and "Alle signalen" not in auditor_home
    police_home = verified_client(police_user).get("/").content.decode()
    assert "Gedeeld met mijn organisatie" in police_home and "Alle signalen" not in police_home


@pytest.mark.django_db
def test_admin_writes_and_reads_are_audited(admin_user_: User) -> None:
    client = verified_client(admin_user_)
    organisation = Organisation.objects.get(name="Moviera")
    assert client.get(f"/beheer/accounts/organisation/{organisation.pk}/change/").status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_type="accounts.organisation", object_id=str(organisation.pk)
    ).exists()
    response = client.post(
        "/beheer/accounts/covenant/add/", {"name": "Testconvenant", "description": "", "legal_basis": "AVG 6(1)(e)"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="accounts.covenant").exists()


@pytest.mark.django_db
def test_non_staff_cannot_reach_the_admin(chain_director: User) -> None:
    response = verified_client(chain_director).get("/beheer/")
    assert response.status_code == 302
    assert settings.LOGIN_URL


@pytest.mark.django_db
def test_csrf_failure_page_is_dutch_and_reveals_nothing() -> None:
    response = Client(enforce_csrf_checks=True).post("/aanmelden/", {"username": "x@example.nl", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "De pagina was verlopen" in body and "DEBUG" not in body


@pytest.mark.django_db
def test_demo_signals_cover_every_door_and_form_with_planted_overlaps(reference_data: None) -> None:
    from schakel.core.demo_signals import seed_demo_signals
    from schakel.signals.models import Channel, Signal, SignalEntity

    seed_demo_accounts()
    assert seed_demo_signals(count=120) == 120
    assert seed_demo_signals(count=120) == 0  # a second run adds nothing
    assert Signal.objects.count() == 120 and not Signal.objects.filter(is_synthetic=False).exists()
    assert set(Signal.objects.values_list("channel", flat=True)) == {
        c.value for c in Channel if c != Channel.INSPECTION
    }
    for field in ("form_sexual", "form_labour", "form_criminal"):
        assert Signal.objects.filter(**{field: True}).exists(), field
    assert Signal.objects.exclude(district=None).values("district").distinct().count() >= 8
    hotspot = Signal.objects.filter(address_key="6822GB:101")
    assert hotspot.count() >= 3
    assert SignalEntity.objects.filter(kind="phone", match_key="+31641234567").values("signal").distinct().count() >= 2
    assert all("synthetisch" in narrative for narrative in Signal.objects.values_list("narrative", flat=True))


OIDC_ENV = {
    "SCHAKEL_OIDC_ENABLED": "true",
    "OIDC_RP_CLIENT_ID": "schakel",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example/jwks",
}


def test_oidc_is_configured_purely_by_environment(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.urls import reverse; from django.conf import settings as s; "
        "print(reverse('oidc_authentication_init'), s.OIDC_CREATE_USER, s.AUTHENTICATION_BACKENDS[-1])"
    )
    result = _settings_in_subprocess({**OIDC_ENV, "SCHAKEL_DATA_DIR": str(tmp_path)}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/oidc/authenticate/", "False", "schakel.accounts.oidc.SchakelOIDCBackend"]
    missing = {k: v for k, v in OIDC_ENV.items() if k != "OIDC_OP_TOKEN_ENDPOINT"}
    broken = _settings_in_subprocess({**missing, "SCHAKEL_DATA_DIR": str(tmp_path)})
    assert broken.returncode != 0 and "OIDC_OP_TOKEN_ENDPOINT is required" in broken.stderr


@pytest.mark.django_db
def test_oidc_backend_matches_only_active_provisioned_accounts(chain_director: User) -> None:
    from schakel.accounts.oidc import SchakelOIDCBackend

    backend = SchakelOIDCBackend.__new__(SchakelOIDCBackend)  # no provider round-trip needed to filter users
    assert list(backend.filter_users_by_claims({"email": chain_director.email.upper()})) == [chain_director]
    assert not backend.filter_users_by_claims({"email": "stranger@example.nl"}).exists()
    assert not backend.filter_users_by_claims({"email": chain_director.email, "email_verified": False}).exists()
    chain_director.is_active = False
    chain_director.save()
    assert not backend.filter_users_by_claims({"email": chain_director.email}).exists()
