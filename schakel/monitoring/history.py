"""Quarterly history of the measured plan targets (``PlanTargetSnapshot``).

Two kinds of measure:

* **as of a date** — the query only needs records' own dates, so the figure at the end of any
  past quarter can be computed afterwards (backfill): prevention activities (year to date),
  shares with the Labour Inspectorate (in the quarter), signals from VIOS/BOTOC and signals of
  labour or criminal exploitation (year to date), internal liaison officers trained in the
  12 months before the date.
* **live only** — the query depends on the records' current state (a signal's status, an
  officer's active flag), so it is only recorded close to the quarter's end, by the quarterly
  task; backfill skips it rather than invent a past figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from schakel.accounts.models import LiaisonKind, LiaisonOfficer
from schakel.core.models import Municipality
from schakel.monitoring.models import PlanTarget, PlanTargetSnapshot
from schakel.prevention import measures as prevention
from schakel.routing.models import Share
from schakel.signals.models import Signal, SignalStatus

#: How close to the quarter's end a live-only figure may be taken and still count for it.
LIVE_WINDOW = timedelta(days=7)

Figure = tuple[str, float | None]


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"K{self.number} {self.year}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        year, _sep, number = text.strip().upper().partition("-Q")
        quarter = cls(int(year), int(number))
        if not 1 <= quarter.number <= 4:
            raise ValueError(text)
        return quarter


def _prevention(code: str) -> Callable[[Municipality, date], Figure]:
    def compute(municipality: Municipality, as_of: date) -> Figure:
        text, number = prevention.measure(code, municipality, as_of)
        return text, float(number)

    return compute


def _nla(municipality: Municipality, as_of: date) -> Figure:
    quarter = Quarter.of(as_of)
    n = Share.objects.filter(
        signal__municipality=municipality,
        partner__short_name="NLA",
        shared_at__date__gte=quarter.start,
        shared_at__date__lte=as_of,
    ).count()
    return str(n), float(n)


def _year_signals(municipality: Municipality, as_of: date) -> Q:
    return Q(municipality=municipality, received_at__year=as_of.year, received_at__date__lte=as_of)


def _vios(municipality: Municipality, as_of: date) -> Figure:
    n = Signal.objects.filter(_year_signals(municipality, as_of), source_label__in=["VIOS", "BOTOC"]).count()
    return str(n), float(n)


def _labour_or_criminal(municipality: Municipality, as_of: date) -> Figure:
    n = (
        Signal.objects.filter(_year_signals(municipality, as_of))
        .filter(Q(form_labour=True) | Q(form_criminal=True))
        .count()
    )
    return str(n), float(n)


def _internal_officers(municipality: Municipality) -> Q:
    return Q(is_active=True, kind=LiaisonKind.INTERNAL, organisation__municipalities=municipality)


def _trained(municipality: Municipality, as_of: date) -> Figure:
    officers = LiaisonOfficer.objects.filter(_internal_officers(municipality)).distinct()
    trained = (
        officers.filter(trainings__date__gt=as_of - timedelta(days=365), trainings__date__lte=as_of).distinct().count()
    )
    total = officers.count()
    return f"{trained} / {total}", (100.0 * trained / total) if total else None


def _active_internal(municipality: Municipality, as_of: date) -> Figure:
    n = LiaisonOfficer.objects.filter(_internal_officers(municipality)).distinct().count()
    return str(n), float(n)


def _verified_share(municipality: Municipality, as_of: date) -> Figure:
    past = Signal.objects.filter(municipality=municipality).exclude(
        status__in=[SignalStatus.RECEIVED, SignalStatus.TRIAGE]
    )
    total = past.count()
    if not total:
        return "—", None
    share = round(100 * past.filter(verified_at__isnull=False).count() / total)
    return f"{share}%", float(share)


AS_OF: dict[str, Callable[[Municipality, date], Figure]] = {
    **{spec.code: _prevention(spec.code) for spec in prevention.SPECS},
    "R3": _nla,
    "A5": _nla,
    "R8": _vios,
    "V7": _vios,
    "A1": _labour_or_criminal,
    "S1": _trained,
}
LIVE_ONLY: dict[str, Callable[[Municipality, date], Figure]] = {
    "R7": _verified_share,
    "S2": _active_internal,
}


def last_completed_quarter(today: date | None = None) -> Quarter:
    return Quarter.of(today or timezone.localdate()).previous()


@transaction.atomic
def snapshot_quarter(quarter: Quarter, *, force: bool = False, today: date | None = None) -> int:
    """Record every measurable target's figure at the quarter's end, for every municipality.

    Returns how many snapshots were written. Existing snapshots are kept unless ``force``.
    """
    today = today or timezone.localdate()
    if quarter.end >= today:
        raise ValueError("quarter not finished")
    live = today - quarter.end <= LIVE_WINDOW
    functions = {**AS_OF, **(LIVE_ONLY if live else {})}
    targets = {target.code: target for target in PlanTarget.objects.filter(code__in=functions)}
    written = 0
    now = timezone.now()
    for municipality in Municipality.objects.all():
        existing = set(
            PlanTargetSnapshot.objects.filter(municipality=municipality, quarter=quarter.key).values_list(
                "target__code", flat=True
            )
        )
        for code, target in targets.items():
            if code in existing and not force:
                continue
            value, number = functions[code](municipality, quarter.end)
            PlanTargetSnapshot.objects.update_or_create(
                target=target,
                municipality=municipality,
                quarter=quarter.key,
                defaults={
                    "quarter_end": quarter.end,
                    "value": value[:300],
                    "number": number,
                    "backfilled": not live,
                    "computed_at": now,
                },
            )
            written += 1
    return written


def history(*, municipality: Municipality) -> dict[str, list[PlanTargetSnapshot]]:
    """Snapshots per target code, oldest first (the municipality's own only)."""
    result: dict[str, list[PlanTargetSnapshot]] = {}
    for snapshot in PlanTargetSnapshot.objects.filter(municipality=municipality).select_related("target"):
        result.setdefault(snapshot.target.code, []).append(snapshot)
    return result
