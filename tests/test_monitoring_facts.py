"""Stored monthly counts behind the dashboard (ADR 0018): the same figures as counting the signals
themselves, never stale after a change, and safe against a change during a recount."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.core.models import District
from schakel.monitoring import facts
from schakel.monitoring.models import SignalMonthFact, SignalMonthStamp
from schakel.monitoring.selectors import Dashboard, _nth, dashboard
from schakel.routing import services as routing
from schakel.routing.models import LegalBasis, Share
from schakel.signals.models import Signal
from schakel.signals.services import Location
from schakel.signals.workflow import transition
from tests.conftest import make_signal

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 9, 15, 12, 0, tzinfo=AMS)  # June, July and August are complete past months


@pytest.fixture
def colleague(make_user: Callable[..., User]) -> User:
    return make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Werk en Inkomen")


@pytest.fixture
def now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _at(day: datetime) -> time_machine.travel:
    return time_machine.travel(day, tick=False)


# (received, forms, district, reporter index, verified after days or None, closed with outcome or "")
PLAN = [
    (datetime(2026, 6, 3, 9, tzinfo=AMS), ["labour"], "WK020201", 0, 2, "unfounded"),
    (datetime(2026, 6, 10, 9, tzinfo=AMS), ["labour", "sexual"], "WK020201", 1, 4, ""),
    (datetime(2026, 6, 30, 23, 30, tzinfo=AMS), ["criminal"], "", 0, None, ""),  # late on the last day
    (datetime(2026, 7, 1, 0, 15, tzinfo=AMS), ["sexual"], "WK020208", 1, 1, "referred_veilig_thuis"),
    (datetime(2026, 7, 14, 9, tzinfo=AMS), ["unknown"], "WK020207", 0, None, ""),
    (datetime(2026, 7, 20, 9, tzinfo=AMS), ["labour"], "WK020208", 0, 7, ""),
    (datetime(2026, 8, 5, 9, tzinfo=AMS), ["labour"], "WK020201", 1, 3, "trafficking_suspected"),
    (datetime(2026, 8, 31, 22, tzinfo=AMS), ["criminal", "labour"], "WK020207", 0, 2, ""),
    (datetime(2026, 9, 2, 9, tzinfo=AMS), ["labour"], "", 1, 1, ""),  # the current month
    (datetime(2026, 9, 14, 9, tzinfo=AMS), ["sexual"], "WK020201", 0, None, ""),
]


def _populate(director: User, reporters: list[User]) -> list[Signal]:
    from datetime import timedelta

    signals = []
    for received, forms, district, who, verified_after, outcome in PLAN:
        location = Location(district=District.objects.get(code=district)) if district else Location()
        with _at(received):
            signal = make_signal(reporters[who], forms=forms, location=location)
            if verified_after is not None:
                transition(actor=director, signal=signal, to_status="triage")
        if verified_after is not None:
            with _at(received + timedelta(days=verified_after)):
                transition(actor=director, signal=signal, to_status="verification")
                if outcome:
                    transition(actor=director, signal=signal, to_status="closed", outcome=outcome)
        signals.append(signal)
    nla = Organisation.objects.get(short_name="NLA")
    with _at(datetime(2026, 8, 20, 9, tzinfo=AMS)):
        for signal in signals:
            signal.refresh_from_db()
            if signal.status == "verification":
                routing.share_create(
                    actor=director, signal=signal, partner=nla, purpose="toezicht",
                    legal_basis=LegalBasis.objects.get(code="arbeidsinspectie"), parts=["location"],
                )  # fmt: skip
    return signals


def _reference(period_from: date, period_to: date, form: str = "") -> dict[str, dict[str, int]]:
    """The figures counted straight from the rows, in Python, without the stored counts."""
    chosen = []
    for signal in Signal.objects.filter(municipality__code="GM0202"):
        day = signal.received_at.astimezone(AMS).date()
        if period_from <= day <= period_to and (not form or form in signal.forms):
            chosen.append(signal)
    out: dict[str, Counter[str]] = {k: Counter() for k in ("channel", "district", "status", "outcome", "month")}
    forms: Counter[str] = Counter()
    for signal in chosen:
        real = [f for f in signal.forms if f != "unknown"]
        forms["multiple" if len(real) > 1 else (real[0] if real else "unknown")] += 1
        out["channel"][signal.channel] += 1
        out["district"][signal.district.code if signal.district else "unknown"] += 1
        out["status"][signal.status] += 1
        if signal.status == "closed":
            out["outcome"][signal.outcome] += 1
        out["month"][signal.received_at.astimezone(AMS).strftime("%Y-%m")] += 1
    shares = Counter(f"{s.partner.short_name}|{s.status}" for s in Share.objects.filter(signal__in=chosen))
    return {**{k: dict(v) for k, v in out.items()}, "form": dict(forms), "shares": dict(shares)}


def _shown(result: Dashboard) -> dict[str, dict[str, int]]:
    return {
        key: {code: int(value) for code, (_label, value) in zip(table.codes, table.rows, strict=True) if value}
        for key, table in result.tables.items()
        if key in ("channel", "district", "status", "outcome", "month", "form", "shares")
    }


def _durations(period_from: date, period_to: date) -> list[float]:
    return [
        (s.verified_at - s.received_at).total_seconds() / 86400
        for s in Signal.objects.exclude(status__in=["received", "triage"]).filter(verified_at__isnull=False)
        if s.municipality.code == "GM0202"
        if period_from <= s.received_at.astimezone(AMS).date() <= period_to
    ]


def _fresh(director: User, period_from: date, period_to: date, form: str = "") -> Dashboard:
    cache.clear()
    return dashboard(actor=director, period_from=period_from, period_to=period_to, form=form)


@pytest.mark.parametrize(
    ("period_from", "period_to", "form"),
    [
        (date(2026, 6, 1), date(2026, 9, 15), ""),  # three complete months and the current one
        (date(2026, 6, 10), date(2026, 8, 31), ""),  # a partial first month
        (date(2026, 6, 1), date(2026, 8, 5), "labour"),  # a partial last month and a form
        (date(2026, 7, 1), date(2026, 7, 31), "sexual"),
        (date(2026, 6, 1), date(2026, 9, 15), "unknown"),
    ],
)
def test_stored_months_give_the_figures_the_signals_give(
    chain_director: User, liaison: User, colleague: User, period_from: date, period_to: date, form: str
) -> None:
    _populate(chain_director, [liaison, colleague])
    with _at(NOW):
        first = _fresh(chain_director, period_from, period_to, form)
        stored = SignalMonthStamp.objects.count()
        second = _fresh(chain_director, period_from, period_to, form)  # now from the stored counts
    expected = _reference(period_from, period_to, form)
    assert _shown(first) == _shown(second) == {k: v for k, v in expected.items()}
    assert stored >= 1 and SignalMonthFact.objects.exists()
    assert date(2026, 9, 1) not in set(SignalMonthStamp.objects.values_list("month", flat=True))  # current month live
    durations = _durations(period_from, period_to)
    if not form:
        assert second.verification["verified"] == len(durations)
        assert second.verification["median"] == round(statistics.median(durations), 1)


def test_a_change_to_a_stored_month_is_counted_on_the_next_view(
    chain_director: User, liaison: User, colleague: User
) -> None:
    signals = _populate(chain_director, [liaison, colleague])
    period = (date(2026, 6, 1), date(2026, 8, 31))
    with _at(NOW):
        before = _shown(_fresh(chain_director, *period))
        assert SignalMonthStamp.objects.filter(month=date(2026, 7, 1)).exists()
        july = signals[4]  # received in July, still "received"
        transition(actor=chain_director, signal=july, to_status="triage")
        after_status = _shown(_fresh(chain_director, *period))
        Signal.objects.get(pk=signals[3].pk).delete()  # retention or erasure
        after_delete = _shown(_fresh(chain_director, *period))
        share = Share.objects.filter(signal__received_at__month=8).first()
        assert share is not None
        routing.share_withdraw(actor=chain_director, share=share, reason="niet meer nodig")
        after_withdraw = _shown(_fresh(chain_director, *period))
    assert before["status"]["received"] - 1 == after_status["status"].get("received", 0)
    assert after_status["status"]["triage"] == before["status"].get("triage", 0) + 1
    assert sum(after_delete["month"].values()) == sum(before["month"].values()) - 1
    assert after_delete["month"]["2026-07"] == before["month"]["2026-07"] - 1
    assert any(key.endswith("|withdrawn") for key in after_withdraw["shares"])
    assert after_withdraw == _reference(*period)


def test_a_change_that_commits_during_a_recount_leaves_the_month_marked(
    chain_director: User, liaison: User, colleague: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    signals = _populate(chain_director, [liaison, colleague])
    municipality = signals[0].municipality_id
    july = date(2026, 7, 1)
    real_count = facts.count_signals
    changed = signals[4]

    def count_then_change(queryset):  # type: ignore[no-untyped-def]
        counted = real_count(queryset)  # the recount has read the signals ...
        transition(actor=chain_director, signal=changed, to_status="triage")  # ... then a change lands
        return counted

    with _at(NOW):
        monkeypatch.setattr(facts, "count_signals", count_then_change)
        facts.refresh_month(municipality, july)
        monkeypatch.setattr(facts, "count_signals", real_count)
        stamp = SignalMonthStamp.objects.get(municipality_id=municipality, month=july)
        assert stamp.computed_version < stamp.version  # not current: the change is not in the counts
        result = _shown(_fresh(chain_director, july, date(2026, 7, 31)))
    assert result["status"].get("triage") == 1 and result == _reference(july, date(2026, 7, 31))


def test_counts_of_an_older_layout_are_made_again(chain_director: User, liaison: User, colleague: User) -> None:
    _populate(chain_director, [liaison, colleague])
    period = (date(2026, 6, 1), date(2026, 8, 31))
    with _at(NOW):
        _fresh(chain_director, *period)
        SignalMonthFact.objects.update(n=999)  # what an older layout might have left behind
        SignalMonthStamp.objects.update(layout=facts.FACTS_LAYOUT - 1)
        assert _shown(_fresh(chain_director, *period)) == _reference(*period)
        assert not SignalMonthFact.objects.filter(n=999).exists()


def test_refresh_all_counts_every_complete_month_once(chain_director: User, liaison: User, colleague: User) -> None:
    signals = _populate(chain_director, [liaison, colleague])
    municipality = signals[0].municipality_id
    with _at(NOW):
        assert facts.refresh_all(municipality) == 3  # June, July, August; September is live
        assert facts.refresh_all(municipality) == 0
        transition(actor=chain_director, signal=signals[4], to_status="triage")
        assert facts.refresh_all(municipality) == 1


def test_another_municipality_is_counted_apart(chain_director: User, liaison: User, colleague: User) -> None:
    from schakel.core.models import Municipality
    from schakel.signals.services import SignalInput, signal_submit

    _populate(chain_director, [liaison, colleague])
    ede = Municipality.objects.create(code="GM0228", name="Ede")
    with _at(datetime(2026, 7, 2, 9, tzinfo=AMS)):
        signal_submit(actor=None, channel="public", data=SignalInput(narrative="x", forms=["labour"], municipality=ede))
    with _at(NOW):
        shown = _shown(_fresh(chain_director, date(2026, 7, 1), date(2026, 7, 31)))
    assert "public" not in shown["channel"] and shown == _reference(date(2026, 7, 1), date(2026, 7, 31))


def test_median_and_p90_from_a_histogram() -> None:
    histogram = [(10, 2), (25, 1), (40, 3)]  # 1.0, 1.0, 2.5, 4.0, 4.0, 4.0 days
    values = [10, 10, 25, 40, 40, 40]
    assert [_nth(histogram, i) for i in range(6)] == values
    with pytest.raises(IndexError):
        _nth(histogram, 6)


def test_the_command_counts_marked_months_and_with_all_every_month(
    chain_director: User, liaison: User, colleague: User
) -> None:
    import io

    from django.core.management import call_command

    _populate(chain_director, [liaison, colleague])
    with _at(NOW):
        out = io.StringIO()
        call_command("refresh_dashboard_counts", stdout=out)
        assert "Arnhem: 3 month(s) counted" in out.getvalue()
        SignalMonthFact.objects.filter(month=date(2026, 7, 1)).update(n=0)  # a write the stamps did not see
        call_command("refresh_dashboard_counts", stdout=(out := io.StringIO()))
        assert "Arnhem: 0 month(s) counted" in out.getvalue()
        call_command("refresh_dashboard_counts", "--all", stdout=(out := io.StringIO()))
        assert "Arnhem: 3 month(s) counted" in out.getvalue()
        assert _shown(_fresh(chain_director, date(2026, 7, 1), date(2026, 7, 31))) == _reference(
            date(2026, 7, 1), date(2026, 7, 31)
        )
