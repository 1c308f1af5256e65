"""Monthly counts of signals, kept for the dashboard (ADR 0018).

A dashboard period is split into months. A *complete past* month inside the period is read
from :class:`SignalMonthFact` (a few hundred counts per month); the current month and a month
the period only partly covers are counted from the signals themselves (an index range scan of
at most one month each). Both are made by the same function, :func:`count_signals`, so a stored
month and a live one cannot disagree.

Stored counts never go stale silently: every save or deletion of a signal or a share raises the
version of its month (:func:`touch`, connected to the model signals in ``apps.py``; code that
changes signals with ``QuerySet.update`` calls :func:`touch_signals` itself). A month whose
stored counts were built from an older version is counted again, from the signals, when it is
next needed. The version is read *before* the signals are counted and written back with the
counts under a row lock, so a change that commits while the counts are being made leaves the
month marked for recounting instead of hiding it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from schakel.monitoring.models import SignalMonthFact, SignalMonthStamp
from schakel.routing.models import Share
from schakel.signals.models import FORM_FIELDS, Signal, SignalStatus

# Raise when the meaning of stored counts changes (dimensions, keys, form bits): every stored
# month is then counted again on first use.
FACTS_LAYOUT = 1

FORM_BITS: dict[str, int] = {str(form): 1 << i for i, form in enumerate(FORM_FIELDS)}
NOT_PAST_TRIAGE = (SignalStatus.RECEIVED, SignalStatus.TRIAGE)

# (form bit mask, dimension, key) -> count. Dimensions: channel, source (organisation id or ""),
# district (district id or ""), status, outcome (closed signals only), verified (days from
# receipt to verification in tenths, for signals past triage), shares ("<partner id>|<status>").
Facts = Counter[tuple[int, str, str]]


def forms_of(mask: int) -> list[str]:
    return [form for form, bit in FORM_BITS.items() if mask & bit]


def _mask(flags: Iterable[Any]) -> int:
    return sum(bit for bit, flag in zip(FORM_BITS.values(), flags, strict=True) if flag)


def month_of(moment: datetime) -> date:
    return timezone.localdate(moment).replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def signals_between(municipality_id: int, first: date, last: date) -> QuerySet[Signal]:
    """Signals received from ``first`` to ``last`` (local dates, inclusive), as an index range."""
    return Signal.objects.filter(
        municipality_id=municipality_id,
        received_at__gte=_start_of(first),
        received_at__lt=_start_of(last + timedelta(days=1)),
    )


def count_signals(signals: QuerySet[Signal]) -> Facts:
    """Every count the dashboard needs from these signals, per combination of forms."""
    names = list(FORM_FIELDS.values())
    facts: Facts = Counter()
    rows = (
        signals.order_by()
        .values_list(*names, "channel", "reporter_organisation_id", "district_id", "status", "outcome")
        .annotate(n=Count("id"))
    )
    for *flags, channel, organisation, district, status, outcome, n in rows:
        mask = _mask(flags)
        facts[(mask, "channel", channel)] += n
        facts[(mask, "source", str(organisation or ""))] += n
        facts[(mask, "district", str(district or ""))] += n
        facts[(mask, "status", status)] += n
        if status == SignalStatus.CLOSED:
            facts[(mask, "outcome", outcome)] += n
    verified = (
        signals.order_by()
        .exclude(status__in=NOT_PAST_TRIAGE)
        .filter(verified_at__isnull=False)
        .values_list(*names, "received_at", "verified_at")
    )
    for *flags, received, verified_at in verified:
        tenths = round((verified_at - received).total_seconds() / 8640)
        facts[(_mask(flags), "verified", str(tenths))] += 1
    shares = (
        Share.objects.filter(signal__in=signals.order_by().values("pk"))
        .order_by()
        .values_list(*(f"signal__{name}" for name in names), "partner_id", "status")
        .annotate(n=Count("id"))
    )
    for *flags, partner, status, n in shares:
        facts[(_mask(flags), "shares", f"{partner}|{status}")] += n
    return facts


def refresh_month(municipality_id: int, month: date) -> Facts:
    """Count one complete month again and store the counts with the version they reflect."""
    stamp, _ = SignalMonthStamp.objects.get_or_create(municipality_id=municipality_id, month=month)
    version = SignalMonthStamp.objects.values_list("version", flat=True).get(pk=stamp.pk)
    facts = count_signals(signals_between(municipality_id, month, _next_month(month) - timedelta(days=1)))
    with transaction.atomic():
        SignalMonthStamp.objects.select_for_update().filter(pk=stamp.pk).update(
            computed_version=version, layout=FACTS_LAYOUT, computed_at=timezone.now()
        )
        SignalMonthFact.objects.filter(municipality_id=municipality_id, month=month).delete()
        SignalMonthFact.objects.bulk_create(
            [
                SignalMonthFact(municipality_id=municipality_id, month=month, forms=mask, dimension=dim, key=key, n=n)
                for (mask, dim, key), n in facts.items()
            ],
            batch_size=2000,
        )
    return facts


def _stale(municipality_id: int, months: list[date]) -> list[date]:
    """The months without stored counts, or whose counts are older than their last change or
    were made with another layout."""
    current = {
        stamp.month
        for stamp in SignalMonthStamp.objects.filter(municipality_id=municipality_id, month__in=months)
        if stamp.computed_version == stamp.version and stamp.layout == FACTS_LAYOUT
    }
    return [month for month in months if month not in current]


def _months(first: date, last: date) -> list[date]:
    """The first days of the months from ``first``'s to ``last``'s."""
    months: list[date] = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


def stored_months(municipality_id: int, months: list[date]) -> dict[date, Facts]:
    """The counts of complete past months: stored ones where current, recounted otherwise."""
    stale = _stale(municipality_id, months)
    result: dict[date, Facts] = {m: Counter() for m in months if m not in stale}
    rows = SignalMonthFact.objects.filter(municipality_id=municipality_id, month__in=list(result)).values_list(
        "month", "forms", "dimension", "key", "n"
    )
    for month, mask, dim, key, n in rows:
        result[month][(mask, dim, key)] += n
    for month in stale:
        result[month] = refresh_month(municipality_id, month)
    return result


def period_facts(municipality_id: int, period_from: date, period_to: date) -> dict[date, Facts]:
    """The counts of every month the period touches, keyed by the month's first day."""
    this_month = timezone.localdate().replace(day=1)
    complete: list[date] = []
    partial: dict[date, tuple[date, date]] = {}
    for month in _months(period_from, period_to):
        last = _next_month(month) - timedelta(days=1)
        if month >= period_from and last <= period_to and month < this_month:
            complete.append(month)
        else:
            partial[month] = (max(month, period_from), min(last, period_to))
    result = stored_months(municipality_id, complete)
    for month, (first, last) in partial.items():
        result[month] = count_signals(signals_between(municipality_id, first, last))
    return dict(sorted(result.items()))


def refresh_all(municipality_id: int) -> int:
    """Count every complete past month with signals that is missing or out of date; returns how
    many were counted. The dashboard warmer runs this, so visitors rarely wait for a recount."""
    first = (
        Signal.objects.filter(municipality_id=municipality_id)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    if first is None:
        return 0
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    stale = _stale(municipality_id, _months(month_of(first), last_month))
    for month in stale:
        refresh_month(municipality_id, month)
    return len(stale)


# --- keeping them honest ---------------------------------------------------------------------------
def touch(municipality_id: int, received_at: datetime) -> None:
    """Mark the month of a signal received at ``received_at`` as changed."""
    SignalMonthStamp.objects.filter(municipality_id=municipality_id, month=month_of(received_at)).update(
        version=F("version") + 1
    )


def touch_signals(signals: QuerySet[Signal]) -> None:
    """Mark the months of these signals as changed (for writes that bypass ``Model.save``)."""
    seen: set[tuple[int, date]] = set()
    for municipality_id, received_at in signals.order_by().values_list("municipality_id", "received_at"):
        key = (municipality_id, month_of(received_at))
        if key not in seen:
            seen.add(key)
            touch(municipality_id, received_at)


def on_signal_changed(sender: Any, instance: Signal, **kwargs: Any) -> None:
    touch(instance.municipality_id, instance.received_at)


def on_share_changed(sender: Any, instance: Share, **kwargs: Any) -> None:
    touch_signals(Signal.objects.filter(pk=instance.signal_id))
