"""Synthetic demo data and demo accounts, for ``make run`` only.

Everything here is invented. Demo people carry "(synthetisch)" in their names, and the
whole demo profile shows a banner saying the data is synthetic. Production refuses to run it.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import LiaisonKind, LiaisonOfficer, LiaisonTraining, Organisation, User
from schakel.accounts.roles import ROLE_LABELS, Role
from schakel.core.demo_constants import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SEED


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    organisation: str
    staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "ketenregisseur@" + DEMO_DOMAIN,
        "Kim Ketel (synthetisch)",
        Role.CHAIN_DIRECTOR,
        "Gemeente Arnhem – Ketenregie mensenhandel",
    ),
    DemoAccount(
        "aandachtsfunctionaris@" + DEMO_DOMAIN,
        "Ayla Bosman (synthetisch)",
        Role.INTERNAL_LIAISON,
        "Gemeente Arnhem – Burgerzaken",
    ),
    DemoAccount("politie@" + DEMO_DOMAIN, "Pieter Vos (synthetisch)", Role.PARTNER_USER, "Politie Oost-Nederland"),
    DemoAccount(
        "arbeidsinspectie@" + DEMO_DOMAIN,
        "Nadia El Amrani (synthetisch)",
        Role.PARTNER_USER,
        "Nederlandse Arbeidsinspectie",
    ),
    DemoAccount("zorgcoordinator@" + DEMO_DOMAIN, "Mirjam de Wit (synthetisch)", Role.CARE_COORDINATOR, "Moviera"),
    DemoAccount(
        "inspecteur@" + DEMO_DOMAIN,
        "Iwan Hendriks (synthetisch)",
        Role.INSPECTOR,
        "Gemeente Arnhem – Toezicht en Handhaving",
    ),
    DemoAccount(
        "analist@" + DEMO_DOMAIN, "Anouk Jansen (synthetisch)", Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid"
    ),
    DemoAccount(
        "beheerder@" + DEMO_DOMAIN,
        "Bram Smit (synthetisch)",
        Role.FUNCTIONAL_ADMIN,
        "Gemeente Arnhem – Informatievoorziening",
        staff=True,
    ),
    DemoAccount("auditor@" + DEMO_DOMAIN, "Fatma Yilmaz (synthetisch)", Role.AUDITOR, "Gemeente Arnhem – Privacy (FG)"),
]

_LIAISONS = [
    ("Ruben Mulder (synthetisch)", LiaisonKind.INTERNAL, "Gemeente Arnhem – Burgerzaken", "Balie Burgerzaken"),
    ("Sanne Visser (synthetisch)", LiaisonKind.INTERNAL, "Gemeente Arnhem – Werk en Inkomen", "Team Inkomen"),
    ("Youssef Amrani (synthetisch)", LiaisonKind.INTERNAL, "Gemeente Arnhem – Wmo en Jeugd", "Wijkteam Presikhaaf"),
    ("Lotte Kramer (synthetisch)", LiaisonKind.INTERNAL, "Gemeente Arnhem – Leerplicht", "Leerplicht"),
    ("Daan de Groot (synthetisch)", LiaisonKind.INTERNAL, "Gemeente Arnhem – Teams Leefomgeving", "Team Malburgen"),
    ("Esra Kaya (synthetisch)", LiaisonKind.INTERNAL, "Gemeente Arnhem – Toezicht en Handhaving", "Interventieteam"),
    ("Tom Bakker (synthetisch)", LiaisonKind.EXTERNAL, "Politie Oost-Nederland", "AVIM"),
    ("Ilse Meijer (synthetisch)", LiaisonKind.EXTERNAL, "Volkshuisvesting Arnhem", "Woonfraude"),
    ("Joris Peters (synthetisch)", LiaisonKind.EXTERNAL, "Vivare", "Sociaal beheer"),
    ("Marta Nowak (synthetisch)", LiaisonKind.EXTERNAL, "MEE Gelderse Poort", "Consulenten"),
]


def demo_totp_key_hex() -> str:
    return base64.b32decode(DEMO_TOTP_SEED).hex()


def _require_demo() -> None:
    if not settings.DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo accounts and demo data are refused when SCHAKEL_ENVIRONMENT=production.")


@transaction.atomic
def seed_demo_accounts() -> list[DemoAccount]:
    _require_demo()
    for account in DEMO_ACCOUNTS:
        organisation = Organisation.objects.get(name=account.organisation)
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={"full_name": account.full_name, "organisation": organisation, "is_staff": account.staff},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=account.role)])
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo-authenticator", key=demo_totp_key_hex(), confirmed=True)
    return DEMO_ACCOUNTS


@transaction.atomic
def seed_demo_data(seed: int = 2026) -> dict[str, int]:
    _require_demo()
    rng = random.Random(seed)
    created = 0
    for full_name, kind, organisation_name, department in _LIAISONS:
        organisation = Organisation.objects.get(name=organisation_name)
        officer, was_created = LiaisonOfficer.objects.get_or_create(
            full_name=full_name,
            defaults={
                "kind": kind,
                "organisation": organisation,
                "department": department,
                "email": full_name.split(" ")[0].lower() + "@" + DEMO_DOMAIN,
                "active_since": date(2023, 1, 1) + timedelta(days=rng.randint(0, 900)),
            },
        )
        if was_created:
            created += 1
            for _ in range(rng.randint(0, 3)):
                LiaisonTraining.objects.create(
                    officer=officer,
                    date=date(2024, 1, 1) + timedelta(days=rng.randint(0, 1000)),
                    title=rng.choice(
                        [
                            "Basistraining signaleren mensenhandel",
                            "Training criminele uitbuiting",
                            "Verdiepingsmodule arbeidsuitbuiting",
                        ]
                    ),
                )
    from schakel.cases.demo import seed as seed_cases

    return {"liaison_officers": created, **seed_cases(seed)}


def demo_accounts_table() -> str:
    lines = [
        "Demo-accounts (synthetisch; alleen in de demo-omgeving):",
        f"  wachtwoord voor allen : {DEMO_PASSWORD}",
        f"  TOTP-sleutel (base32) : {DEMO_TOTP_SEED}",
        "  (voeg de sleutel toe aan een authenticator-app, of: make totp)",
        "",
    ]
    for account in DEMO_ACCOUNTS:
        lines.append(f"  {ROLE_LABELS[account.role]!s:34} {account.email}")
    return "\n".join(lines)
