"""Care pages: trajectories with their steps, the victim's identity, anonymous monthly counts,
and counts for the analyst. Every read goes through selectors, every write through services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.accounts.models import User
from schakel.care import selectors, services
from schakel.care.forms import (
    CloseForm,
    ComenshaForm,
    CompensationForm,
    ConsiderationHouseMonthForm,
    IdentityForm,
    NonPunishmentForm,
    ReflectionDecisionForm,
    ReflectionStartForm,
    ReopenForm,
    ShelterEndForm,
    ShelterForm,
    SupportPointMonthForm,
    TrajectoryForm,
    VictimForm,
)
from schakel.care.models import (
    CareTrajectory,
    ReflectionPeriod,
    ShelterKind,
    TrajectoryOutcome,
    TrajectoryStatus,
)
from schakel.care.rules import reminder_days
from schakel.core.http import acting_user as _user
from schakel.intake.models import ExploitationForm


def _carer(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.may_manage_care(user):
        raise Http404
    return user


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def trajectory_list(request: HttpRequest) -> HttpResponse:
    user = _carer(request)
    status = request.GET.get("status", "open")
    trajectories = selectors.trajectory_list(actor=user, status=status)
    context = {
        "trajectories": trajectories,
        "status": status,
        "statuses": TrajectoryStatus.choices,
        "ending": selectors.reflection_periods_ending(actor=user, within_days=max(reminder_days(), default=14)),
        "shelter_warnings": selectors.shelter_warnings(actor=user),
        "today": timezone.localdate(),
    }
    return render(request, "care/list.html", context)


def trajectory_new(request: HttpRequest) -> HttpResponse:
    user = _carer(request)
    municipalities = selectors.care_municipalities(user)
    form = TrajectoryForm(request.POST or None, municipalities=municipalities)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                trajectory = services.trajectory_create(
                    actor=user,
                    municipality=data["municipality"],
                    referred_on=data["referred_on"],
                    referring_organisation=data["referring_organisation"],
                    signal_reference=data["signal_reference"],
                    victim=services.VictimInput(
                        birth_year=data["birth_year"],
                        sex=data["sex"],
                        nationality=data["nationality"],
                        forms=data["forms_of_exploitation"],
                    ),
                    identity=services.IdentityInput(
                        full_name=data["full_name"],
                        date_of_birth=data["date_of_birth"],
                        phone=data["phone"],
                        address=data["address"],
                        id_number=data["id_number"],
                        notes=data["notes"],
                    ),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Zorgtraject aangemaakt. Het slachtoffer heeft code %(code)s.")
                    % {"code": trajectory.victim.code},
                )
                return redirect("care:detail", pk=trajectory.pk)
        status = 400
    return render(request, "care/new.html", {"form": form}, status=status)


STEP_FORMS: dict[str, Any] = {
    "victim": VictimForm,
    "comensha": ComenshaForm,
    "reflection_start": ReflectionStartForm,
    "reflection_decision": ReflectionDecisionForm,
    "shelter": ShelterForm,
    "shelter_end": ShelterEndForm,
    "non_punishment": NonPunishmentForm,
    "compensation": CompensationForm,
    "close": CloseForm,
    "reopen": ReopenForm,
}


def _step_form(step: str, trajectory: CareTrajectory, data: Any = None) -> forms.Form:
    form_class = STEP_FORMS[step]
    if step == "shelter_end":
        form: forms.Form = form_class(data, stays=trajectory.shelter_stays.filter(ends_on__isnull=True), prefix=step)
        return form
    initial: dict[str, Any] = {}
    if step == "victim":
        victim = trajectory.victim
        initial = {
            "birth_year": victim.birth_year,
            "sex": victim.sex,
            "nationality": victim.nationality,
            "forms_of_exploitation": victim.forms,
        }
    elif step == "non_punishment":
        initial = {"applies": trajectory.non_punishment, "note": trajectory.non_punishment_note}
    elif step == "compensation":
        initial = {"status": trajectory.compensation_status, "on": trajectory.compensation_on}
    result: forms.Form = form_class(data, initial=initial, prefix=step)
    return result


def _detail(
    request: HttpRequest, user: User, trajectory: CareTrajectory, bound: forms.Form | None, step: str
) -> HttpResponse:
    today = timezone.localdate()
    reflection = ReflectionPeriod.objects.filter(trajectory=trajectory).first()
    step_forms = {name: _step_form(name, trajectory) for name in STEP_FORMS}
    if bound is not None:
        step_forms[step] = bound
    stays = list(trajectory.shelter_stays.all())
    days = reminder_days()
    context = {
        "trajectory": trajectory,
        "victim": trajectory.victim,
        "reflection": reflection,
        "days_left": reflection.days_left(today) if reflection else None,
        "reminder_due": bool(
            reflection and reflection.is_open and 0 <= reflection.days_left(today) <= max(days, default=14)
        ),
        "reflection_lapsed": bool(reflection and reflection.is_open and reflection.days_left(today) < 0),
        "stays": [(stay, stay.exceeds_maximum(today)) for stay in stays],
        "has_open_stay": any(stay.ends_on is None for stay in stays),
        "events": list(trajectory.events.select_related("actor")),
        "f": step_forms,
        "is_closed": trajectory.status == TrajectoryStatus.CLOSED,
        "consideration_house": ShelterKind.CONSIDERATION_HOUSE,
    }
    return render(request, "care/detail.html", context, status=400 if bound is not None else 200)


def trajectory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _carer(request)
    trajectory = selectors.trajectory_get(actor=user, pk=pk)
    return _detail(request, user, trajectory, None, "")


@require_POST
def trajectory_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = _carer(request)
    if step not in STEP_FORMS:
        raise Http404
    trajectory = selectors.trajectory_get(actor=user, pk=pk, purpose="zorgtraject bijwerken")
    form = _step_form(step, trajectory, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            warning = _run_step(user, trajectory, step, data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Vastgelegd."))
            if warning:
                messages.warning(request, warning)
            return redirect("care:detail", pk=trajectory.pk)
    return _detail(request, user, trajectory, form, step)


def _run_step(user: User, trajectory: CareTrajectory, step: str, data: dict[str, Any]) -> str:
    """Run one step through its service; returns a warning to show, or ''."""
    if step == "victim":
        services.victim_update(
            actor=user,
            trajectory=trajectory,
            victim=services.VictimInput(
                birth_year=data["birth_year"],
                sex=data["sex"],
                nationality=data["nationality"],
                forms=data["forms_of_exploitation"],
            ),
        )
    elif step == "comensha":
        services.comensha_register(
            actor=user,
            trajectory=trajectory,
            registered_on=data["registered_on"],
            reporter=data["reporter"],
            consent=data["consent"],
            consent_on=data["consent_on"],
        )
    elif step == "reflection_start":
        services.reflection_start(
            actor=user, trajectory=trajectory, starts_on=data["starts_on"], offered_by=data["offered_by"]
        )
    elif step == "reflection_decision":
        services.reflection_decide(
            actor=user, trajectory=trajectory, decision=data["decision"], decision_on=data["decision_on"]
        )
    elif step == "shelter":
        stay = services.shelter_start(
            actor=user, trajectory=trajectory, kind=data["kind"], starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
        if stay.exceeds_maximum():
            return _("Let op: dit verblijf in het overweeghuis duurt langer dan de toegestane drie maanden.")
        if stay.kind == ShelterKind.COSM and not ReflectionPeriod.objects.filter(trajectory=trajectory).exists():
            return _(
                "Let op: COSM-opvang is voor niet-Nederlandse volwassenen in de bedenktijd, en plaatsing loopt via "
                "CoMensha. Leg de bedenktijd vast."
            )
    elif step == "shelter_end":
        services.shelter_end(actor=user, stay=data["stay"], ends_on=data["ends_on"])
    elif step == "non_punishment":
        services.non_punishment_set(actor=user, trajectory=trajectory, applies=data["applies"], note=data["note"])
    elif step == "compensation":
        services.compensation_set(actor=user, trajectory=trajectory, status=data["status"], on=data["on"])
    elif step == "close":
        services.trajectory_close(
            actor=user, trajectory=trajectory, outcome=data["outcome"], closed_on=data["closed_on"], note=data["note"]
        )
    elif step == "reopen":
        services.trajectory_reopen(actor=user, trajectory=trajectory, reason=data["reason"])
    return ""


def victim_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """The identifying details: read with a stated purpose (audited), changed through a form."""
    user = _carer(request)
    trajectory = selectors.trajectory_get(actor=user, pk=pk, purpose="identiteit slachtoffer openen")
    identity = selectors.victim_identity_get(actor=user, trajectory=trajectory, purpose="identiteit slachtoffer inzien")
    initial = {}
    if identity is not None:
        initial = {
            "full_name": identity.full_name,
            "date_of_birth": identity.date_of_birth,
            "phone": identity.phone,
            "address": identity.address,
            "id_number": identity.id_number,
            "notes": identity.notes,
        }
    form = IdentityForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.identity_update(
                    actor=user, trajectory=trajectory, identity=services.IdentityInput(**form.cleaned_data)
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Identiteit bijgewerkt."))
                return redirect("care:identity", pk=trajectory.pk)
        status = 400
    response = render(
        request, "care/identity.html", {"trajectory": trajectory, "identity": identity, "form": form}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


# --- anonymous monthly counts ---------------------------------------------------------------------

MONTH_FORMS: dict[str, Any] = {"steunpunt": SupportPointMonthForm, "overweeghuis": ConsiderationHouseMonthForm}


def month_list(request: HttpRequest) -> HttpResponse:
    user = _carer(request)
    context = {
        "support": list(selectors.support_point_months(actor=user)[:24]),
        "house": list(selectors.consideration_house_months(actor=user)[:24]),
    }
    return render(request, "care/months.html", context)


def month_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    user = _carer(request)
    if kind not in MONTH_FORMS:
        raise Http404
    queryset = (
        selectors.support_point_months(actor=user)
        if kind == "steunpunt"
        else selectors.consideration_house_months(actor=user)
    )
    instance = None
    initial: dict[str, Any] = {}
    if pk is not None:
        instance = queryset.filter(pk=pk).first()
        if instance is None:
            raise Http404
        initial = {"municipality": instance.municipality, "month": instance.month}
        initial |= {name: getattr(instance, name) for name in MONTH_FORMS[kind].count_fields}
    else:
        initial = {"month": timezone.localdate().replace(day=1)}
    form = MONTH_FORMS[kind](request.POST or None, initial=initial, municipalities=selectors.care_municipalities(user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.month_save(
                    actor=user,
                    kind=kind,
                    municipality=form.cleaned_data["municipality"],
                    month=form.cleaned_data["month"],
                    counts=form.counts(),
                    instance=instance,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("De aantallen zijn opgeslagen."))
                return redirect("care:months")
        status = 400
    title = _("Steunpunt sekswerkers") if kind == "steunpunt" else _("Overweeghuis")
    return render(
        request,
        "care/month_form.html",
        {"form": form, "kind": kind, "title": title, "instance": instance},
        status=status,
    )


# --- counts (aggregates) --------------------------------------------------------------------------


def counts(request: HttpRequest) -> HttpResponse:
    """Trajectory counts: the analyst sees them with small numbers suppressed."""
    user = _user(request)
    if not (user.has_perm("accounts.view_aggregates") or selectors.may_manage_care(user)):
        raise Http404
    result = selectors.care_counts(actor=user)
    suppress = not user.has_perm("accounts.view_all_signals") and not selectors.may_manage_care(user)
    status_labels = dict(TrajectoryStatus.choices)
    form_labels = {**dict(ExploitationForm.choices), "multiple": _("Meerdere vormen")}
    tables = [
        _table("status", _("Trajecten per stap"), _("Stap"), result.by_status, status_labels, suppress),
        _table("form", _("Trajecten per vorm van uitbuiting"), _("Vorm"), result.by_form, form_labels, suppress),
        _table(
            "month",
            _("Trajecten per maand van aanmelding"),
            _("Maand"),
            result.by_month,
            {month: month for month in result.by_month},
            suppress,
        ),
    ]
    months = selectors.anonymous_month_counts(actor=user)
    titles = {
        "visits": _("Steunpunt sekswerkers: bezoeken per maand"),
        "new_clients": _("Steunpunt sekswerkers: nieuwe cliënten per maand"),
        "stays_started": _("Overweeghuis: verblijven begonnen per maand"),
        "exits": _("Overweeghuis: vertrokken per maand"),
    }
    for name, title in titles.items():
        values = months[name]
        tables.append(_table(name, title, _("Maand"), values, {month: month for month in values}, suppress))
    return render(
        request,
        "care/counts.html",
        {
            "tables": tables,
            "suppress": suppress,
            "threshold": settings.SMALL_NUMBER_THRESHOLD,
            "outcomes": TrajectoryOutcome,
        },
    )


def _table(
    key: str, title: str, column: str, values: dict[str, int], labels: dict[str, Any], suppress: bool
) -> dict[str, Any]:
    from schakel.monitoring.suppression import TOTAL, suppress_1d

    ordered = {code: values.get(code, 0) for code in labels}
    if suppress:
        result = suppress_1d(ordered, threshold=settings.SMALL_NUMBER_THRESHOLD)
        rows: list[tuple[Any, int | str]] = [(labels[code], result.display(code)) for code in labels]
        total: int | str = result.display(TOTAL)
    else:
        rows = [(labels[code], ordered[code]) for code in labels]
        total = sum(ordered.values())
    return {"key": key, "title": title, "column": column, "rows": rows, "total": total}
