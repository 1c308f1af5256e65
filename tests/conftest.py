"""Shared fixtures: reference data, the standard actors, and clients that passed MFA."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core.reference import load_all

# Property tests run the same examples every time (reproducible CI); raise max_examples or
# switch profile locally to search wider: HYPOTHESIS_PROFILE=explore.
hypothesis_settings.register_profile("schakel", derandomize=True, database=None, deadline=None)
hypothesis_settings.register_profile("explore", max_examples=2000, database=None, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "schakel"))

if TYPE_CHECKING:
    from schakel.signals.models import Signal

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def reference_data(db: None) -> None:
    load_all()


@pytest.fixture
def make_user(reference_data: None) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str, organisation: str, *, email: str | None = None, totp: bool = True, staff: bool = False) -> User:
        counter["n"] += 1
        user = User.objects.create_user(
            email=email or f"{role}{counter['n']}@test.example",
            password=PASSWORD,
            full_name=f"Test {role} {counter['n']}",
            organisation=Organisation.objects.get(name=organisation),
            is_staff=staff,
        )
        user.groups.add(Group.objects.get(name=role))
        if totp:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        return user

    return make


@pytest.fixture
def liaison(make_user: Callable[..., User]) -> User:
    return make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")


@pytest.fixture
def analyst(make_user: Callable[..., User]) -> User:
    return make_user(Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid")


@pytest.fixture
def chain_director(make_user: Callable[..., User]) -> User:
    return make_user(Role.CHAIN_DIRECTOR, "Gemeente Arnhem – Ketenregie mensenhandel")


@pytest.fixture
def police_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.PARTNER_USER, "Politie Oost-Nederland")


@pytest.fixture
def moviera_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.CARE_COORDINATOR, "Moviera")


@pytest.fixture
def auditor(make_user: Callable[..., User]) -> User:
    return make_user(Role.AUDITOR, "Gemeente Arnhem – Privacy (FG)")


@pytest.fixture
def admin_user_(make_user: Callable[..., User]) -> User:
    return make_user(Role.FUNCTIONAL_ADMIN, "Gemeente Arnhem – Informatievoorziening", staff=True)


ALL_ROLE_ORGS = {
    Role.CHAIN_DIRECTOR: "Gemeente Arnhem – Ketenregie mensenhandel",
    Role.INTERNAL_LIAISON: "Gemeente Arnhem – Burgerzaken",
    Role.PARTNER_USER: "Politie Oost-Nederland",
    Role.CARE_COORDINATOR: "Moviera",
    Role.INSPECTOR: "Gemeente Arnhem – Toezicht en Handhaving",
    Role.ANALYST: "Gemeente Arnhem – Beleid Veiligheid",
    Role.FUNCTIONAL_ADMIN: "Gemeente Arnhem – Informatievoorziening",
    Role.AUDITOR: "Gemeente Arnhem – Privacy (FG)",
}


def verified_client(user: User) -> Client:
    """A client signed in with password and second factor, as after the real flow."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None, "the user needs a confirmed TOTP device"
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def make_signal(reporter: User | None = None, *, channel: str = "internal", **overrides: object) -> Signal:
    """A signal through the real service, as a door would store it."""
    from schakel.core.models import Municipality
    from schakel.signals.services import SignalInput, signal_submit

    data = SignalInput(
        narrative=str(overrides.pop("narrative", "Veel mensen in één woning; ze worden elke ochtend opgehaald.")),
        forms=list(overrides.pop("forms", ["labour"])),  # type: ignore[call-overload]
        municipality=Municipality.objects.get(code="GM0202"),
        **overrides,  # type: ignore[arg-type]
    )
    organisation = reporter.organisation if reporter is not None else None
    return signal_submit(actor=reporter, channel=channel, data=data, organisation=organisation).signal


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Cached dashboard figures and rate-limit counters must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
