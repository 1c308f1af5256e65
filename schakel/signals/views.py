from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from schakel.accounts.models import OrganisationType, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.http import acting_user as _user
from schakel.core.models import District
from schakel.intake.meldcode import QUESTIONS, STEPS
from schakel.intake.models import ExploitationForm
from schakel.intake.scoring import indicative_scores
from schakel.signals import selectors, services
from schakel.signals.forms import DetailFormSet, PersonFormSet, SignalForm
from schakel.signals.models import Channel, SignalStatus, Urgency
from schakel.signals.services import Location, SignalInput
from schakel.signals.workflow_views import director_signal


def _channel_for(user: User) -> str:
    if user.organisation is not None and user.organisation.type != OrganisationType.MUNICIPALITY_DEPARTMENT:
        return Channel.PARTNER
    return Channel.INTERNAL


def _municipality_for(user: User) -> Any:
    if user.municipality is not None:
        return user.municipality
    organisation = user.organisation
    return organisation.municipalities.order_by("code").first() if organisation else None


def _grow(formset_data: Any, prefix: str) -> Any:
    data = formset_data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    data[key] = str(int(data.get(key, "0") or 0) + 1)
    return data


def signal_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm("accounts.report_signal") or _municipality_for(user) is None:
        raise Http404
    channel = _channel_for(user)
    if request.method == "POST":
        data = request.POST
        # "Add another person/detail" works without JavaScript: re-render with one more row.
        if "add_person" in data or "add_detail" in data:
            data = _grow(data, "persons" if "add_person" in data else "details")
            form = SignalForm(data, request.FILES, channel=channel)
            persons, details = PersonFormSet(data, prefix="persons"), DetailFormSet(data, prefix="details")
            return render(request, "signals/new.html", _new_context(form, persons, details, channel, unbound=True))
        form = SignalForm(data, request.FILES, channel=channel)
        persons, details = PersonFormSet(data, prefix="persons"), DetailFormSet(data, prefix="details")
        if form.is_valid() and persons.is_valid() and details.is_valid():
            cleaned = form.cleaned_data
            house = cleaned.get("house_number")
            entities = [f.cleaned_data["entity"] for f in [*persons, *details] if f.cleaned_data.get("entity")]
            signal_input = SignalInput(
                narrative=cleaned["narrative"],
                forms=cleaned["forms_of_exploitation"],
                municipality=_municipality_for(user),
                observed_on=cleaned.get("observed_on"),
                location=Location(
                    street=cleaned.get("street") or "",
                    house_number=house.number if house else None,
                    house_letter=house.letter if house else "",
                    house_number_addition=(house.addition if house else "")[:4],
                    postcode=cleaned.get("postcode") or "",
                    city=(cleaned.get("city") or "") if house else "",
                    district=cleaned.get("district"),
                    description=cleaned.get("location_description") or "",
                ),
                indicator_codes=cleaned["indicators"],
                entities=entities,
                minor_involved=cleaned["minor_involved"],
                urgency=cleaned["urgency"],
                source_reliability=cleaned["source_reliability"],
                information_reliability=cleaned["information_reliability"],
                meldcode_applicable=cleaned["meldcode_applicable"],
                meldcode_answers=cleaned["meldcode_answers"],
                partner_reference=cleaned.get("partner_reference") or "",
                attachments=cleaned["attachments"],
            )
            token = cleaned.get("form_token") or ""
            result = services.signal_submit(
                actor=user,
                channel=channel,
                data=signal_input,
                organisation=user.organisation,
                idempotency_key=f"form:{user.pk}:{token}" if token else None,
            )
            return redirect("signals:received", pk=result.signal.pk)
        return render(request, "signals/new.html", _new_context(form, persons, details, channel), status=400)
    form = SignalForm(channel=channel, initial={"form_token": uuid.uuid4().hex})
    persons, details = PersonFormSet(prefix="persons"), DetailFormSet(prefix="details")
    return render(request, "signals/new.html", _new_context(form, persons, details, channel))


def signal_add_entities(request: HttpRequest, pk: int) -> HttpResponse:
    """People and things found after intake, added by the chain director (matched after commit)."""
    user, signal = director_signal(request, pk)
    context: dict[str, Any] = {"signal": signal, "closed": signal.status == SignalStatus.CLOSED}
    if request.method != "POST":
        persons, details = PersonFormSet(prefix="persons"), DetailFormSet(prefix="details")
        return render(request, "signals/add_entities.html", {**context, "persons": persons, "details": details})
    data = request.POST
    if "add_person" in data or "add_detail" in data:
        data = _grow(data, "persons" if "add_person" in data else "details")
        persons, details = PersonFormSet(data, prefix="persons"), DetailFormSet(data, prefix="details")
        _without_errors(*persons, *details)
        return render(request, "signals/add_entities.html", {**context, "persons": persons, "details": details})
    persons, details = PersonFormSet(data, prefix="persons"), DetailFormSet(data, prefix="details")
    if persons.is_valid() and details.is_valid():
        entities = [f.cleaned_data["entity"] for f in [*persons, *details] if f.cleaned_data.get("entity")]
        try:
            added = services.signal_add_entities(actor=user, signal=signal, entities=entities)
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d toegevoegd. Schakel zoekt er nu koppelingen bij.",
                    "%(count)d toegevoegd. Schakel zoekt er nu koppelingen bij.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect(f"{reverse('signals:detail', args=[signal.pk])}#h-entities")
    context.update(persons=persons, details=details, invalid=True)
    return render(request, "signals/add_entities.html", context, status=400)


def _without_errors(*bound: Any) -> None:
    """Adding a row is not a submit: the re-rendered forms show no errors yet."""
    for form in bound:
        form._errors = ErrorDict()


def _new_context(form: SignalForm, persons: Any, details: Any, channel: str, unbound: bool = False) -> dict[str, Any]:
    if unbound:
        _without_errors(form, *persons, *details)
    return {"form": form, "persons": persons, "details": details, "channel": channel, "meldcode_steps": STEPS}


def signal_received(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get(actor=_user(request), pk=pk, purpose="bevestiging melding")
    return render(request, "signals/received.html", {"signal": signal})


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Zoeken"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Kenmerk (SG-…), postcode, straat, plaats of eigen kenmerk van de melder."),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Ingang"), required=False, choices=[("", gettext_lazy("Alle")), *Channel.choices]
    )
    form = forms.ChoiceField(
        label=gettext_lazy("Vorm"), required=False, choices=[("", gettext_lazy("Alle")), *ExploitationForm.choices]
    )
    district = forms.ModelChoiceField(
        label=gettext_lazy("Wijk"),
        required=False,
        queryset=District.objects.order_by("name"),
        empty_label=gettext_lazy("Alle"),
        to_field_name="code",
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("Urgentie"), required=False, choices=[("", gettext_lazy("Alle")), *Urgency.choices]
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle")),
            *SignalStatus.choices,
            ("with_partners", gettext_lazy("Bij ketenpartners (gedeeld of wacht op terugkoppeling)")),
        ],
    )
    punctuality = forms.ChoiceField(
        label=gettext_lazy("Termijn"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle")),
            ("on_time", gettext_lazy("Op tijd")),
            ("overdue", gettext_lazy("Over de termijn (alle)")),
            ("late", gettext_lazy("Te laat (tot 5 werkdagen)")),
            ("very_late", gettext_lazy("Ruim te laat (meer dan 5 werkdagen)")),
        ],
    )
    date_from = forms.DateField(
        label=gettext_lazy("Ontvangen vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Ontvangen tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned


def signal_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (user.has_perm("accounts.view_all_signals") or user.has_perm("accounts.report_signal")):
        raise Http404
    form = InboxFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Wrong filters show the errors and no signals, never an unfiltered list.
        page = selectors.InboxPage(signals=[], total=0, total_capped=False, next_cursor=None)
    else:
        filters = form.cleaned_data if form.is_bound else {}
        page = selectors.signal_inbox(actor=user, filters=filters, cursor=request.GET.get("na"))
    query = request.GET.copy()
    query.pop("na", None)
    context = {
        "form": form,
        "page": page,
        "is_inbox": user.has_perm("accounts.view_all_signals"),
        "query": query.urlencode(),
        "first_page": "na" in request.GET,
    }
    template = "signals/list.html#results" if getattr(request, "htmx", False) else "signals/list.html"
    return render(request, template, context)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Vraag aan de melder"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "De melder ziet deze vraag als hij of zij terugkomt met de meldcode. Zet er geen persoonsgegevens in."
        ),
        error_messages={"required": gettext_lazy("Schrijf een vraag.")},
    )


def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    signal = selectors.signal_get(actor=user, pk=pk)
    question_form = QuestionForm()
    if request.method == "POST":
        if not user.has_perm("accounts.view_all_signals") or signal.channel != Channel.PUBLIC:
            raise Http404
        question_form = QuestionForm(request.POST)
        if question_form.is_valid():
            services.reporter_question_ask(actor=user, signal=signal, text=question_form.cleaned_data["text"])
            messages.success(request, _("De vraag staat klaar voor de melder."))
            return redirect("signals:detail", pk=signal.pk)
    return render_signal_detail(request, signal, question_form=question_form)


def render_signal_detail(
    request: HttpRequest,
    signal: Any,
    *,
    bound: dict[str, Any] | None = None,
    question_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    from schakel.signals.workflow import punctuality
    from schakel.signals.workflow_views import workflow_forms

    user = _user(request)
    indicators = list(signal.indicators.order_by("code"))
    is_director = user.has_perm("accounts.view_all_signals")
    context: dict[str, Any] = {
        "signal": signal,
        "entities": selectors.entities_for(actor=user, signal=signal),
        "indicators": indicators,
        "scores": indicative_scores(indicators),
        "attachments": list(signal.attachments.all()),
        "reporter_messages": list(signal.reporter_messages.all()),
        "question_form": question_form or QuestionForm(),
        "can_ask": is_director and signal.channel == Channel.PUBLIC,
        "meldcode_questions": [(label, signal.meldcode_answers.get(key)) for key, label in QUESTIONS],
        "is_director": is_director,
        "punctuality": punctuality(signal),
    }
    if is_director:
        from schakel.entities.selectors import grouped_by_own, suggestions_for_signal

        context["suggestion_groups"] = grouped_by_own(suggestions_for_signal(actor=user, signal=signal))
        context["history"] = list(signal.status_changes.select_related("actor", "owner"))
        context["shares"] = list(signal.shares.select_related("partner", "legal_basis").prefetch_related("messages"))
        context.update(workflow_forms(signal, bound))
    return render(request, "signals/detail.html", context, status=status)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    user = _user(request)
    signal = selectors.signal_get(actor=user, pk=pk, purpose="bijlage openen")
    attachment = signal.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=attachment, purpose="bijlage openen")
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.download_name,
    )
    response["Cache-Control"] = "no-store"
    return response


__all__ = ["attachment_download", "require_POST", "signal_detail", "signal_list", "signal_new", "signal_received"]
