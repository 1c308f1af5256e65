from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from schakel.accounts.models import Organisation, User
from schakel.care import services
from schakel.care.models import CareTrajectory
from schakel.core.models import Municipality

NAME = "Oksana Testivna"
PHONE = "06-98765432"
DOB = date(1999, 4, 17)
ID_NUMBER = "NX7Q3L9P2"


@pytest.fixture
def arnhem(reference_data: None) -> Municipality:
    return Municipality.objects.get(code="GM0202")


@pytest.fixture
def make_trajectory(arnhem: Municipality) -> Callable[..., CareTrajectory]:
    def make(actor: User, *, referred_on: date | None = None, **victim: Any) -> CareTrajectory:
        return services.trajectory_create(
            actor=actor,
            municipality=arnhem,
            referred_on=referred_on or date(2026, 1, 10),
            referring_organisation=Organisation.objects.get(short_name="Politie"),
            victim=services.VictimInput(
                birth_year=victim.pop("birth_year", 1999),
                sex=victim.pop("sex", "female"),
                nationality=victim.pop("nationality", "Oekraïens"),
                forms=victim.pop("forms", ["sexual"]),
            ),
            identity=services.IdentityInput(
                full_name=victim.pop("full_name", NAME),
                date_of_birth=victim.pop("date_of_birth", DOB),
                phone=victim.pop("phone", PHONE),
                address="Teststraat 1, Arnhem",
                id_number=ID_NUMBER,
            ),
        )

    return make
