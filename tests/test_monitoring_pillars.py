"""Dashboard tables for inspections, measures and care trajectories: counted from the records,
exact for the chain director, suppressed for the analyst and in exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.care.models import CareTrajectory, TrajectoryStatus, Victim
from schakel.core.models import Municipality
from schakel.enforcement.models import Inspection, InspectionStatus, InspectionType, Measure, MeasureType, Sector
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _records(municipality: Municipality) -> None:
    today = timezone.localdate()
    for n in range(6):
        Inspection.objects.create(
            municipality=municipality, type=InspectionType.BUILDING_ACTION, sector=Sector.choices[0][0],
            date=today - timedelta(days=10 + n), status=InspectionStatus.DONE,
        )  # fmt: skip
    for n in range(2):
        Inspection.objects.create(
            municipality=municipality, type=InspectionType.INTEGRAL, sector=Sector.choices[0][0],
            date=today - timedelta(days=20 + n), status=InspectionStatus.DONE,
        )  # fmt: skip
    # Planned, and done but long ago: neither is counted.
    Inspection.objects.create(
        municipality=municipality, type=InspectionType.INTEGRAL, sector=Sector.choices[0][0],
        date=today + timedelta(days=5), status=InspectionStatus.PLANNED,
    )  # fmt: skip
    Inspection.objects.create(
        municipality=municipality, type=InspectionType.INTEGRAL, sector=Sector.choices[0][0],
        date=today - timedelta(days=800), status=InspectionStatus.DONE,
    )  # fmt: skip
    for n in range(7):
        Measure.objects.create(municipality=municipality, type=MeasureType.choices[0][0], legal_basis=f"art. {n}")
    Measure.objects.create(municipality=municipality, type=MeasureType.choices[-1][0], legal_basis="art. x")
    for n in range(9):
        victim = Victim.objects.create(municipality=municipality, code=f"S-T-{n}")
        status = TrajectoryStatus.REFLECTION if n < 3 else TrajectoryStatus.SUPPORT
        CareTrajectory.objects.create(
            victim=victim, municipality=municipality, referred_on=today - timedelta(days=n), status=status
        )


def test_cases_by_status_and_outcome(chain_director: User) -> None:
    from schakel.cases.models import Case, CaseOutcome, CaseStatus

    assert chain_director.municipality is not None
    numbers = iter(range(1, 100))

    def case(**fields: object) -> Case:
        n = next(numbers)
        return Case.objects.create(
            municipality=chain_director.municipality, year=2026, number=n, code=f"C-T-{n}", **fields
        )

    for n in range(6):
        case(title=f"Casus {n}", status=CaseStatus.ACTIVE)
    closed = case(title="Klaar", status=CaseStatus.CLOSED, outcome=CaseOutcome.NO_TRAFFICKING, closed_at=timezone.now())
    case(title="Opgegaan", status=CaseStatus.CLOSED, outcome=CaseOutcome.MERGED, closed_at=timezone.now())
    body = verified_client(chain_director).get("/aard-en-omvang/").content.decode()
    assert ">6<" in _cells(body, "case_status") and ">8<" in _cells(body, "case_status")
    outcome = _cells(body, "case_outcome")
    assert closed.get_outcome_display() in outcome and "Samengevoegd" not in outcome and ">1<" in outcome


def _cells(body: str, key: str) -> str:
    start = body.index(f'data-testid="table-{key}"')
    return body[start : body.index("</table>", start)]


def test_director_sees_exact_counts_of_inspections_measures_and_care(chain_director: User) -> None:
    assert chain_director.municipality is not None
    _records(chain_director.municipality)
    body = verified_client(chain_director).get("/aard-en-omvang/").content.decode()
    inspections = _cells(body, "inspection_type")
    assert ">6<" in inspections and ">2<" in inspections and ">8<" in inspections  # total: planned and old not counted
    assert ">7<" in _cells(body, "measure_type") and ">8<" in _cells(body, "measure_type")
    care = _cells(body, "care_status")
    assert ">3<" in care and ">6<" in care and ">9<" in care


def test_analyst_and_exports_see_small_counts_suppressed(chain_director: User, analyst: User) -> None:
    assert chain_director.municipality is not None
    _records(chain_director.municipality)
    inspections = _cells(verified_client(analyst).get("/aard-en-omvang/").content.decode(), "inspection_type")
    assert "&lt; 5" in inspections and ">2<" not in inspections
    response = verified_client(chain_director).get("/aard-en-omvang/export/care_status.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = [row[1] for row in rows[1:] if len(row) > 1]
    assert "< 5" in values and "3" not in values


def test_the_warmer_fills_the_cache_with_the_default_view_and_says_when(
    chain_director: User, analyst: User, make_user: Callable[..., User]
) -> None:
    from django.core.cache import cache

    from schakel.monitoring.selectors import dashboard, warm_dashboards
    from tests.conftest import make_signal

    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    make_signal(liaison, forms=["labour"])
    assert warm_dashboards() >= 4  # exact and suppressed, Dutch and English, per municipality
    before = timezone.now()
    make_signal(liaison, forms=["labour"])
    warmed = dashboard(actor=chain_director)
    assert warmed.computed_at <= before and warmed.tables["form"].total == 1  # from the cache, dated
    assert dashboard(actor=analyst).computed_at <= before  # the suppressed variant was warmed too
    cache.clear()
    assert dashboard(actor=chain_director).tables["form"].total == 2
