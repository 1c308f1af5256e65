"""Prevention on the dashboard (with suppression) and the measured prevention targets."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

import pytest
import time_machine

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.monitoring.selectors import dashboard, measures
from schakel.prevention import services
from schakel.prevention.models import Activity
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


def add(actor: User, type: str, day: date, organiser: str = "Ketenregie", groups: tuple[str, ...] = ("public",),
        topics: tuple[str, ...] = (), attendees: int = 0) -> Activity:  # fmt: skip
    activity = services.activity_save(
        actor=actor,
        data=services.ActivityInput(
            type=type, title=f"{type} {day}", organiser=Organisation.objects.get(short_name=organiser), date=day,
            target_groups=list(groups), topics=list(topics),
        ),
    )  # fmt: skip
    if attendees:
        services.attendance_add(actor=actor, activity=activity, count=attendees, department="Groep")
    return activity


def hand_built(actor: User) -> None:
    add(actor, "information", date(2026, 2, 1), "MEE", ("lvb_professionals",), attendees=14)
    add(actor, "information", date(2026, 5, 1), "MEE", ("lvb_professionals", "care_and_safety"), attendees=9)
    add(actor, "information", date(2025, 11, 1), "MEE", ("lvb_professionals",))  # last year: not in V1
    add(actor, "training", date(2026, 3, 1), "MEE", ("lvb_professionals",))  # a training, not information
    add(actor, "resilience", date(2026, 3, 1), "MEE", ("people_lvb",), attendees=8)
    add(actor, "resilience", date(2026, 3, 2), "MEE", ("young_people",))
    add(actor, "information", date(2026, 4, 1), "Moviera", ("labour_migrants",), attendees=30)
    add(actor, "training", date(2026, 1, 10), "Ketenregie", ("civil_affairs",), ("labour",), attendees=11)
    add(actor, "network", date(2026, 4, 10), "ZVH", ("care_and_safety",), ("criminal",), attendees=25)
    add(actor, "campaign", date(2026, 4, 20), "Ketenregie", ("young_people",), ("labour",))
    add(actor, "awareness", date(2026, 5, 5), "Ketenregie", ("municipal_staff",), attendees=20)
    add(actor, "training", date(2026, 9, 1), "Ketenregie", ("civil_affairs",))  # planned: not yet counted


@time_machine.travel(TODAY)
def test_measured_prevention_targets_against_hand_built_data(chain_director: User) -> None:
    hand_built(chain_director)
    found = measures(actor=chain_director)
    assert found["V1"].value == "2 ✓"
    assert found["V2"].value == "1"
    assert found["V3"].value == "1"
    assert found["V6"].value == "2 (Arbeidsuitbuiting: 1, Criminele uitbuiting: 1)"
    assert found["S3"].value == "1 ✓"
    assert found["S6"].value == "1"
    assert found["B1"].value == "1 ✓"
    assert found["B2"].value == "1"
    assert found["S4"].value.endswith("· 31")  # 11 (training Burgerzaken) + 20 (awareness)
    assert dict(found["V1"].by_quarter) == {"K3 2025": 0, "K4 2025": 1, "K1 2026": 1, "K2 2026": 1}
    body = verified_client(chain_director).get("/aard-en-omvang/plan/").content.decode()
    assert 'data-testid="measure-V1"' in body and "Voorlichtingen door MEE" in body


@time_machine.travel(TODAY)
def test_dashboard_prevention_tables_exact_for_director_suppressed_for_analyst(
    chain_director: User, analyst: User
) -> None:
    hand_built(chain_director)
    for _ in range(4):
        add(chain_director, "information", date(2026, 6, 1), attendees=2)
    exact = dashboard(actor=chain_director)
    assert dict(exact.tables["activity_type"].rows)["Voorlichtingsbijeenkomst"] == 8  # 3 MEE, Moviera, 4 more
    assert exact.tables["activity_type"].total == 15  # the planned one is outside the period
    assert dict(exact.tables["activity_attendance"].rows)["Voorlichtingsbijeenkomst"] == 61
    hidden = dashboard(actor=analyst)
    rows = dict(hidden.tables["activity_type"].rows)
    assert rows["Voorlichtingsbijeenkomst"] == 8
    assert all(value == 0 or value == 8 or str(value) == "< 5" for value in rows.values())
    body = verified_client(analyst).get("/aard-en-omvang/").content.decode()
    table = body[body.index('data-testid="table-activity_type"') :]
    table = table[: table.index("</table>")]
    assert ">1<" not in table and ">2<" not in table and "&lt; 5" in table
    assert 'data-testid="prevention-summary"' in body
    director_body = verified_client(chain_director).get("/aard-en-omvang/").content.decode()
    assert "In deze periode: 15 preventieactiviteiten met samen 125 deelnemers." in director_body


@time_machine.travel(TODAY)
@pytest.mark.parametrize("table", ["activity_type", "activity_attendance"])
def test_prevention_exports_are_suppressed(chain_director: User, table: str) -> None:
    hand_built(chain_director)
    add(chain_director, "school", date(2026, 6, 1), attendees=3)
    response = verified_client(chain_director).get(f"/aard-en-omvang/export/{table}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = [row[1] for row in rows[2:-1] if len(row) > 1]
    assert all(value == "< 5" or value == "0" or int(value) >= 5 for value in values), values
    assert "< 5" in values


@time_machine.travel(TODAY)
def test_form_filter_keeps_activities_on_that_topic(chain_director: User) -> None:
    hand_built(chain_director)
    data = dashboard(actor=chain_director, form="criminal")
    assert data.tables["activity_type"].total == 1
    assert dict(data.tables["activity_type"].rows)["Netwerk- of expertbijeenkomst"] == 1


def test_other_municipalitys_activities_are_not_counted(chain_director: User, make_user: Callable[..., User]) -> None:
    from schakel.core.models import Municipality

    ede = Municipality.objects.create(code="GM0228", name="Ede")
    organisation = Organisation.objects.create(name="Gemeente Ede – Ketenregie", type="municipality_department")
    organisation.municipalities.add(ede)
    ede_director = make_user(Role.CHAIN_DIRECTOR, organisation.name)
    add(ede_director, "training", date.today(), attendees=40)
    assert dashboard(actor=chain_director).tables["activity_type"].total == 0
    assert dashboard(actor=ede_director).tables["activity_type"].total == 1


@time_machine.travel(TODAY)
def test_analyst_xlsx_export_of_attendance_hides_small_counts(analyst: User, chain_director: User) -> None:
    from openpyxl import load_workbook

    add(chain_director, "training", date(2026, 3, 1), attendees=40)
    add(chain_director, "network", date(2026, 3, 2), attendees=2)
    response = verified_client(analyst).get("/aard-en-omvang/export/activity_attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if len(row) > 1]
    assert 2 not in cells and 40 not in cells  # with the total shown, the 40 would give the 2 away
    assert cells.count("< 5") >= 2
