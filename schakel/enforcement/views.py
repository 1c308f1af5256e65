"""Pages of the premises register, inspections and administrative measures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.accounts.models import User
from schakel.cases.selectors import visible_cases
from schakel.core.http import acting_user as _user
from schakel.core.models import Municipality
from schakel.enforcement import selectors, services, workflow
from schakel.enforcement.forms import (
    CountFormSet,
    CreateSignalsForm,
    FindingsForm,
    HousingAddressForm,
    InspectionForm,
    MeasureForm,
    PremisesForm,
    TransitionForm,
)
from schakel.enforcement.models import (
    AgeBand,
    Inspection,
    InspectionStatus,
    Measure,
    MeasureStatus,
    PremisesType,
)
from schakel.enforcement.terms import MEASURE_TERMS
from schakel.signals.entities import NATIONALITIES
from schakel.signals.models import Sex


def _managed(user: User) -> Municipality:
    """The municipality a manager works for; anyone else gets a 404 on manager pages."""
    municipality = selectors.managed_municipality(user)
    if municipality is None:
        raise Http404
    return municipality


def _can_see_register(user: User) -> None:
    if not selectors.visible_inspections(actor=user).exists() and selectors.managed_municipality(user) is None:
        raise Http404


# --- Premises -------------------------------------------------------------------------------


def premises_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _can_see_register(user)
    type_ = request.GET.get("type", "")
    if type_ not in PremisesType.values:
        type_ = ""
    query = request.GET.get("q", "")[:100]
    items = list(selectors.premises_list(actor=user, type_=type_, query=query)[:500])
    return render(
        request,
        "enforcement/premises_list.html",
        {
            "items": items,
            "types": PremisesType.choices,
            "type": type_,
            "q": query,
            "can_manage": selectors.managed_municipality(user) is not None,
        },
    )


_PREMISES_FROM_QUERY = {
    "straat": "street",
    "huisnummer": "house_number",
    "postcode": "postcode",
    "plaats": "city",
    "wijk": "district",
}


def premises_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    municipality = _managed(user)
    # An address can come along in the query, from the page of a place ("Pand registreren").
    initial = {
        field: request.GET.get(name, "")[:120] for name, field in _PREMISES_FROM_QUERY.items() if name in request.GET
    }
    form = PremisesForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        premises = form.save(commit=False)
        premises.municipality = municipality
        services.premises_save(actor=user, premises=premises)
        messages.success(request, _("Het pand is vastgelegd."))
        return redirect("enforcement:premises_detail", premises.pk)
    return render(request, "enforcement/premises_form.html", {"form": form, "premises": None})


def premises_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    municipality = _managed(user)
    premises = selectors.premises_get(actor=user, pk=pk, purpose="pand wijzigen")
    form = PremisesForm(request.POST or None, instance=premises, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        services.premises_save(actor=user, premises=form.save(commit=False))
        messages.success(request, _("Het pand is gewijzigd."))
        return redirect("enforcement:premises_detail", premises.pk)
    return render(request, "enforcement/premises_form.html", {"form": form, "premises": premises})


def premises_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    premises = selectors.premises_get(actor=user, pk=pk)
    can_manage = selectors.can_manage(user, premises.municipality)
    housing_form = HousingAddressForm(request.POST or None, prefix="housing")
    if request.method == "POST":
        if not can_manage or premises.type != PremisesType.EMPLOYMENT_AGENCY:
            raise Http404
        if housing_form.is_valid():
            services.housing_address_add(actor=user, premises=premises, address=housing_form.save(commit=False))
            messages.success(request, _("Het huisvestingsadres is toegevoegd."))
            return redirect("enforcement:premises_detail", premises.pk)
    inspections = selectors.visible_inspections(actor=user).filter(premises=premises).order_by("-date")
    measures = selectors.visible_measures(actor=user).filter(premises=premises)
    signals = list(selectors.premises_signals(actor=user, premises=premises)[:100])
    return render(
        request,
        "enforcement/premises_detail.html",
        {
            "premises": premises,
            "can_manage": can_manage,
            "housing": premises.housing_addresses.all(),
            "housing_form": housing_form,
            "inspections": inspections,
            "measures": measures,
            "signals": signals,
            "is_agency": premises.type == PremisesType.EMPLOYMENT_AGENCY,
        },
    )


# --- Inspections ----------------------------------------------------------------------------


def inspection_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _can_see_register(user)
    raw_year = request.GET.get("jaar", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else timezone.localdate().year
    inspections = selectors.inspection_list(actor=user, year=year)
    municipality = selectors.managed_municipality(user)
    summary = selectors.inspection_year_summary(year, municipality=municipality) if municipality else None
    return render(
        request,
        "enforcement/inspection_list.html",
        {
            "inspections": inspections,
            "year": year,
            "summary": summary,
            "can_manage": municipality is not None,
        },
    )


def inspection_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    municipality = _managed(user)
    initial: dict[str, Any] = {}
    if request.GET.get("pand", "").isdigit():
        initial["premises"] = selectors.visible_premises(actor=user).filter(pk=int(request.GET["pand"]))
    form = InspectionForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        inspection: Inspection = form.save(commit=False)
        inspection.municipality = municipality
        services.inspection_save(
            actor=user,
            inspection=inspection,
            premises=list(form.cleaned_data["premises"]),
            partners=list(form.cleaned_data["partners"]),
        )
        messages.success(request, _("De controle is gepland."))
        return redirect("enforcement:inspection_detail", inspection.pk)
    return render(request, "enforcement/inspection_form.html", {"form": form, "inspection": None})


def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    municipality = _managed(user)
    inspection = selectors.inspection_get(actor=user, pk=pk, purpose="controle wijzigen")
    form = InspectionForm(request.POST or None, instance=inspection, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        services.inspection_save(
            actor=user,
            inspection=form.save(commit=False),
            premises=list(form.cleaned_data["premises"]),
            partners=list(form.cleaned_data["partners"]),
        )
        messages.success(request, _("De controle is gewijzigd."))
        return redirect("enforcement:inspection_detail", inspection.pk)
    return render(request, "enforcement/inspection_form.html", {"form": form, "inspection": inspection})


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = selectors.inspection_get(actor=user, pk=pk)
    can_manage = selectors.can_manage(user, inspection.municipality)
    checklist = inspection.checklist.select_related("indicator").order_by("-seen", "indicator__code")
    sexes, ages, nationalities = dict(Sex.choices), dict(AgeBand.choices), dict(NATIONALITIES)
    counts = [
        {
            "sex": sexes.get(c.sex),
            "age": ages.get(c.age_band),
            "nationality": nationalities.get(c.nationality),
            "count": c.count,
        }
        for c in inspection.person_counts.all()
    ]
    signal_form = None
    if can_manage and inspection.status == InspectionStatus.DONE:
        signal_form = CreateSignalsForm(
            inspection=inspection,
            initial={"premises": list(inspection.premises.all()), "narrative": _narrative(inspection)},
        )
    linked = [link.signal for link in inspection.signal_links.select_related("signal")]
    # The linked signals are shown only as far as the actor may see them (need-to-know).
    from schakel.signals.selectors import visible_signals

    visible_ids = set(visible_signals(actor=user).filter(pk__in=[s.pk for s in linked]).values_list("pk", flat=True))
    return render(
        request,
        "enforcement/inspection_detail.html",
        {
            "inspection": inspection,
            "premises": selectors.visible_premises(actor=user).filter(inspections=inspection),
            "partners": inspection.partners.all(),
            "can_manage": can_manage,
            "seen": [row for row in checklist if row.seen],
            "not_seen": sum(1 for row in checklist if not row.seen),
            "counts": counts,
            "people_total": sum(c["count"] for c in counts),
            "signal_form": signal_form,
            "signals": [s for s in linked if s.pk in visible_ids],
            "measures": selectors.visible_measures(actor=user).filter(inspection=inspection),
        },
    )


def _narrative(inspection: Inspection) -> str:
    lines = [
        _("%(type)s op %(date)s (%(ref)s).")
        % {"type": inspection.get_type_display(), "date": f"{inspection.date:%d-%m-%Y}", "ref": inspection.reference}
    ]
    total = sum(c.count for c in inspection.person_counts.all())
    if total:
        lines.append(_("Aangetroffen personen: %(n)s.") % {"n": total})
    seen = services.seen_indicator_codes(inspection)
    if seen:
        lines.append(_("Indicatoren gezien: %(codes)s.") % {"codes": ", ".join(seen)})
    if inspection.irregularities:
        lines.append(_("Onregelmatigheden: %(text)s") % {"text": inspection.irregularities})
    return "\n".join(lines)


def inspection_findings(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _managed(user)
    inspection = selectors.inspection_get(actor=user, pk=pk, purpose="bevindingen vastleggen")
    if not selectors.can_manage(user, inspection.municipality):
        raise Http404
    initial_checklist = {
        row.indicator.code: ("seen" if row.seen else "not_seen")
        for row in inspection.checklist.select_related("indicator")
    }
    form = FindingsForm(
        request.POST or None, initial_checklist=initial_checklist, initial={"irregularities": inspection.irregularities}
    )
    initial_counts = [
        {"sex": c.sex, "age_band": c.age_band, "nationality": c.nationality, "count": c.count}
        for c in inspection.person_counts.all()
    ]
    counts = CountFormSet(request.POST or None, prefix="counts", initial=initial_counts or None)
    if request.method == "POST" and form.is_valid() and counts.is_valid():
        seen, not_seen = form.checklist()
        rows = [
            services.CountRow(
                f.cleaned_data["sex"],
                f.cleaned_data["age_band"],
                f.cleaned_data["nationality"],
                f.cleaned_data["count"],
            )
            for f in counts
            if f.cleaned_data.get("count")
        ]
        try:
            services.inspection_record_findings(
                actor=user,
                inspection=inspection,
                findings=services.Findings(
                    seen=seen, not_seen=not_seen, counts=rows, irregularities=form.cleaned_data["irregularities"]
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De bevindingen zijn vastgelegd."))
            return redirect("enforcement:inspection_detail", inspection.pk)
    return render(
        request, "enforcement/inspection_findings.html", {"inspection": inspection, "form": form, "counts": counts}
    )


@require_POST
def inspection_create_signals(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _managed(user)
    inspection = selectors.inspection_get(actor=user, pk=pk, purpose="signalen uit bevindingen")
    if not selectors.can_manage(user, inspection.municipality):
        raise Http404
    form = CreateSignalsForm(request.POST, inspection=inspection)
    if form.is_valid():
        try:
            signals = services.inspection_create_signals(
                actor=user,
                inspection=inspection,
                premises=list(form.cleaned_data["premises"]),
                narrative=form.cleaned_data["narrative"],
                forms=form.cleaned_data["forms_of_exploitation"],
                urgency=form.cleaned_data["urgency"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Signalen gemaakt: %(refs)s. Ze staan in de inbox van de ketenregisseur.")
                % {"refs": ", ".join(s.reference for s in signals)},
            )
        return redirect("enforcement:inspection_detail", inspection.pk)
    return render(
        request,
        "enforcement/inspection_signals.html",
        {"inspection": inspection, "signal_form": form},
        status=400,
    )


# --- Measures -------------------------------------------------------------------------------


def measure_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _managed(user)
    status = request.GET.get("status", "")
    if status not in MeasureStatus.values:
        status = ""
    measures = selectors.measure_list(actor=user, status=status)
    return render(
        request,
        "enforcement/measure_list.html",
        {"measures": measures, "statuses": MeasureStatus.choices, "status": status, "today": timezone.localdate()},
    )


def measure_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    municipality = _managed(user)
    initial: dict[str, Any] = {}
    for key, field in (("pand", "premises"), ("controle", "inspection"), ("casus", "case")):
        if request.GET.get(key, "").isdigit():
            initial[field] = int(request.GET[key])
    cases = visible_cases(actor=user).filter(municipality=municipality).order_by("-created_at")
    form = MeasureForm(request.POST or None, municipality=municipality, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        measure: Measure = form.save(commit=False)
        measure.municipality = municipality
        try:
            services.measure_create(actor=user, measure=measure, on_date=form.cleaned_data["intention_date"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De maatregel is vastgelegd als voornemen."))
            return redirect("enforcement:measure_detail", measure.pk)
    return render(request, "enforcement/measure_form.html", {"form": form})


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    measure = selectors.measure_get(actor=user, pk=pk)
    form = TransitionForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.transition(
                actor=user,
                measure=measure,
                to_status=form.cleaned_data["to_status"],
                on_date=form.cleaned_data["on_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("on_date" if error.code in ("future", "date_before_previous") else None, error)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("enforcement:measure_detail", measure.pk)
    term = MEASURE_TERMS.get(measure.status)
    return render(
        request,
        "enforcement/measure_detail.html",
        {
            "measure": measure,
            "case_visible": measure.case_id is not None
            and visible_cases(actor=user).filter(pk=measure.case_id).exists(),
            "form": form if workflow.allowed_targets(measure.status) else None,
            "history": measure.status_changes.select_related("actor"),
            "term_label": term[1] if term else "",
            "today": timezone.localdate(),
        },
    )
