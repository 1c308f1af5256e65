"""Case meetings: plan, build the agenda, record per item during the meeting (htmx in
place, plain POST without JavaScript), attendance, minutes per partner, PDF and .ics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.accounts.models import Organisation, User
from schakel.cases import exports, selectors, services
from schakel.cases.forms import ActionForm, AgendaAddForm, AgendaItemForm, AttendeeForm, MeetingForm
from schakel.cases.models import AgendaItem, AttendanceStatus, CaseStatus, Meeting
from schakel.core.http import acting_user as _user
from schakel.routing.notifications import link


def _managed_meeting(request: HttpRequest, pk: int, purpose: str) -> tuple[User, Meeting]:
    user = _user(request)
    meeting = selectors.meeting_get(actor=user, pk=pk, purpose=purpose)
    if not selectors.is_manager(user):
        raise Http404
    return user, meeting


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.sees_cases(user):
        raise Http404
    meetings = list(selectors.meeting_list(actor=user)[:100])
    return render(request, "cases/meeting_list.html", {"meetings": meetings, "is_manager": selectors.is_manager(user)})


def meeting_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.is_manager(user):
        raise Http404
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            actor=user,
            type=form.cleaned_data["type"],
            starts_at=form.cleaned_data["starts_at"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            place=form.cleaned_data["place"],
            organisations=list(form.cleaned_data["organisations"]),
        )
        messages.success(request, _("Het overleg is gepland. Zet nu casussen op de agenda."))
        return redirect("cases:meeting", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/meeting_new.html", {"form": form}, status=status)


def _partner_choice(request: HttpRequest, user: User, meeting: Meeting) -> Organisation | None:
    """The chain director may view the agenda as one invited partner sees it."""
    value = request.GET.get("organisatie", "")
    if not selectors.is_manager(user) or not value.isdigit():
        return None
    organisation = Organisation.objects.filter(pk=int(value)).first()
    if organisation is None:
        raise Http404
    return organisation


def _item_context(user: User, meeting: Meeting, item: AgendaItem, **bound: object) -> dict[str, object]:
    manager = selectors.is_manager(user)
    actions = item.new_actions.select_related("organisation", "owner")
    if not manager:
        actions = actions.filter(organisation_id=user.organisation_id or 0)
    return {
        "meeting": meeting,
        "item": item,
        "is_manager": manager,
        "item_actions": list(actions),
        "item_form": bound.get("item_form")
        or AgendaItemForm(initial={"discussion": item.discussion, "decisions": item.decisions}, prefix=f"i{item.pk}"),
        "action_form": bound.get("action_form") or ActionForm(prefix=f"a{item.pk}"),
        "saved": bound.get("saved", False),
    }


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get(actor=user, pk=pk)
    organisation = _partner_choice(request, user, meeting)
    manager = selectors.is_manager(user)
    items = list(selectors.agenda_items(actor=user, meeting=meeting, organisation=organisation))
    context: dict[str, object] = {
        "meeting": meeting,
        "is_manager": manager,
        "view_as": organisation,
        "items": [_item_context(user, meeting, item) for item in items],
        "attendees": list(meeting.attendees.select_related("organisation")),
        "invited": list(meeting.invited_organisations.order_by("name")),
        "attendance_choices": AttendanceStatus.choices,
    }
    if manager:
        on_agenda = [i.case_id for i in items]
        context["agenda_form"] = AgendaAddForm(
            cases=selectors.visible_cases(actor=user).exclude(status=CaseStatus.CLOSED).exclude(pk__in=on_agenda)
        )
        context["attendee_form"] = AttendeeForm()
    return render(request, "cases/meeting_detail.html", context)


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, meeting = _managed_meeting(request, pk, "agenderen")
    form = AgendaAddForm(request.POST, cases=selectors.visible_cases(actor=user).exclude(status=CaseStatus.CLOSED))
    if form.is_valid():
        try:
            services.agenda_add(actor=user, meeting=meeting, case=form.cleaned_data["case"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De casus staat op de agenda."))
    else:
        messages.error(request, _("Kies een casus."))
    return redirect("cases:meeting", pk=meeting.pk)


@require_POST
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user, meeting = _managed_meeting(request, pk, "agenda volgorde")
    item = selectors.agenda_item_get(actor=user, meeting=meeting, pk=item_pk)
    services.agenda_move(actor=user, item=item, direction=1 if request.POST.get("direction") == "down" else -1)
    return redirect(reverse("cases:meeting", args=[meeting.pk]) + f"#item-{item.pk}")


@require_POST
def attendee_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, meeting = _managed_meeting(request, pk, "deelnemer toevoegen")
    form = AttendeeForm(request.POST)
    if form.is_valid():
        services.attendee_add(
            actor=user, meeting=meeting, organisation=form.cleaned_data["organisation"], name=form.cleaned_data["name"]
        )
        messages.success(request, _("De deelnemer is toegevoegd."))
    else:
        messages.error(request, _("Kies een organisatie en vul een naam in."))
    return redirect("cases:meeting", pk=meeting.pk)


@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user, meeting = _managed_meeting(request, pk, "aanwezigheid")
    statuses: dict[int, str] = {}
    for key in request.POST:
        if key.startswith("attendee-") and key[9:].isdigit():
            statuses[int(key[9:])] = str(request.POST.get(key, ""))
    services.attendance_record(actor=user, meeting=meeting, statuses=statuses)
    messages.success(request, _("De aanwezigheid is vastgelegd."))
    return redirect("cases:meeting", pk=meeting.pk)


def _item_response(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx responses: errors come back as 200 with the form and its messages.
        return render(request, "cases/_agenda_item.html", context)
    meeting = context["meeting"]
    item = context["item"]
    assert isinstance(meeting, Meeting) and isinstance(item, AgendaItem)
    if status != 200:
        return render(request, "cases/agenda_item.html", context, status=status)
    return redirect(reverse("cases:meeting", args=[meeting.pk]) + f"#item-{item.pk}")


def agenda_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: the item on its own page; POST: record discussion and decisions."""
    user = _user(request)
    meeting = selectors.meeting_get(actor=user, pk=pk, purpose="agendapunt")
    item = selectors.agenda_item_get(actor=user, meeting=meeting, pk=item_pk)
    if request.method != "POST":
        return render(request, "cases/agenda_item.html", _item_context(user, meeting, item))
    if not selectors.is_manager(user):
        raise Http404
    form = AgendaItemForm(request.POST, prefix=f"i{item.pk}")
    if not form.is_valid():
        return _item_response(request, _item_context(user, meeting, item, item_form=form), status=400)
    services.agenda_item_record(
        actor=user, item=item, discussion=form.cleaned_data["discussion"], decisions=form.cleaned_data["decisions"]
    )
    item.refresh_from_db()
    return _item_response(request, _item_context(user, meeting, item, saved=True))


@require_POST
def agenda_item_action(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A new action agreed on in the meeting: straight into the case's plan of approach."""
    user, meeting = _managed_meeting(request, pk, "actie uit overleg")
    item = selectors.agenda_item_get(actor=user, meeting=meeting, pk=item_pk)
    form = ActionForm(request.POST, prefix=f"a{item.pk}")
    if form.is_valid():
        data = services.ActionInput(
            type=form.cleaned_data["type"],
            barrier_kind=form.cleaned_data["barrier_kind"],
            description=form.cleaned_data["description"],
            organisation=form.cleaned_data["organisation"],
            owner=form.cleaned_data["owner"],
            deadline=form.cleaned_data["deadline"],
        )
        try:
            services.action_create(actor=user, case=item.case, data=data, agenda_item=item)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            return _item_response(request, _item_context(user, meeting, item, saved=True))
    return _item_response(request, _item_context(user, meeting, item, action_form=form), status=400)


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get(actor=user, pk=pk, purpose="verslag casusoverleg")
    organisation = _partner_choice(request, user, meeting)
    data = exports.minutes_for(actor=user, meeting=meeting, organisation=organisation)
    return render(request, "cases/minutes.html", {"minutes": data, "meeting": meeting})


def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get(actor=user, pk=pk, purpose="verslag casusoverleg (PDF)")
    organisation = _partner_choice(request, user, meeting)
    data = exports.minutes_for(actor=user, meeting=meeting, organisation=organisation)
    response = HttpResponse(exports.minutes_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verslag-overleg-{meeting.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get(actor=user, pk=pk, purpose="agenda-uitnodiging")
    body = exports.meeting_ics(meeting, link(reverse("cases:meeting", args=[meeting.pk])))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="overleg-{meeting.pk}.ics"'
    return response
