from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.core.http import acting_user as _user
from schakel.core.reference import REFERENCE_DIR
from schakel.intake.models import ExploitationForm
from schakel.monitoring import selectors
from schakel.monitoring.choropleth import load_features, render_choropleth
from schakel.monitoring.history import history
from schakel.monitoring.models import PlanTarget, PlanTargetUpdate, TargetKind, TargetStatus


class DashboardFilterForm(forms.Form):
    period_from = forms.DateField(
        label=gettext_lazy("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        label=gettext_lazy("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    form = forms.ChoiceField(
        label=gettext_lazy("Vorm"), required=False, choices=[("", gettext_lazy("Alle")), *ExploitationForm.choices]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("period_from") and cleaned.get("period_to") and cleaned["period_from"] > cleaned["period_to"]:
            self.add_error("period_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, dict[str, Any]]:
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {
            "period_from": data.get("period_from"),
            "period_to": data.get("period_to"),
            "form": data.get("form") or "",
        }
    return form, {}


def _bars(table: selectors.Table) -> list[dict[str, Any]]:
    numbers = [value for _label, value in table.rows if isinstance(value, int)]
    top = max(numbers, default=0) or 1
    bars = []
    for index, (label, value) in enumerate(table.rows):
        height = round(140 * value / top) if isinstance(value, int) else 6
        bars.append(
            {
                "x": 40 + index * 36,
                "y": 170 - height,
                "height": height,
                "label": label,
                "value": value,
                "suppressed": not isinstance(value, int),
            }
        )
    return bars


def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():
        filters = {}
    data = selectors.dashboard(actor=user, **filters)
    selectors.audit_dashboard(actor=user)
    district = data.tables["district"]
    values = {
        code: value for code, (_label, value) in zip(district.codes, district.rows, strict=True) if code != "unknown"
    }
    # The chain director can open the inbox per district; the analyst sees counts only.
    link = "/signalen/?district={code}" if user.has_perm("accounts.view_all_signals") else None
    choropleth = render_choropleth(
        load_features(REFERENCE_DIR / "arnhem-wijken.geojson"),
        values,
        title=_("Signalen per wijk"),
        value_label=_("signalen"),
        value_label_one=_("signaal"),
        link_template=link,
        suppressed_text=f"< {settings.SMALL_NUMBER_THRESHOLD}",
    )
    svg = choropleth.svg
    context = {
        "form": form,
        "data": data,
        "choropleth": choropleth,
        "choropleth_svg": svg,
        "month_bars": _bars(data.tables["month"]),
        "bars_width": 60 + 36 * len(data.tables["month"].rows),
        "prevention_bars": _bars(data.tables["activity_type"]),
        "prevention_bars_width": 60 + 36 * len(data.tables["activity_type"].rows),
        "form_filter": filters.get("form", ""),
        "report_year": timezone.localdate().year,
        "query": request.GET.urlencode(),
        "threshold": settings.SMALL_NUMBER_THRESHOLD,
    }
    return render(request, "monitoring/dashboard.html", context)


def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """Every table as CSV or XLSX; exports are always suppressed, whoever asks."""
    user = _user(request)
    _form, filters = _filters(request)
    data = selectors.dashboard(actor=user, export=True, **filters)
    if table not in data.tables or fmt not in ("csv", "xlsx"):
        raise Http404
    selectors.audit_dashboard(actor=user, export=f"{table}.{fmt}")
    chosen = data.tables[table]
    rows: list[list[str | int]] = [
        [chosen.column, _("Aantal")],
        *[[label, value] for label, value in chosen.rows],
        [_("Totaal"), chosen.total],
    ]
    note = _(
        "Aantallen kleiner dan %(n)s, en aantallen die een klein aantal zouden verraden, zijn vervangen door '< %(n)s'."
    ) % {"n": settings.SMALL_NUMBER_THRESHOLD}
    filename = f"schakel-{table}-{data.period_from:%Y%m%d}-{data.period_to:%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([chosen.title])
        writer.writerows(rows)
        writer.writerow([note])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = table[:31]
        sheet.append([chosen.title])
        for row in rows:
            sheet.append([str(cell) if not isinstance(cell, int) else cell for cell in row])
        sheet.append([note])
        buffer_bytes = io.BytesIO()
        workbook.save(buffer_bytes)
        response = HttpResponse(
            buffer_bytes.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


class TargetUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=TargetStatus.choices)
    note = forms.CharField(label=gettext_lazy("Toelichting"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(
        label=gettext_lazy("Bewijs (document, link of vindplaats)"), required=False, max_length=300
    )
    evidence_date = forms.DateField(
        label=gettext_lazy("Datum van het bewijs"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _spark(snapshots: list[Any]) -> dict[str, Any] | None:
    """A small bar chart of the quarterly figures (numbers only); the table beside it has the same data."""
    numbers = [s.number for s in snapshots if s.number is not None]
    if len(numbers) < 2:
        return None
    top = max(numbers) or 1.0
    bars = []
    for index, snapshot in enumerate(snapshots[-12:]):
        height = 2 + round(34 * (snapshot.number or 0) / top)
        bars.append({"x": 2 + index * 12, "y": 38 - height, "height": height})
    return {"bars": bars, "width": 4 + 12 * len(bars)}


def _suppressed_plan_figures(
    measured: dict[str, Any], snapshots: dict[str, list[Any]]
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Counts below the threshold in the plan tracker's figures become "< 5"; a quarter's bar is
    dropped from the sparkline (its height would give the number away)."""
    from dataclasses import replace

    from schakel.monitoring.report import mask_small

    limit = settings.SMALL_NUMBER_THRESHOLD
    masked_measures = {
        code: replace(
            measure,
            value=mask_small(measure.value),
            by_quarter=[(label, mask_small(str(n))) for label, n in measure.by_quarter],
        )
        for code, measure in measured.items()
    }
    masked_snapshots: dict[str, list[Any]] = {}
    for code, rows in snapshots.items():
        masked_rows = []
        for row in rows:
            small = row.number is not None and 0 < row.number < limit
            masked_rows.append(replace_snapshot(row, value=mask_small(row.value), number=None if small else row.number))
        masked_snapshots[code] = masked_rows
    return masked_measures, masked_snapshots


def replace_snapshot(row: Any, **changes: Any) -> Any:
    """An unsaved copy of a snapshot with some fields changed (for display only)."""
    copy = type(row)(**{f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields})
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    measured = selectors.measures(actor=user)
    selectors.audit_dashboard(actor=user, export="")
    can_edit = user.has_perm("accounts.view_all_signals")
    if request.method == "POST":
        if not can_edit:
            raise Http404
        target = PlanTarget.objects.filter(code=request.POST.get("target", "")).first()
        form = TargetUpdateForm(request.POST)
        if target is None:
            raise Http404
        if form.is_valid():
            PlanTargetUpdate.objects.create(target=target, author=user, **form.cleaned_data)
            PlanTarget.objects.filter(pk=target.pk).update(status=form.cleaned_data["status"])
            from schakel.audit.models import AuditAction
            from schakel.audit.services import audit_record

            audit_record(actor=user, action=AuditAction.UPDATE, obj=target, purpose="voortgang plandoel")
            messages.success(request, _("De voortgang van %(code)s is vastgelegd.") % {"code": target.code})
            return redirect(f"{request.path}#target-{target.code}")
        messages.error(request, _("Vul status en toelichting in."))
    targets = list(PlanTarget.objects.prefetch_related("updates"))
    snapshots = history(municipality=user.municipality) if user.municipality else {}
    if not can_edit:
        # The analyst sees aggregates with small numbers suppressed, here as on the dashboard.
        measured, snapshots = _suppressed_plan_figures(measured, snapshots)
    pillars: dict[str, list[dict[str, Any]]] = {}
    for target in targets:
        latest = target.updates.all()[0] if target.updates.all() else None
        pillars.setdefault(target.get_pillar_display(), []).append(
            {
                "snapshots": snapshots.get(target.code, []),
                "spark": _spark(snapshots.get(target.code, [])),
                "target": target,
                "measure": measured.get(target.code),
                "latest": latest,
                "history": list(target.updates.all())[:5],
                "manual": target.kind in (TargetKind.MANUAL, TargetKind.MIXED),
            }
        )
    progress = {
        pillar: {
            "total": len(items),
            "achieved": sum(1 for i in items if i["target"].status == TargetStatus.ACHIEVED),
            "in_progress": sum(1 for i in items if i["target"].status == TargetStatus.IN_PROGRESS),
        }
        for pillar, items in pillars.items()
    }
    return render(
        request,
        "monitoring/plan.html",
        {
            "pillars": pillars,
            "progress": progress,
            "ambitions": selectors.progress_by_ambition(targets),
            "can_edit": can_edit,
            "update_form": TargetUpdateForm(),
            "report_year": timezone.localdate().year,
        },
    )
