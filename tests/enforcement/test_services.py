"""Premises, findings, signals from findings, the year summary: through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.accounts.models import User
from schakel.enforcement import services
from schakel.enforcement.models import (
    HousingAddress,
    Inspection,
    InspectionSignal,
    InspectionStatus,
    Premises,
    PremisesType,
)
from schakel.enforcement.selectors import inspection_year_summary, premises_signals
from schakel.signals import entities
from schakel.signals.models import Channel
from schakel.signals.selectors import signal_inbox
from schakel.signals.services import Location
from tests.conftest import make_signal

pytestmark = pytest.mark.django_db


def _findings(**overrides: object) -> services.Findings:
    values: dict[str, object] = {
        "seen": ["ILO-07", "HO-01"],
        "not_seen": ["ILO-05"],
        "counts": [services.CountRow("male", "24_35", "PL", 7), services.CountRow("female", "18_23", "RO", 2)],
        "irregularities": "Twaalf bedden in drie kamers; nooduitgang geblokkeerd.",
    }
    values.update(overrides)
    return services.Findings(**values)  # type: ignore[arg-type]


def test_premises_address_key_matches_the_signal_key(
    make_premises: Callable[..., Premises], chain_director: User
) -> None:
    premises = make_premises(
        house_number="12 a", postcode="6811 ab", operator_name="Kamerverhuur Test B.V.", operator_kvk="1234 5678"
    )
    signal = make_signal(
        chain_director, location=Location(street="Teststraat", house_number=12, house_letter="a", postcode="6811AB")
    )
    assert premises.postcode == "6811AB"
    assert premises.address_key == signal.address_key == "6811AB:12A"
    assert premises.operator_kvk == "12345678"
    assert premises.operator_key == entities.organisation("Iets anders", kvk="12345678").match_key


def test_premises_signals_by_location_address_entity_housing_and_operator(
    make_premises: Callable[..., Premises], inspector: User, chain_director: User
) -> None:
    agency = make_premises(
        name="Uitzendbureau (synthetisch)",
        type=PremisesType.EMPLOYMENT_AGENCY,
        house_number="1",
        postcode="6812AA",
        operator_name="Flex Test B.V.",
        operator_kvk="87654321",
    )
    services.housing_address_add(
        actor=inspector,
        premises=agency,
        address=HousingAddress(street="Woonstraat", house_number="5", postcode="6825 BB", city="Arnhem"),
    )
    at_location = make_signal(chain_director, location=Location(house_number=1, postcode="6812AA"))
    mentions_housing = make_signal(chain_director, entities=[entities.address("Woonstraat 5, 6825 BB Arnhem")])
    mentions_operator = make_signal(chain_director, entities=[entities.organisation("Flex Test", kvk="87654321")])
    elsewhere = make_signal(chain_director, location=Location(house_number=2, postcode="6812AA"))
    found = set(premises_signals(actor=chain_director, premises=agency))
    assert {at_location, mentions_housing, mentions_operator} <= found
    assert elsewhere not in found


def test_premises_signals_respect_need_to_know(
    make_premises: Callable[..., Premises], chain_director: User, police_user: User
) -> None:
    premises = make_premises()
    make_signal(chain_director, location=Location(house_number=12, house_letter="A", postcode="6811AB"))
    assert premises_signals(actor=police_user, premises=premises).count() == 0


def test_only_a_manager_of_the_municipality_writes(
    make_premises: Callable[..., Premises], police_user: User, analyst: User, arnhem: object
) -> None:
    premises = make_premises()
    for actor in (police_user, analyst):
        with pytest.raises(PermissionDenied):
            services.premises_save(actor=actor, premises=premises)


def test_findings_are_stored_as_checklist_and_anonymous_counts(
    make_premises: Callable[..., Premises], make_inspection: Callable[..., Inspection], inspector: User
) -> None:
    inspection = make_inspection(premises=[make_premises()])
    services.inspection_record_findings(actor=inspector, inspection=inspection, findings=_findings())
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DONE
    assert inspection.checklist_filled
    assert services.seen_indicator_codes(inspection) == ["HO-01", "ILO-07"]
    assert inspection.checklist.filter(seen=False).count() == 1
    assert sum(c.count for c in inspection.person_counts.all()) == 9
    # Recording again replaces, never duplicates.
    services.inspection_record_findings(
        actor=inspector, inspection=inspection, findings=_findings(seen=[], not_seen=[])
    )
    inspection.refresh_from_db()
    assert not inspection.checklist_filled
    assert inspection.checklist.count() == 0
    assert inspection.person_counts.count() == 2


def test_findings_refuse_both_seen_and_not_seen_and_future_inspections(
    make_inspection: Callable[..., Inspection], inspector: User
) -> None:
    inspection = make_inspection()
    with pytest.raises(ValidationError):
        services.inspection_record_findings(
            actor=inspector, inspection=inspection, findings=_findings(seen=["ILO-05"], not_seen=["ILO-05"])
        )
    future = make_inspection(date=date(2099, 1, 1))
    with pytest.raises(ValidationError):
        services.inspection_record_findings(actor=inspector, inspection=future, findings=_findings())


def test_signals_from_findings_reach_the_chain_directors_inbox(
    make_premises: Callable[..., Premises],
    make_inspection: Callable[..., Inspection],
    inspector: User,
    chain_director: User,
) -> None:
    first = make_premises(name="Pand A (synthetisch)", operator_name="Kamers Test B.V.")
    second = make_premises(name="Pand B (synthetisch)", house_number="40", postcode="6822CD")
    inspection = make_inspection(premises=[first, second])
    services.inspection_record_findings(actor=inspector, inspection=inspection, findings=_findings())
    signals = services.inspection_create_signals(
        actor=inspector,
        inspection=inspection,
        premises=[first, second],
        narrative="Overbewoning gezien.",
        forms=["labour"],
    )
    assert len(signals) == 2
    for signal, premises in zip(signals, [first, second], strict=True):
        assert signal.channel == Channel.INSPECTION
        assert signal.address_key == premises.address_key
        assert sorted(signal.indicators.values_list("code", flat=True)) == ["HO-01", "ILO-07"]
        assert signal.inspection_link.inspection == inspection
        assert signal.inspection_link.premises == premises
        assert signal.source_label == inspection.reference
        assert signal.entities.filter(kind="address", match_key=premises.address_key).exists()
    inbox = signal_inbox(actor=chain_director, filters={"channel": Channel.INSPECTION})
    assert {s.pk for s in inbox.signals} == {s.pk for s in signals}
    # Again: the same signals, no duplicates.
    again = services.inspection_create_signals(
        actor=inspector, inspection=inspection, premises=[first], narrative="Nog eens.", forms=["labour"]
    )
    assert again[0].pk == signals[0].pk
    assert InspectionSignal.objects.count() == 2


def test_signals_need_done_findings_and_premises_of_the_inspection(
    make_premises: Callable[..., Premises], make_inspection: Callable[..., Inspection], inspector: User
) -> None:
    premises, other = make_premises(), make_premises(name="Ander pand", house_number="99")
    inspection = make_inspection(premises=[premises])
    with pytest.raises(ValidationError):
        services.inspection_create_signals(
            actor=inspector, inspection=inspection, premises=[premises], narrative="x", forms=[]
        )
    services.inspection_record_findings(actor=inspector, inspection=inspection, findings=_findings())
    with pytest.raises(ValidationError):
        services.inspection_create_signals(
            actor=inspector, inspection=inspection, premises=[other], narrative="x", forms=[]
        )


def test_year_summary_counts_done_inspections_against_the_plan(
    make_inspection: Callable[..., Inspection], inspector: User, arnhem: object
) -> None:
    for _ in range(2):
        services.inspection_record_findings(
            actor=inspector, inspection=make_inspection(type="integral", sector="car_wash"), findings=_findings()
        )
    make_inspection(type="building_action")  # planned only
    services.inspection_record_findings(
        actor=inspector, inspection=make_inspection(type="building_action"), findings=_findings()
    )
    services.inspection_record_findings(
        actor=inspector, inspection=make_inspection(type="horeca", sector="horeca"), findings=_findings()
    )
    services.inspection_record_findings(
        actor=inspector,
        inspection=make_inspection(type="horeca", sector="horeca"),
        findings=_findings(seen=[], not_seen=[]),
    )
    services.inspection_record_findings(
        actor=inspector, inspection=make_inspection(type="integral", date=date(2025, 5, 1)), findings=_findings()
    )
    summary = inspection_year_summary(2026)
    assert (summary.integral_controls, summary.integral_met) == (2, True)
    assert (summary.building_actions, summary.building_planned, summary.building_met) == (1, 1, False)
    assert (summary.horeca_controls, summary.horeca_with_checklist) == (2, 1)
    assert not summary.horeca_all_with_checklist
    assert inspection_year_summary(2025).integral_controls == 1
