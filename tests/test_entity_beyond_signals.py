"""Entity pages list the cases, premises and inspections an entity appears in, within
need-to-know; what the viewer may not see is named by holder only (hit/no-hit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.cases import services as cases
from schakel.enforcement import services as enforcement
from schakel.enforcement.models import Inspection, InspectionType, Premises, PremisesType, Sector
from schakel.signals import entities as e
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db


def _world(director: User, liaison: User) -> tuple[int, int, str, str]:
    signal = make_signal(
        liaison,
        entities=[e.address("Steenstraat 12a, 6828 CA Arnhem"), e.organisation("Massagesalon Lotus", kvk="12345678")],
    )
    address = signal.entities.get(kind="address")
    organisation = signal.entities.get(kind="organisation")
    case = cases.case_create(actor=director, title="Salon Steenstraat", signals=[signal])
    assert director.municipality is not None
    premises = enforcement.premises_save(
        actor=director,
        premises=Premises(
            municipality=director.municipality, name="Lotus (synthetisch)", type=PremisesType.choices[0][0],
            street="Steenstraat", house_number="12a", postcode="6828CA", operator_name="Massagesalon Lotus B.V.",
            operator_kvk="12345678",
        ),
    )  # fmt: skip
    inspection = Inspection.objects.create(
        municipality=director.municipality, type=InspectionType.BUILDING_ACTION, sector=Sector.choices[0][0],
        date=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip
    inspection.premises.add(premises)
    return address.pk, organisation.pk, case.code, premises.name


def test_director_sees_the_case_premises_and_inspection_of_an_address(chain_director: User, liaison: User) -> None:
    address_pk, organisation_pk, code, premises_name = _world(chain_director, liaison)
    client = verified_client(chain_director)
    body = client.get(f"/entiteiten/{address_pk}/").content.decode()
    assert code in body and premises_name in body and "Pandenactie" in body
    organisation_body = client.get(f"/entiteiten/{organisation_pk}/").content.decode()
    assert premises_name in organisation_body  # the operator's KvK number links the company to the premises


def test_the_reporter_sees_only_that_a_case_and_premises_exist(chain_director: User, liaison: User) -> None:
    address_pk, _organisation_pk, code, premises_name = _world(chain_director, liaison)
    response = verified_client(liaison).get(f"/entiteiten/{address_pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert code not in body and premises_name not in body and "Salon Steenstraat" not in body
    assert "Ketenregie Arnhem (casus)" in body and "Handhaving Arnhem (pandenregister)" in body


def test_a_measure_can_belong_to_a_case_the_actor_may_see(chain_director: User, make_user: Callable[..., User]) -> None:
    from django.core.exceptions import PermissionDenied

    from schakel.enforcement.models import Measure, MeasureType

    inspector = make_user(Role.INSPECTOR, "Gemeente Arnhem – Toezicht en Handhaving")
    case = cases.case_create(actor=chain_director, title="Kamerverhuur Klarendal")
    assert chain_director.municipality is not None

    def measure() -> Measure:
        return Measure(
            municipality=chain_director.municipality, type=MeasureType.choices[0][0], legal_basis="art. 174a Gemeentewet",
            organisation_name="Verhuur B.V. (synthetisch)", case=case,
        )  # fmt: skip

    # The inspector's organisation does not take part in the case: it may not hang a measure on it.
    with pytest.raises(PermissionDenied):
        enforcement.measure_create(actor=inspector, measure=measure())
    saved = enforcement.measure_create(actor=chain_director, measure=measure())
    client = verified_client(chain_director)
    assert f"/handhaving/maatregelen/{saved.pk}/" in client.get(f"/casussen/{case.pk}/").content.decode()
    assert case.code in client.get(f"/handhaving/maatregelen/{saved.pk}/").content.decode()
    # The inspector sees the measure but not which case it belongs to.
    assert case.code not in verified_client(inspector).get(f"/handhaving/maatregelen/{saved.pk}/").content.decode()
