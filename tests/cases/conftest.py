"""Fixtures for cases: two signals the matching engine linked, a case, a second partner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.cases import services
from schakel.cases.models import Case
from schakel.entities.services import link_signal
from schakel.signals import entities as e
from schakel.signals.models import Signal
from tests.conftest import make_signal


@pytest.fixture
def nla_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.PARTNER_USER, "Nederlandse Arbeidsinspectie")


@pytest.fixture
def linked_signals(liaison: User) -> tuple[Signal, Signal]:
    first = make_signal(
        liaison,
        narrative="Busje haalt elke ochtend mensen op bij de Dwarsstraat (eerste signaal).",
        entities=[e.phone("06-41234567"), e.person(role="possible_victim", name="Olena Geheimnaam")],
    )
    second = make_signal(
        liaison,
        narrative="Zelfde telefoonnummer in advertentie voor kamers (tweede signaal).",
        forms=["sexual"],
        entities=[e.phone("+31 6 4123 4567")],
    )
    link_signal(second.pk)
    return first, second


@pytest.fixture
def case(chain_director: User, linked_signals: tuple[Signal, Signal], police_user: User) -> Case:
    case = services.case_create(actor=chain_director, title="Uitzendbureau Dwarsstraat", signals=[linked_signals[0]])
    services.participant_add(
        actor=chain_director, case=case, organisation=Organisation.objects.get(name="Politie Oost-Nederland")
    )
    return case


@pytest.fixture
def other_case(chain_director: User, liaison: User) -> Case:
    """A case the police take no part in; NLA does."""
    signal = make_signal(liaison, narrative="Arbeidsmigranten in loods (ander signaal).")
    other = services.case_create(actor=chain_director, title="Loods Industrieterrein", signals=[signal])
    services.action_create(
        actor=chain_director,
        case=other,
        data=services.ActionInput(
            type="inspection",
            description="GEHEIM-NLA-CONTROLE loods",
            organisation=Organisation.objects.get(name="Nederlandse Arbeidsinspectie"),
            deadline=timezone.localdate() - timedelta(days=3),
        ),
    )
    return other
