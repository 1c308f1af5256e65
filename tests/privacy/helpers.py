"""Building closed signals with identifiable people for the privacy tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from schakel.accounts.models import User
from schakel.signals.entities import address, email, person, phone
from schakel.signals.models import Signal
from schakel.signals.services import Location
from schakel.signals.workflow import transition
from tests.conftest import make_signal

AMS = ZoneInfo("Europe/Amsterdam")

ANNA = {
    "name": "Anna Kowalska",
    "birth_date": date(1994, 3, 12),
    "phone": "06-12345678",
    "email": "anna.kowalska@example.org",
    "address": "Rozenstraat 12, 6811 AB Arnhem",
    "narrative": "Anna Kowalska woont met tien anderen in één woning aan de Rozenstraat.",
}
BORIS = {
    "name": "Boris Petrov",
    "birth_date": date(1988, 7, 1),
    "phone": "+31 6 87654321",
    "email": "boris.petrov@example.net",
    "address": "Lindelaan 3, 6822 CD Arnhem",
    "narrative": "Boris Petrov werkt zeven dagen per week zonder loon.",
}


def signal_about(reporter: User, who: dict[str, Any], **overrides: Any) -> Signal:
    entities = [
        person(role="possible_victim", name=who["name"], birth_date=who["birth_date"], sex="unknown"),
        phone(who["phone"]),
        email(who["email"]),
        address(who["address"]),
    ]
    return make_signal(
        reporter,
        narrative=who["narrative"],
        entities=entities,
        location=Location(street="Rozenstraat", house_number=12, postcode="6811AB", city="Arnhem"),
        **overrides,
    )


def closed_signal(
    reporter: User, director: User, who: dict[str, Any], *, closed_on: date, outcome: str = "unfounded", **kw: Any
) -> Signal:
    """A signal received and closed on ``closed_on`` (the clock really travels there)."""
    with time_machine.travel(datetime(closed_on.year, closed_on.month, closed_on.day, 10, tzinfo=AMS), tick=False):
        signal = signal_about(reporter, who)
        transition(
            actor=director,
            signal=signal,
            to_status="closed",
            outcome=outcome,
            outcome_note=f"Gesproken met {who['name']}",
            reason=f"Afgesloten na gesprek met {who['name']}",
            **kw,
        )
    signal.refresh_from_db()
    return signal
