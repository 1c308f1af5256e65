"""The demo data covers every type and stays synthetic."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.core.demo import seed_demo_data
from schakel.enforcement.models import (
    Inspection,
    InspectionType,
    Measure,
    MeasureStatus,
    PersonCount,
    Premises,
    PremisesType,
)
from schakel.enforcement.selectors import inspection_year_summary

pytestmark = pytest.mark.django_db


def test_demo_covers_every_type_and_runs_once(reference_data: None) -> None:
    counts = seed_demo_data()
    assert counts["premises"] == Premises.objects.count() > 0
    assert set(Premises.objects.values_list("type", flat=True)) == set(PremisesType.values)
    assert Premises.objects.filter(type=PremisesType.LICENSED_SEX).exclude(permit_number="").count() == 3
    agency = Premises.objects.get(type=PremisesType.EMPLOYMENT_AGENCY)
    assert agency.housing_addresses.count() == 5
    assert all(h.address_key for h in agency.housing_addresses.all())
    year = date.today().year
    assert set(Inspection.objects.filter(date__year=year).values_list("type", flat=True)) == set(InspectionType.values)
    assert len(set(Measure.objects.values_list("status", flat=True))) >= 5
    assert set(Measure.objects.values_list("type", flat=True)) >= {"closure_13b", "closure_174a", "fine", "warning"}
    assert all("(synthetisch)" in name for name in Premises.objects.values_list("name", flat=True))
    assert Premises.objects.filter(is_synthetic=False).count() == 0
    assert PersonCount.objects.exists()
    assert inspection_year_summary(year).integral_controls == 2
    for measure in Measure.objects.all():
        changes = list(measure.status_changes.all())
        assert changes[0].to_status == MeasureStatus.INTENTION and changes[-1].to_status == measure.status
    assert seed_demo_data()["premises"] == 0


def test_every_demo_page_opens_for_the_chain_director(chain_director: object) -> None:
    from django.urls import reverse

    from tests.conftest import verified_client

    seed_demo_data()
    client = verified_client(chain_director)  # type: ignore[arg-type]
    urls = [
        reverse("core:home"),
        reverse("enforcement:premises_list"),
        reverse("enforcement:inspection_list"),
        reverse("enforcement:measure_list"),
    ]
    urls += [reverse("enforcement:premises_detail", args=[pk]) for pk in Premises.objects.values_list("pk", flat=True)]
    urls += [
        reverse("enforcement:inspection_detail", args=[pk]) for pk in Inspection.objects.values_list("pk", flat=True)
    ]
    urls += [reverse("enforcement:measure_detail", args=[pk]) for pk in Measure.objects.values_list("pk", flat=True)]
    for url in urls:
        assert client.get(url).status_code == 200, url
