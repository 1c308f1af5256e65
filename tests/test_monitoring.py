"""Dashboards, suppression for the analyst and in exports, the plan tracker (issue 8, part)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from schakel.accounts.models import LiaisonKind, LiaisonOfficer, LiaisonTraining, Organisation, User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.core.models import District
from schakel.monitoring.choropleth import CHOROPLETH_CSS
from schakel.monitoring.models import PlanTargetUpdate
from schakel.monitoring.selectors import measures
from schakel.routing import services as routing
from schakel.routing.models import LegalBasis
from schakel.signals.services import Location
from schakel.signals.workflow import transition
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db


def _district(code: str) -> Location:
    return Location(district=District.objects.get(code=code))


def _data(liaison: User) -> None:
    for _ in range(12):
        make_signal(liaison, forms=["labour"], location=_district("WK020201"))
    for _ in range(7):
        make_signal(liaison, forms=["criminal"], location=_district("WK020208"))
    for _ in range(2):
        make_signal(liaison, forms=["sexual"], location=_district("WK020207"))


def _cells(body: str, key: str) -> str:
    start = body.index(f'data-testid="table-{key}"')
    return body[start : body.index("</table>", start)]


def test_analyst_sees_small_numbers_suppressed_the_director_exact_counts(
    chain_director: User, analyst: User, liaison: User
) -> None:
    _data(liaison)
    analyst_body = verified_client(analyst).get("/aard-en-omvang/").content.decode()
    district = _cells(analyst_body, "district")
    assert "&lt; 5" in district and ">2<" not in district
    assert 'data-testid="suppression-note"' in analyst_body
    director_body = verified_client(chain_director).get("/aard-en-omvang/").content.decode()
    assert ">2<" in _cells(director_body, "district") and ">12<" in _cells(director_body, "district")
    assert 'data-testid="suppression-note"' not in director_body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_are_always_suppressed_and_audited(chain_director: User, liaison: User, fmt: str) -> None:
    _data(liaison)
    response = verified_client(chain_director).get(f"/aard-en-omvang/export/form.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = [[str(c) if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    values = {row[0]: row[1] for row in rows if len(row) > 1}
    assert values["Arbeidsuitbuiting"] in ("12", 12)
    assert values["Seksuele uitbuiting"] == "< 5"
    assert values["Criminele uitbuiting"] == "< 5"  # complementary: else 21 − 12 − 7 gives the 2 away
    assert "2" not in [str(v) for v in values.values()]
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=f"form.{fmt}", actor_id=chain_director.pk
    ).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/aard-en-omvang/",
        "/aard-en-omvang/plan/",
        "/aard-en-omvang/export/form.csv",
        "/aard-en-omvang/export/district.xlsx",
    ],
)
def test_roles_without_aggregates_get_404(
    path: str, police_user: User, moviera_user: User, liaison: User, auditor: User
) -> None:
    for user in (police_user, moviera_user, liaison, auditor):
        assert verified_client(user).get(path).status_code == 404, (path, user)


def test_unknown_export_is_404(chain_director: User) -> None:
    assert verified_client(chain_director).get("/aard-en-omvang/export/persons.csv").status_code == 404
    assert verified_client(chain_director).get("/aard-en-omvang/export/form.pdf").status_code == 404


def test_another_municipalitys_signals_are_not_counted(
    chain_director: User, liaison: User, make_user: Callable[..., User]
) -> None:
    from schakel.core.models import Municipality
    from schakel.signals.services import SignalInput, signal_submit

    ede = Municipality.objects.create(code="GM0228", name="Ede")
    signal_submit(actor=None, channel="public", data=SignalInput(narrative="x", forms=["labour"], municipality=ede))
    make_signal(liaison, forms=["labour"])
    body = verified_client(chain_director).get("/aard-en-omvang/").content.decode()
    total = _cells(body, "form")
    assert '<td class="utrecht-table__cell schakel-num">1</td></tr></tfoot>' in total


def test_measured_targets_against_hand_built_data(chain_director: User, liaison: User) -> None:
    from schakel.signals.entities import person

    signal = make_signal(liaison, forms=["labour"], entities=[person(role="witness", name="A B")])
    make_signal(liaison, forms=["criminal"], source_label="BOTOC")
    make_signal(liaison, forms=["sexual"], source_label="VIOS")
    transition(actor=chain_director, signal=signal, to_status="triage")
    transition(actor=chain_director, signal=signal, to_status="verification")
    routing.share_create(
        actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="NLA"), purpose="x",
        legal_basis=LegalBasis.objects.get(code="arbeidsinspectie"), parts=["location"],
    )  # fmt: skip
    burgerzaken = Organisation.objects.get(short_name="Burgerzaken")
    trained = LiaisonOfficer.objects.create(full_name="T", kind=LiaisonKind.INTERNAL, organisation=burgerzaken)
    LiaisonTraining.objects.create(officer=trained, date=timezone.localdate(), title="Basis")
    LiaisonOfficer.objects.create(full_name="U", kind=LiaisonKind.INTERNAL, organisation=burgerzaken)
    LiaisonOfficer.objects.create(
        full_name="V", kind=LiaisonKind.EXTERNAL, organisation=Organisation.objects.get(short_name="Politie")
    )
    found = measures(actor=chain_director)
    assert found["R3"].value == "1" and found["R3"].by_quarter[-1][1] == 1
    assert found["R7"].value == "100%"
    assert found["R8"].value == "2"
    assert found["S1"].value == "1 / 2"
    assert found["S2"].value == "2"
    assert found["S7"].value == "Politie: 1"
    assert "Arbeidsuitbuiting: 1" in found["A1"].value and "Criminele uitbuiting: 1" in found["A1"].value
    body = verified_client(chain_director).get("/aard-en-omvang/plan/").content.decode()
    assert 'data-testid="measure-R3"' in body and "B9" in body


def test_manual_targets_get_dated_notes_with_evidence(chain_director: User, analyst: User) -> None:
    client = verified_client(chain_director)
    response = client.post(
        "/aard-en-omvang/plan/",
        {
            "target": "P2",
            "status": "achieved",
            "note": "Overweeghuis geopend.",
            "evidence": "Raadsbrief 2026-14",
            "evidence_date": "2026-09-01",
        },
    )
    assert response.status_code == 302
    update = PlanTargetUpdate.objects.get()
    assert update.target.code == "P2" and update.evidence_date == date(2026, 9, 1) and update.author == chain_director
    body = client.get("/aard-en-omvang/plan/").content.decode()
    assert "Overweeghuis geopend." in body and "Raadsbrief 2026-14" in body
    assert (
        verified_client(analyst)
        .post("/aard-en-omvang/plan/", {"target": "P2", "status": "at_risk", "note": "x"})
        .status_code
        == 404
    )
    assert PlanTargetUpdate.objects.count() == 1


def test_dashboard_period_filter_and_bad_dates(chain_director: User, liaison: User) -> None:
    _data(liaison)
    client = verified_client(chain_director)
    empty = client.get("/aard-en-omvang/", {"period_from": "2020-01-01", "period_to": "2020-12-31"}).content.decode()
    assert '<td class="utrecht-table__cell schakel-num">0</td></tr></tfoot>' in _cells(empty, "form")
    wrong = client.get("/aard-en-omvang/", {"period_from": "2026-05-02", "period_to": "2026-05-01"}).content.decode()
    assert "De einddatum ligt vóór de begindatum." in wrong


def test_choropleth_css_in_the_stylesheet_matches_the_module() -> None:
    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "choropleth.css").read_text()
    assert css.split("\n", 1)[1] == CHOROPLETH_CSS
