"""The chain director's workflow on a signal: triage, status, close, share, answer partners."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.accounts.models import User
from schakel.routing import services as routing
from schakel.routing.models import Share
from schakel.signals import selectors, services
from schakel.signals.models import Signal, SignalStatus
from schakel.signals.workflow import allowed_targets, transition
from schakel.signals.workflow_forms import AnswerForm, CloseForm, ShareForm, TransitionForm, TriageForm


def director_signal(request: HttpRequest, pk: int) -> tuple[User, Signal]:
    """The signal a chain director acts on (read through the selector, so audited and within
    their municipality); 404 for anyone else."""
    user = request.user
    assert isinstance(user, User)
    if not user.has_perm("accounts.view_all_signals"):
        raise Http404
    return user, selectors.signal_get(actor=user, pk=pk, purpose="workflow signaal")


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def workflow_forms(signal: Signal, bound: dict[str, Form] | None = None) -> dict[str, Any]:
    """The panel's forms; ``bound`` replaces one with its submitted, invalid version."""
    bound = bound or {}
    return {
        "transition_form": bound.get("transition") or TransitionForm(signal=signal),
        "triage_form": bound.get("triage")
        or TriageForm(
            initial={
                "forms_of_exploitation": signal.forms,
                "urgency": signal.urgency,
                "priority": signal.priority,
                "minor_involved": signal.minor_involved,
                "veilig_thuis_route_followed": _yes_no(signal.veilig_thuis_route_followed),
            }
        ),
        "close_form": bound.get("close") or CloseForm(signal=signal),
        "share_form": bound.get("share") or ShareForm(signal=signal),
        "suggestions": routing.suggest_partners(signal) if signal.status != SignalStatus.CLOSED else [],
        "can_share": signal.status in routing.SHAREABLE_STATUSES,
        "can_close": SignalStatus.CLOSED in allowed_targets(signal.status),
    }


def _render_detail(request: HttpRequest, signal: Signal, bound: dict[str, Form]) -> HttpResponse:
    from schakel.signals.views import render_signal_detail

    return render_signal_detail(request, signal, bound=bound, status=400)


@require_POST
def signal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    user, signal = director_signal(request, pk)
    form = TransitionForm(request.POST, signal=signal)
    if form.is_valid():
        try:
            transition(
                actor=user,
                signal=signal,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                owner=form.cleaned_data["owner"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("signals:detail", pk=signal.pk)
    return _render_detail(request, signal, {"transition": form})


@require_POST
def signal_triage(request: HttpRequest, pk: int) -> HttpResponse:
    user, signal = director_signal(request, pk)
    form = TriageForm(request.POST)
    if form.is_valid():
        services.signal_triage(
            actor=user,
            signal=signal,
            forms=form.cleaned_data["forms_of_exploitation"],
            urgency=form.cleaned_data["urgency"],
            priority=form.cleaned_data["priority"],
            minor_involved=form.cleaned_data["minor_involved"],
            veilig_thuis_route_followed=form.cleaned_data["veilig_thuis_route_followed"],
        )
        messages.success(request, _("De triage is vastgelegd."))
        return redirect("signals:detail", pk=signal.pk)
    return _render_detail(request, signal, {"triage": form})


@require_POST
def signal_close(request: HttpRequest, pk: int) -> HttpResponse:
    user, signal = director_signal(request, pk)
    form = CloseForm(request.POST, signal=signal)
    if form.is_valid():
        try:
            transition(
                actor=user,
                signal=signal,
                to_status=SignalStatus.CLOSED,
                reason=form.cleaned_data["outcome_note"],
                outcome=form.cleaned_data["outcome"],
                outcome_note=form.cleaned_data["outcome_note"],
                duplicate_of=form.cleaned_data["duplicate_of"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het signaal is afgesloten."))
            return redirect("signals:detail", pk=signal.pk)
    return _render_detail(request, signal, {"close": form})


@require_POST
def signal_share(request: HttpRequest, pk: int) -> HttpResponse:
    user, signal = director_signal(request, pk)
    form = ShareForm(request.POST, signal=signal)
    if form.is_valid():
        try:
            routing.share_create(
                actor=user,
                signal=signal,
                partner=form.cleaned_data["partner"],
                purpose=form.cleaned_data["purpose"],
                legal_basis=form.cleaned_data["legal_basis"],
                parts=form.cleaned_data["parts"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Gedeeld met %(partner)s.") % {"partner": form.cleaned_data["partner"].display_name}
            )
            return redirect("signals:detail", pk=signal.pk)
    return _render_detail(request, signal, {"share": form})


def _share_of(signal: Signal, share_pk: int) -> Share:
    share = signal.shares.filter(pk=share_pk).first()
    if share is None:
        raise Http404
    return share


@require_POST
def share_answer(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    user, signal = director_signal(request, pk)
    share = _share_of(signal, share_pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        routing.share_answer(actor=user, share=share, text=form.cleaned_data["text"])
        messages.success(request, _("Je antwoord is verstuurd."))
    else:
        messages.error(request, _("Schrijf een antwoord."))
    return redirect("signals:detail", pk=signal.pk)


@require_POST
def share_withdraw(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    user, signal = director_signal(request, pk)
    routing.share_withdraw(actor=user, share=_share_of(signal, share_pk), reason=request.POST.get("reason", ""))
    messages.success(request, _("Het delen is ingetrokken; de ketenpartner ziet het signaal niet meer."))
    return redirect("signals:detail", pk=signal.pk)
