"""Aggregates for the dashboards, the exports and the plan tracker.

Counts only, never records. For the analyst role and in every export each table goes through
small-number suppression (``suppression.py``); the chain director sees exact counts on screen.
Every table is additive (each signal counted once), as suppression requires.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schakel.accounts.models import LiaisonKind, LiaisonOfficer, Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.models import District, Municipality
from schakel.intake.models import ExploitationForm
from schakel.monitoring import facts
from schakel.monitoring.models import Ambition, PlanTarget, TargetStatus
from schakel.monitoring.suppression import suppress_1d
from schakel.routing.models import Share, ShareStatus
from schakel.signals.models import FORM_FIELDS, Channel, Outcome, Signal, SignalStatus


@dataclass
class Table:
    key: str
    title: str
    column: str
    rows: list[tuple[str, int | str]]
    total: int | str
    suppressed: bool
    codes: list[str] = field(default_factory=list)


@dataclass
class Dashboard:
    period_from: date
    period_to: date
    suppressed: bool
    tables: dict[str, Table]
    verification: dict[str, Any]
    computed_at: Any


def _require(actor: Any) -> User:
    if not isinstance(actor, User) or not actor.has_perm("accounts.view_aggregates") or actor.municipality is None:
        raise Http404
    return actor


def _table(key: str, title: str, column: str, counts: dict[str, int], labels: dict[str, str], suppress: bool) -> Table:
    ordered = {code: counts.get(code, 0) for code in labels}
    if suppress:
        result = suppress_1d(ordered, threshold=settings.SMALL_NUMBER_THRESHOLD)
        rows = [(labels[code], result.display(code)) for code in labels]
        total: int | str = result.display(result_total_key())
    else:
        rows = [(labels[code], ordered[code]) for code in labels]
        total = sum(ordered.values())
    return Table(key, title, column, rows, total, suppress, list(labels))


def result_total_key() -> Any:
    from schakel.monitoring.suppression import TOTAL

    return TOTAL


def _form_of(signal_forms: Sequence[str]) -> str:
    real = [f for f in signal_forms if f != ExploitationForm.UNKNOWN]
    if len(real) > 1:
        return "multiple"
    return real[0] if real else ExploitationForm.UNKNOWN


CACHE_SECONDS = 300


def dashboard(
    *, actor: Any, period_from: date | None = None, period_to: date | None = None, form: str = "", export: bool = False
) -> Dashboard:
    """All dashboard tables for the actor's municipality and period (default: the last 12 months).

    Computed figures are cached for five minutes per municipality, period, form, suppression and
    language; the page always says when they were computed, so a cached figure never poses as live.
    """
    user = _require(actor)
    today = timezone.localdate()
    period_to = period_to or today
    period_from = period_from or (period_to - timedelta(days=365))
    suppress = export or not user.has_perm("accounts.view_all_signals")
    assert user.municipality is not None
    key = _cache_key(user.municipality, period_from, period_to, form, suppress)
    cached = cache.get(key)
    if isinstance(cached, Dashboard):
        return cached
    result = _compute(user.municipality, period_from, period_to, form, suppress)
    cache.set(key, result, CACHE_SECONDS)
    return result


def _cache_key(municipality: Municipality, period_from: date, period_to: date, form: str, suppress: bool) -> str:
    return (
        f"schakel:dashboard:{municipality.pk}:{period_from}:{period_to}:{form}:{int(suppress)}:"
        f"{translation.get_language()}"
    )


def warm_dashboards() -> int:
    """Recompute the default dashboard (the last 12 months, no form filter) of every municipality,
    suppressed and exact, in every staff language, and put it in the cache.

    The background worker runs this every four minutes (shorter than :data:`CACHE_SECONDS`), so
    the view most people open is served from the cache; it still says when it was computed.
    Only a shared cache (Redis, production) lets the web processes see what the worker computed.
    First it brings the stored monthly counts of every municipality up to date (``facts.refresh_all``),
    which serves every other period and form filter too.
    """
    today = timezone.localdate()
    period_from, period_to = today - timedelta(days=365), today
    warmed = 0
    for municipality in Municipality.objects.all():
        facts.refresh_all(municipality.pk)  # stored monthly counts for every period, not only this one
        for suppress in (False, True):
            for language in settings.STAFF_LANGUAGES:
                with translation.override(language):
                    result = _compute(municipality, period_from, period_to, "", suppress)
                    cache.set(_cache_key(municipality, period_from, period_to, "", suppress), result, CACHE_SECONDS)
                warmed += 1
    return warmed


def _compute(municipality: Municipality, period_from: date, period_to: date, form: str, suppress: bool) -> Dashboard:
    """Build every table from the monthly counts (``facts.py``): stored for complete past months,
    counted live for the current month and the period's partial months."""
    by_month = facts.period_facts(municipality.pk, period_from, period_to)
    bit = facts.FORM_BITS.get(form)  # None: all forms
    totals: Counter[tuple[str, str]] = Counter()
    per_form: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for month, month_counts in by_month.items():
        for (mask, dim, key), n in month_counts.items():
            if bit is not None and not mask & bit:
                continue
            totals[(dim, key)] += n
            if dim == "channel":  # every signal has exactly one channel
                months[month.strftime("%Y-%m")] += n
                per_form[_form_of(facts.forms_of(mask))] += n

    def counts(dim: str) -> dict[str, int]:
        return {key: n for (d, key), n in totals.items() if d == dim}

    tables: dict[str, Table] = {}
    form_labels = {
        str(code): str(label) for code, label in ExploitationForm.choices if code != ExploitationForm.UNKNOWN
    }
    form_labels["multiple"] = _("Meerdere vormen")
    form_labels[str(ExploitationForm.UNKNOWN)] = str(ExploitationForm.UNKNOWN.label)
    tables["form"] = _table(
        "form", _("Signalen per vorm van uitbuiting"), _("Vorm"), dict(per_form), form_labels, suppress
    )

    tables["channel"] = _table(
        "channel",
        _("Signalen per ingang"),
        _("Ingang"),
        counts("channel"),
        {c: str(label) for c, label in Channel.choices},
        suppress,
    )

    source_ids = counts("source")
    names = dict(Organisation.objects.filter(pk__in=[int(k) for k in source_ids if k]).values_list("pk", "name"))
    source_counts: Counter[str] = Counter()
    for key, n in source_ids.items():
        source_counts[names.get(int(key), "?") if key else _("Anoniem (openbaar meldpunt)")] += n
    tables["source"] = _table(
        "source",
        _("Signalen per bronorganisatie"),
        _("Organisatie"),
        dict(source_counts),
        {k: k for k in sorted(source_counts)},
        suppress,
    )

    districts = list(District.objects.filter(municipality=municipality).order_by("name"))
    code_of = {str(d.pk): d.code for d in districts}
    district_counts: Counter[str] = Counter()
    for key, n in counts("district").items():
        district_counts[code_of.get(key, "unknown")] += n
    district_labels = {d.code: d.name for d in districts}
    district_labels["unknown"] = _("Wijk onbekend")
    tables["district"] = _table(
        "district", _("Signalen per wijk"), _("Wijk"), dict(district_counts), district_labels, suppress
    )

    month_labels = {month.strftime("%Y-%m"): month.strftime("%m-%Y") for month in by_month}
    tables["month"] = _table("month", _("Signalen per maand"), _("Maand"), dict(months), month_labels, suppress)

    status_counts = counts("status")
    tables["status"] = _table(
        "status",
        _("Statustrechter"),
        _("Status"),
        status_counts,
        {s: str(label) for s, label in SignalStatus.choices},
        suppress,
    )

    tables["outcome"] = _table(
        "outcome",
        _("Afgesloten signalen per uitkomst"),
        _("Uitkomst"),
        counts("outcome"),
        {o: str(label) for o, label in Outcome.choices},
        suppress,
    )

    share_ids = counts("shares")
    partner_names = dict(
        Organisation.objects.filter(pk__in={int(k.split("|")[0]) for k in share_ids}).values_list("pk", "short_name")
    )
    share_counts: Counter[str] = Counter()
    for key, n in share_ids.items():
        partner, status = key.split("|")
        share_counts[f"{partner_names.get(int(partner), '?')}|{status}"] += n
    partners = sorted({key.split("|")[0] for key in share_counts})
    share_labels = {
        f"{partner}|{status}": f"{partner} – {label}" for partner in partners for status, label in ShareStatus.choices
    }
    tables["shares"] = _table(
        "shares",
        _("Gedeelde signalen per ketenpartner en stand van zaken"),
        _("Ketenpartner – stand"),
        dict(share_counts),
        share_labels,
        suppress,
    )

    # Prevention activities (no personal data, but the same rules: one table per subject).
    from schakel.prevention.models import ActivityType
    from schakel.prevention.selectors import activity_counts

    prevention = activity_counts(municipality=municipality, period_from=period_from, period_to=period_to, form=form)
    type_labels = {str(code): str(label) for code, label in ActivityType.choices}
    tables["activity_type"] = _table(
        "activity_type", _("Preventieactiviteiten per soort"), _("Soort activiteit"), prevention.activities,
        type_labels, suppress,
    )  # fmt: skip
    tables["activity_attendance"] = _table(
        "activity_attendance", _("Deelnemers aan preventieactiviteiten per soort"), _("Soort activiteit"),
        prevention.attendees, type_labels, suppress,
    )  # fmt: skip

    # Combat, protect and cases: records of their own, counted in the period (no form filter).
    from schakel.monitoring.pillars import pillar_counts

    for key, (title, column, pillar, labels) in pillar_counts(municipality, period_from, period_to).items():
        tables[key] = _table(key, title, column, pillar, labels, suppress)

    n_past = sum(n for status, n in status_counts.items() if status not in facts.NOT_PAST_TRIAGE)
    histogram = sorted((int(key), n) for key, n in counts("verified").items())
    n_verified = sum(n for _tenths, n in histogram)
    verification: dict[str, Any] = {"past_triage": n_past, "verified": n_verified}
    small = suppress and n_verified < settings.SMALL_NUMBER_THRESHOLD
    verification["share"] = None if small or not n_past else round(100 * n_verified / n_past)
    if small or not n_verified:
        verification["median"] = verification["p90"] = None
    else:
        middle = (_nth(histogram, (n_verified - 1) // 2) + _nth(histogram, n_verified // 2)) / 2
        verification["median"] = round(middle / 10, 1)
        verification["p90"] = round(_nth(histogram, min(n_verified - 1, int(0.9 * n_verified))) / 10, 1)
    verification["suppressed"] = small
    return Dashboard(period_from, period_to, suppress, tables, verification, timezone.now())


def progress_by_ambition(targets: Sequence[PlanTarget]) -> list[tuple[str, dict[str, Any]]]:
    """Per ambition of the plan (then the director's own targets): how many targets it has, how
    many are achieved or in progress, and their codes."""
    groups: list[tuple[str, list[PlanTarget]]] = [
        (f"{ambition.value}. {ambition.label}", [t for t in targets if t.ambition == ambition]) for ambition in Ambition
    ]
    groups.append((_("Regie: de gemeente als regisseur"), [t for t in targets if t.ambition is None]))
    return [
        (
            label,
            {
                "total": len(chosen),
                "achieved": sum(1 for t in chosen if t.status == TargetStatus.ACHIEVED),
                "in_progress": sum(1 for t in chosen if t.status == TargetStatus.IN_PROGRESS),
                "codes": ", ".join(t.code for t in chosen),
            },
        )
        for label, chosen in groups
        if chosen
    ]


def _nth(histogram: list[tuple[int, int]], index: int) -> int:
    """The value at ``index`` of the sorted values a (value, count) histogram stands for."""
    seen = 0
    for value, n in histogram:
        seen += n
        if index < seen:
            return value
    raise IndexError(index)


def audit_dashboard(*, actor: User, export: str = "") -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.LIST,
        object_type="monitoring.dashboard",
        object_id=export,
        purpose="aard en omvang",
    )


# --- the plan tracker ----------------------------------------------------------------------------
@dataclass
class Measure:
    value: str
    query: str
    by_quarter: list[tuple[str, int]] = field(default_factory=list)


def _quarters(today: date, n: int = 4) -> list[tuple[str, date, date]]:
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    result = []
    for _i in range(n):
        end = (quarter_start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        result.append((f"K{(quarter_start.month - 1) // 3 + 1} {quarter_start.year}", quarter_start, end))
        quarter_start = (quarter_start - timedelta(days=1)).replace(day=1)
        quarter_start = date(quarter_start.year, 3 * ((quarter_start.month - 1) // 3) + 1, 1)
    return list(reversed(result))


def measures(*, actor: Any) -> dict[str, Measure]:
    """The targets Schakel can compute from its own records, with the query named beside the figure."""
    user = _require(actor)
    today = timezone.localdate()
    signals = Signal.objects.filter(municipality=user.municipality)
    year = signals.filter(received_at__year=today.year)
    quarters = _quarters(today)
    found: dict[str, Measure] = {}
    nla = [
        (
            label,
            Share.objects.filter(
                signal__municipality=user.municipality,
                partner__short_name="NLA",
                shared_at__date__gte=start,
                shared_at__date__lte=end,
            ).count(),
        )
        for label, start, end in quarters
    ]
    found["R3"] = Measure(f"{nla[-1][1]}", _("Signalen gedeeld met de Arbeidsinspectie, dit kwartaal"), nla)
    found["A5"] = found["R3"]
    found["R6"] = Measure(
        "100%",
        _("Signalen van alle ingangen in de inbox van de ketenregisseur (per constructie: één inbox)"),
        [
            (label, signals.filter(received_at__date__gte=s, received_at__date__lte=e).count())
            for label, s, e in quarters
        ],
    )
    past = signals.exclude(status__in=[SignalStatus.RECEIVED, SignalStatus.TRIAGE])
    verified = past.filter(verified_at__isnull=False).count()
    share = f"{round(100 * verified / past.count())}%" if past.count() else "—"
    found["R7"] = Measure(
        share,
        _("Aandeel signalen voorbij de triage met een verificatie-uitkomst"),
        [
            (label, signals.filter(verified_at__date__gte=s, verified_at__date__lte=e).count())
            for label, s, e in quarters
        ],
    )
    vios = year.filter(source_label__in=["VIOS", "BOTOC"]).count()
    found["R8"] = Measure(
        str(vios),
        _("Signalen met bron VIOS of BOTOC, dit jaar"),
        [
            (
                label,
                signals.filter(
                    source_label__in=["VIOS", "BOTOC"], received_at__date__gte=s, received_at__date__lte=e
                ).count(),
            )
            for label, s, e in quarters
        ],
    )
    found["V7"] = found["R8"]
    per_form = ", ".join(
        f"{label}: {year.filter(**{FORM_FIELDS[ExploitationForm(code)]: True}).count()}"
        for code, label in ExploitationForm.choices
        if code in (ExploitationForm.SEXUAL, ExploitationForm.LABOUR, ExploitationForm.CRIMINAL)
    )
    labour_or_criminal = signals.filter(form_labour=True) | signals.filter(form_criminal=True)
    found["A1"] = Measure(
        per_form,
        _("Signalen per vorm, dit jaar; per kwartaal: arbeids- of criminele uitbuiting"),
        [
            (label, labour_or_criminal.filter(received_at__date__gte=s, received_at__date__lte=e).count())
            for label, s, e in quarters
        ],
    )
    officers = LiaisonOfficer.objects.filter(is_active=True, organisation__municipalities=user.municipality).distinct()
    internal = officers.filter(kind=LiaisonKind.INTERNAL)
    trained = internal.filter(trainings__date__gte=today - timedelta(days=365)).distinct().count()
    found["S1"] = Measure(
        f"{trained} / {internal.count()}", _("Interne aandachtsfunctionarissen getraind in de afgelopen 12 maanden")
    )
    found["S2"] = Measure(str(internal.count()), _("Actieve interne aandachtsfunctionarissen"))
    external = officers.filter(kind=LiaisonKind.EXTERNAL).values("organisation__short_name").annotate(n=Count("id"))
    found["S7"] = Measure(
        ", ".join(f"{row['organisation__short_name']}: {row['n']}" for row in external) or "0",
        _("Externe aandachtsfunctionarissen per organisatie"),
    )
    from schakel.prevention import measures as prevention_measures

    assert user.municipality is not None
    for spec in prevention_measures.SPECS:
        text, _number = prevention_measures.measure(spec.code, user.municipality, today)
        found[spec.code] = Measure(
            text,
            str(spec.query),
            [
                (label, prevention_measures.count_between(spec.code, user.municipality, s, e))
                for label, s, e in quarters
            ],
        )
    reach = prevention_measures.awareness_reach(user.municipality, today)
    internal_door = (
        year.filter(channel=Channel.INTERNAL).values("reporter_organisation__short_name").annotate(n=Count("id"))
    )
    found["S4"] = Measure(
        (", ".join(f"{row['reporter_organisation__short_name']}: {row['n']}" for row in internal_door) or "0")
        + f" · {reach}",
        _(
            "Signalen via het interne meldpunt per afdeling, dit jaar · bereik: deelnemers aan bewustwordings"
            "bijeenkomsten en trainingen voor gemeentelijke medewerkers, dit jaar"
        ),
    )
    return found
