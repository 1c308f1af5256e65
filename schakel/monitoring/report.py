"""The yearly progress report (voortgangsrapportage) for the council: PDF and a printable page.

Built from the same figures as the dashboard, always with small-number suppression (as every
export): the report leaves the building. Charts are drawn with fpdf2 rectangles and each is
followed by its data table, so a reader of the PDF (or a screen reader) gets the numbers too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.core.pdf import FONT, SchakelPDF
from schakel.monitoring import selectors
from schakel.monitoring.models import Pillar, PlanTarget, TargetStatus
from schakel.monitoring.suppression import mask_counts

#: The tables the report shows, in order, each with a chart.
REPORT_TABLES = ["form", "channel", "district", "activity_type", "activity_attendance"]
FIRST_YEAR = 2023


def mask_small(text: str) -> str:
    """``suppression.mask_counts`` with the configured threshold."""
    return mask_counts(text, threshold=settings.SMALL_NUMBER_THRESHOLD)


@dataclass
class TargetLine:
    code: str
    title: str
    status: str
    figure: str


@dataclass
class Report:
    year: int
    municipality: str
    period_from: date
    period_to: date
    data: selectors.Dashboard
    pillars: list[tuple[str, list[TargetLine], dict[str, int]]] = field(default_factory=list)
    tables: list[selectors.Table] = field(default_factory=list)
    ambitions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def build_report(*, actor: Any, year: int) -> Report:
    """Everything in the report; 404 for roles without aggregates and for years outside the plan."""
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise Http404
    period_from = date(year, 1, 1)
    period_to = min(date(year, 12, 31), today)
    data = selectors.dashboard(actor=actor, period_from=period_from, period_to=period_to, export=True)
    assert isinstance(actor, User) and actor.municipality is not None
    measured = selectors.measures(actor=actor)
    verification = data.verification
    pillars: list[tuple[str, list[TargetLine], dict[str, int]]] = []
    labels = dict(Pillar.choices)
    for pillar in Pillar.values:
        lines = []
        for target in PlanTarget.objects.filter(pillar=pillar):
            figure = ""
            if target.code == "R7":
                # The year's share from the suppressed dashboard figures, not an unguarded one.
                figure = "—" if verification["share"] is None else f"{verification['share']}%"
            elif target.code in measured:
                figure = mask_small(measured[target.code].value)
            lines.append(TargetLine(target.code, target.title_nl, target.get_status_display(), figure))
        if lines:
            counts = {
                "total": len(lines),
                "achieved": PlanTarget.objects.filter(pillar=pillar, status=TargetStatus.ACHIEVED).count(),
                "in_progress": PlanTarget.objects.filter(pillar=pillar, status=TargetStatus.IN_PROGRESS).count(),
            }
            pillars.append((str(labels[pillar]), lines, counts))
    return Report(
        year=year,
        municipality=actor.municipality.name,
        period_from=period_from,
        period_to=period_to,
        data=data,
        pillars=pillars,
        tables=[data.tables[key] for key in REPORT_TABLES],
        ambitions=selectors.progress_by_ambition(list(PlanTarget.objects.all())),
    )


def _note() -> str:
    return _(
        "Aantallen kleiner dan %(n)s, en aantallen die een klein aantal zouden verraden, zijn vervangen door '< %(n)s'."
    ) % {"n": settings.SMALL_NUMBER_THRESHOLD}


def _bar_chart(pdf: SchakelPDF, table: selectors.Table) -> None:
    """Horizontal bars with fpdf2 rectangles; hidden counts get a short grey bar marked '< n'."""
    rows = table.rows
    numbers = [value for _label, value in rows if isinstance(value, int)]
    top = max(numbers, default=0) or 1
    label_width, bar_width, line = 62.0, 90.0, 6.0
    if pdf.will_page_break(line * (len(rows) + 2)):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(0, 6, _("Grafiek: %(title)s") % {"title": table.title}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    for label, value in rows:
        y = pdf.get_y()
        x = pdf.l_margin
        pdf.set_xy(x, y)
        pdf.cell(label_width, line, str(label)[:42])
        if isinstance(value, int):
            width = bar_width * value / top
            pdf.set_fill_color(0, 99, 77)
        else:
            width = 3.0
            pdf.set_fill_color(177, 180, 182)
        if width > 0:
            pdf.rect(x + label_width, y + 1, width, line - 2, style="F")
        pdf.set_xy(x + label_width + width + 2, y)
        pdf.cell(20, line, str(value))
        pdf.set_xy(x, y + line)
    pdf.ln(2)


def render_pdf(report: Report) -> bytes:
    pdf = SchakelPDF(
        title=_("Voortgangsrapportage %(year)s") % {"year": report.year},
        classification=_("Geaggregeerd, kleine aantallen afgeschermd – voor de gemeenteraad"),
    )
    pdf.alias_nb_pages()
    pdf.heading(
        _("Voortgangsrapportage ketenaanpak mensenhandel %(year)s – %(municipality)s")
        % {"year": report.year, "municipality": report.municipality}
    )
    pdf.paragraph(
        _("Periode: %(from)s tot en met %(to)s. Berekend op %(at)s.")
        % {
            "from": report.period_from.strftime("%d-%m-%Y"),
            "to": report.period_to.strftime("%d-%m-%Y"),
            "at": timezone.localtime(report.data.computed_at).strftime("%d-%m-%Y %H:%M"),
        }
    )
    pdf.paragraph(_note())

    pdf.heading(_("Plan 2023–2026: stand per pijler"), 2)
    pdf.table_rows(
        [_("Pijler"), _("Doelen"), _("Behaald"), _("In uitvoering")],
        [[name, str(c["total"]), str(c["achieved"]), str(c["in_progress"])] for name, _lines, c in report.pillars],
    )
    pdf.heading(_("Plan 2023–2026: stand per ambitie"), 2)
    pdf.table_rows(
        [_("Ambitie"), _("Doelen"), _("Behaald"), _("In uitvoering")],
        [
            [label, f"{a['total']} ({a['codes']})", str(a["achieved"]), str(a["in_progress"])]
            for label, a in report.ambitions
        ],
    )
    for name, lines, _counts in report.pillars:
        pdf.heading(name, 3)
        pdf.table_rows(
            [_("Code"), _("Doel"), _("Status"), _("Stand (gemeten)")],
            [[line.code, line.title, line.status, line.figure or "—"] for line in lines],
        )

    pdf.add_page()
    pdf.heading(_("Kerncijfers"), 2)
    verification = report.data.verification
    pdf.heading(_("Verificatie"), 3)
    pdf.table_rows(
        [_("Maat"), _("Waarde")],
        [
            [
                _("Aandeel geverifieerd (voorbij de triage)"),
                "—" if verification["share"] is None else f"{verification['share']}%",
            ],
            [
                _("Dagen tot verificatie, mediaan"),
                "—" if verification["median"] is None else str(verification["median"]),
            ],
            [
                _("Dagen tot verificatie, 90e percentiel"),
                "—" if verification["p90"] is None else str(verification["p90"]),
            ],
        ],
    )
    if verification["suppressed"]:
        pdf.paragraph(_("Te weinig geverifieerde signalen om verificatietijden te tonen."), size=9)
    for table in report.tables:
        pdf.heading(table.title, 3)
        _bar_chart(pdf, table)
        pdf.table_rows(
            [table.column, _("Aantal")],
            [[label, str(value)] for label, value in table.rows] + [[_("Totaal"), str(table.total)]],
        )
    return pdf.output_bytes()


def _year_report(request: HttpRequest, year: int) -> Report:
    user = request.user
    report = build_report(actor=user, year=year)
    return report


def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    report = _year_report(request, year)
    assert isinstance(request.user, User)
    selectors.audit_dashboard(actor=request.user, export=f"jaarrapportage-{year}.pdf")
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="schakel-voortgangsrapportage-{year}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def report_html(request: HttpRequest, year: int) -> HttpResponse:
    report = _year_report(request, year)
    assert isinstance(request.user, User)
    selectors.audit_dashboard(actor=request.user, export=f"jaarrapportage-{year}.html")
    charts = {}
    for table in report.tables:
        numbers = [value for _label, value in table.rows if isinstance(value, int)]
        top = max(numbers, default=0) or 1
        charts[table.key] = [
            {
                "label": label,
                "value": value,
                "width": round(300 * value / top) if isinstance(value, int) else 6,
                "y": 4 + index * 22,
                "suppressed": not isinstance(value, int),
            }
            for index, (label, value) in enumerate(table.rows)
        ]
    sections = [
        {"table": table, "bars": charts[table.key], "height": 8 + 22 * len(table.rows)} for table in report.tables
    ]
    return render(
        request,
        "monitoring/report.html",
        {"report": report, "sections": sections, "note": _note(), "threshold": settings.SMALL_NUMBER_THRESHOLD},
    )
