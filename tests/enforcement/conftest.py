"""Fixtures for the enforcement tests: an inspector, premises and inspections made through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core.models import District, Municipality
from schakel.enforcement import services
from schakel.enforcement.models import Inspection, Premises, PremisesType


@pytest.fixture
def inspector(make_user: Callable[..., User]) -> User:
    return make_user(Role.INSPECTOR, "Gemeente Arnhem – Toezicht en Handhaving")


@pytest.fixture
def nla_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.PARTNER_USER, "Nederlandse Arbeidsinspectie")


@pytest.fixture
def arnhem(reference_data: None) -> Municipality:
    return Municipality.objects.get(code="GM0202")


@pytest.fixture
def make_premises(arnhem: Municipality, inspector: User) -> Callable[..., Premises]:
    def make(**fields: Any) -> Premises:
        values: dict[str, Any] = {
            "name": "Pand (synthetisch)",
            "type": PremisesType.ROOM_RENTAL,
            "street": "Teststraat",
            "house_number": "12A",
            "postcode": "6811AB",
            "city": "Arnhem",
            "district": District.objects.filter(code="WK020201").first(),
        }
        values.update(fields)
        return services.premises_save(actor=inspector, premises=Premises(municipality=arnhem, **values))

    return make


@pytest.fixture
def make_inspection(arnhem: Municipality, inspector: User) -> Callable[..., Inspection]:
    def make(*, premises: list[Premises] | None = None, partners: list[str] | None = None, **fields: Any) -> Inspection:
        values: dict[str, Any] = {"type": "building_action", "sector": "housing", "date": date(2026, 3, 10)}
        values.update(fields)
        return services.inspection_save(
            actor=inspector,
            inspection=Inspection(municipality=arnhem, **values),
            premises=premises or [],
            partners=[Organisation.objects.get(name=name) for name in partners or []],
        )

    return make
