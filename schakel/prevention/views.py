from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.core.http import acting_user as _user
from schakel.prevention import selectors, services
from schakel.prevention.forms import ActivityFilterForm, ActivityForm, AttendanceForm, OfficerAttendanceForm
from schakel.prevention.models import Activity


def _copy_errors(form: Any, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def activity_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = ActivityFilterForm(request.GET or None)
    kwargs: dict[str, Any] = {}
    if filters.is_bound and filters.is_valid():
        kwargs = {"type": filters.cleaned_data.get("type") or "", "year": filters.cleaned_data.get("year")}
    activities = selectors.activity_list(actor=user, **kwargs)
    return render(
        request,
        "prevention/list.html",
        {"activities": activities, "filters": filters, "can_edit": user.has_perm("prevention.add_activity")},
    )


def _initial(activity: Activity) -> dict[str, Any]:
    return {
        "type": activity.type,
        "title": activity.title,
        "organiser": activity.organiser,
        "date": activity.date,
        "place": activity.place,
        "target_groups": activity.target_groups,
        "target_group_other": activity.target_group_other,
        "topics": activity.topics,
        "description": activity.description,
        "materials": activity.materials,
    }


def _save(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    user = _user(request)
    form = ActivityForm(request.POST or None, initial=_initial(activity) if activity else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(
                actor=user, data=services.ActivityInput(**form.cleaned_data), activity=activity
            )
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, _("De activiteit is opgeslagen."))
            return redirect("prevention:detail", pk=saved.pk)
    return render(request, "prevention/form.html", {"form": form, "activity": activity})


def activity_create(request: HttpRequest) -> HttpResponse:
    selectors._require(_user(request), "prevention.add_activity")
    return _save(request, None)


def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    selectors._require(user, "prevention.change_activity")
    return _save(request, selectors.activity_get(actor=user, pk=pk))


def _detail(
    request: HttpRequest,
    activity: Activity,
    attendance_form: AttendanceForm | None = None,
    officer_form: OfficerAttendanceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    can_edit = user.has_perm("prevention.change_activity")
    context: dict[str, Any] = {"activity": activity, "can_edit": can_edit}
    context["total"] = sum(row.count for row in activity.attendance.all())
    if can_edit:
        present = [link.officer_id for link in activity.officers.all()]
        context["attendance_form"] = attendance_form or AttendanceForm()
        context["officer_form"] = officer_form or OfficerAttendanceForm(
            officers=selectors.officer_choices(actor=user).exclude(pk__in=present)
        )
    return render(request, "prevention/detail.html", context, status=status)


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    activity = selectors.activity_get(actor=user, pk=pk)
    selectors.audit_activity_read(actor=user, activity=activity)
    return _detail(request, activity)


@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    selectors._require(user, "prevention.change_activity")
    activity = selectors.activity_get(actor=user, pk=pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_add(actor=user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, _("De aanwezigheid is vastgelegd."))
            return redirect(f"{activity.get_absolute_url()}#h-attendance")
    return _detail(request, activity, attendance_form=form, status=400)


@require_POST
def attendance_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    user = _user(request)
    selectors._require(user, "prevention.change_activity")
    activity = selectors.activity_get(actor=user, pk=pk)
    found = next((r for r in activity.attendance.all() if r.pk == row), None)
    if found is None:
        raise Http404
    services.attendance_remove(actor=user, row=found)
    messages.success(request, _("De regel is verwijderd."))
    return redirect(f"{activity.get_absolute_url()}#h-attendance")


@require_POST
def officer_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    activity = selectors.activity_get(actor=user, pk=pk)
    officers = selectors.officer_choices(actor=user)
    form = OfficerAttendanceForm(request.POST, officers=officers)
    if form.is_valid():
        try:
            services.officer_attendance_add(actor=user, activity=activity, officer=form.cleaned_data["officer"])
        except ValidationError as error:
            _copy_errors(form, error)
        else:
            messages.success(request, _("De aandachtsfunctionaris is als getraind vastgelegd in het register."))
            return redirect(f"{activity.get_absolute_url()}#h-officers")
    return _detail(request, activity, officer_form=form, status=400)


@require_POST
def officer_remove(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    user = _user(request)
    selectors._require(user, "prevention.change_activity")
    activity = selectors.activity_get(actor=user, pk=pk)
    found = next((item for item in activity.officers.all() if item.pk == link), None)
    if found is None:
        raise Http404
    services.officer_attendance_remove(actor=user, link=found)
    messages.success(request, _("De aanwezigheid en de training in het register zijn verwijderd."))
    return redirect(f"{activity.get_absolute_url()}#h-officers")


def training_due(request: HttpRequest) -> HttpResponse:
    officers = selectors.officers_due_training(actor=_user(request))
    return render(request, "prevention/training_due.html", {"officers": officers})
