"""The plan tracker's quarterly history: snapshots by task and command, with backfill."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from schakel.accounts.models import User
from schakel.monitoring.history import Quarter, snapshot_quarter
from schakel.monitoring.models import PlanTargetSnapshot
from tests.conftest import verified_client
from tests.prevention.test_prevention_monitoring import add

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _values(code: str) -> dict[str, str]:
    return dict(PlanTargetSnapshot.objects.filter(target__code=code).values_list("quarter", "value"))


def test_quarter_arithmetic() -> None:
    q = Quarter.parse("2026-q1")
    assert (q.start, q.end, q.label) == (date(2026, 1, 1), date(2026, 3, 31), "K1 2026")
    assert q.previous() == Quarter(2025, 4) and Quarter(2025, 4).next() == q
    assert Quarter.of(date(2026, 12, 31)).end == date(2026, 12, 31)
    with pytest.raises(ValueError):
        Quarter.parse("2026-Q5")


def test_backfill_computes_past_quarters_as_of_their_end(chain_director: User) -> None:
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMS)):
        add(chain_director, "training", date(2025, 5, 1), groups=("civil_affairs",))
        add(chain_director, "training", date(2025, 11, 1), groups=("civil_affairs",))
        add(chain_director, "training", date(2026, 2, 1), groups=("civil_affairs",))
    with time_machine.travel(datetime(2026, 7, 1, 0, 30, tzinfo=AMS)):
        out = StringIO()
        call_command("snapshot_plan_targets", "--backfill-from", "2025-Q1", stdout=out)
        assert "2026-Q2" in out.getvalue()
    # B1 counts trainings for Burgerzaken year to date: the year restarts in Q1 2026.
    assert _values("B1") == {
        "2025-Q1": "0",
        "2025-Q2": "1 ✓",
        "2025-Q3": "1 ✓",
        "2025-Q4": "2 ✓",
        "2026-Q1": "1 ✓",
        "2026-Q2": "1 ✓",
    }
    # Live-only measures are recorded only for the quarter that just ended, never backfilled.
    assert set(_values("S2")) == {"2026-Q2"}
    assert not PlanTargetSnapshot.objects.get(target__code="S2").backfilled
    assert PlanTargetSnapshot.objects.get(target__code="B1", quarter="2025-Q1").backfilled
    assert not PlanTargetSnapshot.objects.filter(target__code="V4").exists()  # manual targets have no figure


def test_snapshots_are_kept_unless_forced(chain_director: User) -> None:
    with time_machine.travel(datetime(2026, 5, 1, 12, tzinfo=AMS)):
        snapshot_quarter(Quarter(2026, 1))
        assert _values("S6")["2026-Q1"] == "0"
        add(chain_director, "network", date(2026, 3, 1))
        assert snapshot_quarter(Quarter(2026, 1)) == 0
        assert _values("S6")["2026-Q1"] == "0"
        snapshot_quarter(Quarter(2026, 1), force=True)
        assert _values("S6")["2026-Q1"] == "1"
        with pytest.raises(ValueError):
            snapshot_quarter(Quarter(2026, 2))
        with pytest.raises(CommandError):
            call_command("snapshot_plan_targets", "--quarter", "2026-Q2", stdout=StringIO())
        with pytest.raises(CommandError):
            call_command("snapshot_plan_targets", "--quarter", "nonsense", stdout=StringIO())


def test_periodic_task_records_the_quarter_that_just_ended(chain_director: User) -> None:
    from schakel.monitoring.tasks import snapshot_plan_targets

    with time_machine.travel(datetime(2026, 4, 1, 0, 30, tzinfo=AMS)):
        snapshot_plan_targets.call_local()
    assert set(PlanTargetSnapshot.objects.values_list("quarter", flat=True)) == {"2026-Q1"}
    assert PlanTargetSnapshot.objects.filter(target__code="R7").exists()


def test_plan_tracker_shows_the_history(chain_director: User) -> None:
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMS)):
        add(chain_director, "network", date(2025, 8, 1))
        add(chain_director, "network", date(2025, 11, 1))
        call_command("snapshot_plan_targets", "--backfill-from", "2025-Q2", stdout=StringIO())
        body = verified_client(chain_director).get("/aard-en-omvang/plan/").content.decode()
    start = body.index('data-testid="history-S6"')
    block = body[start : body.index("</table>", start)]
    assert "2025-Q3" in block and "2025-Q4" in block and "2026-Q1" in block
    assert "<svg" in block and "<title" in block


def test_the_analyst_sees_small_plan_figures_suppressed(chain_director: User, make_user: Any) -> None:
    from schakel.accounts.roles import Role

    analyst = make_user(Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid")
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMS)):
        add(chain_director, "network", date(2025, 8, 1))
        add(chain_director, "network", date(2025, 11, 1))
        add(chain_director, "network", date(2026, 5, 1))  # in the live figure's window
        call_command("snapshot_plan_targets", "--backfill-from", "2025-Q2", stdout=StringIO())
        director = verified_client(chain_director).get("/aard-en-omvang/plan/").content.decode()
        shown = verified_client(analyst).get("/aard-en-omvang/plan/").content.decode()

    def block(body: str, testid: str) -> str:
        start = body.index(f'data-testid="{testid}"')
        return body[
            start : body.index("</", body.index(">", start) + 1)
            if testid.startswith("measure")
            else body.index("</table>", start)
        ]

    assert ">1<" in block(director, "history-S6") or ">2<" in block(director, "history-S6")
    history = block(shown, "history-S6")
    assert "&lt; 5" in history and ">1<" not in history and ">2<" not in history
    assert "&lt; 5" in block(shown, "measure-S6")
    assert "&lt; 5" not in block(director, "measure-S6")
    assert chain_director.pk != analyst.pk
