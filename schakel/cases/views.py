"""Pages of cases: list, create from a signal, detail (full for the chain director, the
partner-facing part for partners), and the forms on it (plain POST; redirect back)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.accounts.models import User
from schakel.cases import selectors, services, workflow
from schakel.cases.forms import (
    ActionForm,
    ActionUpdateForm,
    CaseForm,
    DocumentForm,
    MergeForm,
    ParticipantForm,
    SplitForm,
    TransitionForm,
)
from schakel.cases.models import Case, CaseStatus
from schakel.core.http import acting_user as _user
from schakel.signals.models import Signal
from schakel.signals.selectors import signal_get, visible_signals


def _manager(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.is_manager(user):
        raise Http404
    return user


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.sees_cases(user):
        raise Http404
    status = request.GET.get("status", "open")
    cases = list(selectors.case_list(actor=user, status=status)[:200])
    context = {
        "cases": cases,
        "status": status,
        "statuses": CaseStatus.choices,
        "overdue": list(selectors.overdue_actions(actor=user)[:50]),
        "is_manager": selectors.is_manager(user),
    }
    return render(request, "cases/list.html", context)


def case_new(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    signals: list[Signal] = []
    raw = request.POST.getlist("signal") if request.method == "POST" else request.GET.getlist("signaal")
    for value in raw:
        if value.isdigit():
            signals.append(signal_get(actor=user, pk=int(value), purpose="casus maken van signaal"))
    initial_forms = sorted({f for s in signals for f in s.forms})
    if request.method == "POST":
        form = CaseForm(request.POST, municipality=user.municipality)
        if form.is_valid():
            try:
                case = services.case_create(
                    actor=user,
                    title=form.cleaned_data["title"],
                    forms=form.cleaned_data["forms_of_exploitation"],
                    signals=signals,
                    owner=form.cleaned_data["owner"],
                )
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("Casus %(code)s is aangemaakt.") % {"code": case.code})
                return redirect("cases:detail", pk=case.pk)
        return render(request, "cases/new.html", {"form": form, "signals": signals}, status=400)
    form = CaseForm(municipality=user.municipality, initial={"forms_of_exploitation": initial_forms, "owner": user})
    return render(request, "cases/new.html", {"form": form, "signals": signals})


def _case_measures(user: User, case: Case) -> Any:
    """The administrative measures taken in this case, as far as the user may see them."""
    from schakel.enforcement.selectors import visible_measures

    return visible_measures(actor=user).filter(case=case).order_by("-created_at")


def _detail_context(user: User, case: Case, **bound: Any) -> dict[str, Any]:
    manager = workflow.can_manage(user, case)
    context: dict[str, Any] = {
        "case": case,
        "is_manager": manager,
        "participants": list(case.participants.select_related("organisation")),
        "actions": list(selectors.case_actions(actor=user, case=case)),
        "documents": list(selectors.case_documents(actor=user, case=case)),
        "agenda_items": list(
            case.agenda_items.select_related("meeting").order_by("-meeting__starts_at")
            if manager
            else case.agenda_items.filter(case__participants__organisation_id=user.organisation_id or 0)
            .select_related("meeting")
            .order_by("-meeting__starts_at")
        ),
    }
    if manager:
        signals = selectors.case_signals(actor=user, case=case)
        context.update(
            {
                "signals": signals,
                "measures": list(_case_measures(user, case)),
                "entities": selectors.case_entities(actor=user, case=case),
                "suggestions": selectors.case_link_suggestions(actor=user, case=case),
                "history": list(case.status_changes.select_related("actor")),
                "events": list(case.events.select_related("actor")[:100]),
                "transition_form": bound.get("transition_form") or TransitionForm(case=case),
                "participant_form": bound.get("participant_form") or ParticipantForm(prefix="partner"),
                "action_form": bound.get("action_form") or ActionForm(),
                "document_form": bound.get("document_form") or DocumentForm(),
                "merge_form": MergeForm(
                    cases=selectors.visible_cases(actor=user).exclude(pk=case.pk).exclude(status=CaseStatus.CLOSED)
                ),
                "signal_entities": selectors.unlinked_entities(actor=user, case=case),
            }
        )
    return context


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(actor=user, pk=pk)
    return render(request, "cases/detail.html", _detail_context(user, case))


def _managed_case(request: HttpRequest, pk: int, purpose: str) -> tuple[User, Case]:
    user = _user(request)
    case = selectors.case_get(actor=user, pk=pk, purpose=purpose)
    if not workflow.can_manage(user, case):
        raise Http404
    return user, case


@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "status casus")
    form = TransitionForm(request.POST, case=case)
    if form.is_valid():
        try:
            workflow.transition(
                actor=user,
                case=case,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                outcome=form.cleaned_data["outcome"] if form.cleaned_data["to_status"] == CaseStatus.CLOSED else "",
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/detail.html", _detail_context(user, case, transition_form=form), status=400)


@require_POST
def case_add_signal(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "signaal aan casus toevoegen")
    value = request.POST.get("signal", "")
    signal = visible_signals(actor=user).filter(pk=int(value)).first() if value.isdigit() else None
    if signal is None:
        raise Http404
    try:
        services.case_add_signal(actor=user, case=case, signal=signal)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Signaal %(ref)s is aan de casus toegevoegd.") % {"ref": signal.reference})
    return redirect("cases:detail", pk=case.pk)


@require_POST
def case_add_entity(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "betrokkene aan casus koppelen")
    value = request.POST.get("entity", "")
    if not value.isdigit():
        raise Http404
    entity = selectors.entity_for_case(actor=user, case=case, pk=int(value))
    services.case_add_entity(actor=user, case=case, entity=entity)
    messages.success(request, _("Gekoppeld aan de casus."))
    return redirect("cases:detail", pk=case.pk)


@require_POST
def case_add_participant(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "ketenpartner toevoegen")
    form = ParticipantForm(request.POST, prefix="partner")
    if form.is_valid():
        services.participant_add(
            actor=user, case=case, organisation=form.cleaned_data["organisation"], role=form.cleaned_data["role"]
        )
        messages.success(request, _("De ketenpartner neemt deel aan de casus."))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/detail.html", _detail_context(user, case, participant_form=form), status=400)


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "actie toevoegen")
    form = ActionForm(request.POST)
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
            services.action_create(actor=user, case=case, data=data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("De actie staat in het plan van aanpak."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/detail.html", _detail_context(user, case, action_form=form), status=400)


def action_detail(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(actor=user, pk=pk, purpose="actie inzien")
    action = selectors.action_get(actor=user, case=case, pk=action_pk)
    if request.method == "POST":
        if not services.can_update_action(user, action):
            raise Http404
        form = ActionUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.action_update(
                    actor=user, action=action, status=form.cleaned_data["status"], outcome=form.cleaned_data["outcome"]
                )
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("De actie is bijgewerkt."))
                return redirect("cases:action", pk=case.pk, action_pk=action.pk)
        status = 400
    else:
        form = ActionUpdateForm(initial={"status": action.status, "outcome": action.outcome})
        status = 200
    context = {"case": case, "action": action, "form": form, "can_update": services.can_update_action(user, action)}
    return render(request, "cases/action.html", context, status=status)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "document toevoegen")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.document_upload(
            actor=user,
            case=case,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            shared=form.cleaned_data["shared"],
        )
        messages.success(request, _("Het document is opgeslagen."))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/detail.html", _detail_context(user, case, document_form=form), status=400)


def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    user = _user(request)
    case = selectors.case_get(actor=user, pk=pk, purpose="document casus openen")
    document = selectors.document_get(actor=user, case=case, pk=document_pk)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.download_name,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def case_split(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "casus splitsen")
    signals = selectors.case_signal_queryset(actor=user, case=case)
    form = SplitForm(request.POST or None, signals=signals)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.case_split(
                actor=user, case=case, signals=list(form.cleaned_data["signals"]), title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Casus %(code)s is afgesplitst.") % {"code": new.code})
            return redirect("cases:detail", pk=new.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/split.html", {"case": case, "form": form}, status=status)


@require_POST
def case_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "casussen samenvoegen")
    form = MergeForm(request.POST, cases=selectors.visible_cases(actor=user).exclude(pk=case.pk))
    if not form.is_valid():
        messages.error(request, _("Kies de casus waarin deze casus opgaat."))
        return redirect("cases:detail", pk=case.pk)
    target = form.cleaned_data["target"]
    try:
        services.case_merge(actor=user, source=case, target=target)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, _("Samengevoegd in %(code)s.") % {"code": target.code})
    return redirect("cases:detail", pk=target.pk)


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _managed_case(request, pk, "casus wijzigen")
    if request.method == "POST":
        form = CaseForm(request.POST, municipality=case.municipality)
        if form.is_valid():
            try:
                services.case_update(
                    actor=user,
                    case=case,
                    title=form.cleaned_data["title"],
                    forms=form.cleaned_data["forms_of_exploitation"],
                    owner=form.cleaned_data["owner"],
                )
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("De casus is gewijzigd."))
                return redirect("cases:detail", pk=case.pk)
        return render(request, "cases/edit.html", {"case": case, "form": form}, status=400)
    form = CaseForm(
        municipality=case.municipality,
        initial={"title": case.title, "forms_of_exploitation": case.forms, "owner": case.owner},
    )
    return render(request, "cases/edit.html", {"case": case, "form": form})
