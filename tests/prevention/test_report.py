"""The yearly progress report for the council: PDF (read back with pypdf) and the print page."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from schakel.accounts.models import User
from schakel.audit.models import AuditEvent
from schakel.core.models import District
from schakel.monitoring.report import mask_small
from schakel.signals.services import Location
from tests.conftest import make_signal, verified_client
from tests.prevention.test_prevention_monitoring import add

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def _data(liaison: User, director: User) -> None:
    for _ in range(12):
        make_signal(liaison, forms=["labour"], location=Location(district=District.objects.get(code="WK020201")))
    for _ in range(7):
        make_signal(liaison, forms=["criminal"], location=Location(district=District.objects.get(code="WK020208")))
    for _ in range(2):
        make_signal(liaison, forms=["sexual"], location=Location(district=District.objects.get(code="WK020207")))
    for _ in range(6):
        add(director, "training", date(2026, 3, 1), groups=("civil_affairs",), attendees=10)
    for _ in range(5):
        add(director, "network", date(2026, 5, 1), groups=("care_and_safety",), attendees=10)
    add(director, "campaign", date(2026, 4, 1), groups=("young_people",), attendees=3)


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_mask_small_hides_counts_but_not_percentages_or_large_numbers() -> None:
    assert mask_small("2 (Arbeidsuitbuiting: 1, Criminele uitbuiting: 0)") == (
        "< 5 (Arbeidsuitbuiting: < 5, Criminele uitbuiting: 0)"
    )
    assert mask_small("3 / 12") == "< 5 / 12"
    assert mask_small("100% · 7 ✓") == "100% · 7 ✓"


@time_machine.travel(TODAY)
@pytest.mark.parametrize("role", ["director", "analyst"])
def test_yearly_pdf_has_the_figures_and_no_small_counts(
    chain_director: User, analyst: User, liaison: User, role: str
) -> None:
    _data(liaison, chain_director)
    user = chain_director if role == "director" else analyst
    response = verified_client(user).get("/aard-en-omvang/jaarrapportage/2026.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Voortgangsrapportage ketenaanpak mensenhandel 2026" in text
    assert "Arbeidsuitbuiting 12" in text and "Totaal 21" in text
    # 7 would give the 2 away with the total of 21: complementary suppression hides it too.
    assert "Criminele uitbuiting < 5" in text and "Criminele uitbuiting 7" not in text
    assert "Training 6" in text and "Training 60" in text  # activities and attendees
    # The two sexual-exploitation signals, the campaign and its 3 attendees are hidden, whoever asks.
    assert "Seksuele uitbuiting < 5" in text and "Seksuele uitbuiting 2" not in text
    assert re.search(r"Campagne \(bijv\. nep-loverboyactie\) < 5", text)
    assert not re.search(r"Campagne \(bijv\. nep-loverboyactie\) [1-4]\b", text)
    assert "B1 Jaarlijkse training" in text
    assert AuditEvent.objects.filter(object_type="monitoring.dashboard", object_id="jaarrapportage-2026.pdf").exists()


@time_machine.travel(TODAY)
def test_yearly_print_page(chain_director: User, liaison: User) -> None:
    _data(liaison, chain_director)
    body = verified_client(chain_director).get("/aard-en-omvang/jaarrapportage/2026/").content.decode()
    table = body[body.index('data-testid="report-form"') :]
    table = table[: table.index("</table>")]
    assert ">12<" in table and "&lt; 5" in table and ">2<" not in table
    assert 'data-testid="report-activity_type"' in body and "<svg" in body


@time_machine.travel(TODAY)
def test_report_access(chain_director: User, police_user: User, moviera_user: User, liaison: User) -> None:
    for user in (police_user, moviera_user, liaison):
        client = verified_client(user)
        assert client.get("/aard-en-omvang/jaarrapportage/2026.pdf").status_code == 404
        assert client.get("/aard-en-omvang/jaarrapportage/2026/").status_code == 404
    client = verified_client(chain_director)
    assert client.get("/aard-en-omvang/jaarrapportage/2027.pdf").status_code == 404
    assert client.get("/aard-en-omvang/jaarrapportage/1999.pdf").status_code == 404
    assert client.get("/aard-en-omvang/jaarrapportage/2025.pdf").status_code == 200


@time_machine.travel(TODAY)
def test_progress_per_ambition_on_the_plan_page_and_in_the_report(chain_director: User, analyst: User) -> None:
    from schakel.monitoring.models import PlanTarget

    PlanTarget.objects.filter(code__in=["A1", "A4"]).update(status="achieved")
    PlanTarget.objects.filter(code="B8").update(status="in_progress")  # enforcing (2.4.2)
    PlanTarget.objects.filter(code="S5").update(status="achieved")  # the Veilig Thuis reporting point
    assert PlanTarget.objects.filter(ambition__isnull=True).count() == 8  # R1–R8: the director's own

    def row(body: str, testid: str, label: str) -> list[str]:
        table = body[body.index(f'data-testid="{testid}"') :]
        table = table[: table.index("</table>")]
        cells = table[table.index(label) :]
        return re.findall(r'schakel-num">(\d+)<', cells[: cells.index("</tr>")])

    plan = verified_client(analyst).get("/aard-en-omvang/plan/").content.decode()
    assert row(plan, "ambitions", "1. Meer zicht op aard en omvang") == ["2", "0", "6"]
    assert row(plan, "ambitions", "6. Handhaven") == ["0", "1", "4"]
    assert row(plan, "ambitions", "4. Duidelijke meldroute") == ["1", "0", "2"]
    assert row(plan, "ambitions", "Regie: de gemeente als regisseur") == ["0", "0", "8"]
    html = verified_client(chain_director).get("/aard-en-omvang/jaarrapportage/2026/").content.decode()
    assert row(html, "report-ambitions", "5. Barrières opwerpen") == ["0", "0", "5"]
    text = _text(verified_client(chain_director).get("/aard-en-omvang/jaarrapportage/2026.pdf").content)
    assert "stand per ambitie" in text and "1. Meer zicht op aard en omvang 6 (A1, A2, A3, A4, A5, A6) 2 0" in text
