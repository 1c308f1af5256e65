"""The partner's inbox: shares to my organisation, acknowledge, ask, report back."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.http import acting_user as _user
from schakel.routing import selectors, services
from schakel.routing.models import FeedbackOutcome, SharePart


class PartnerQuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Vraag aan de ketenregisseur"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Wat hebben jullie gedaan?"), choices=[("", gettext_lazy("Kies…")), *FeedbackOutcome.choices]
    )
    text = forms.CharField(
        label=gettext_lazy("Toelichting en resultaat"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Zonder persoonsgegevens die de ketenregisseur niet nodig heeft."),
    )


def share_list(request: HttpRequest) -> HttpResponse:
    shares = list(selectors.share_list(actor=_user(request)))
    return render(request, "routing/share_list.html", {"shares": shares})


def share_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = _user(request)
    share = selectors.share_get(actor=user, uuid=uuid)
    question_form, feedback_form = PartnerQuestionForm(), FeedbackForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "acknowledge":
                services.share_acknowledge(actor=user, share=share)
                messages.success(request, _("Ontvangst bevestigd."))
                return redirect("routing:share_detail", uuid=share.uuid)
            if action == "question":
                question_form = PartnerQuestionForm(request.POST)
                if question_form.is_valid():
                    services.share_question(actor=user, share=share, text=question_form.cleaned_data["text"])
                    messages.success(request, _("Je vraag is naar de ketenregisseur gestuurd."))
                    return redirect("routing:share_detail", uuid=share.uuid)
            elif action == "feedback":
                feedback_form = FeedbackForm(request.POST)
                if feedback_form.is_valid():
                    services.share_feedback(
                        actor=user,
                        share=share,
                        outcome=feedback_form.cleaned_data["outcome"],
                        text=feedback_form.cleaned_data["text"],
                    )
                    messages.success(request, _("Dank je. Je terugkoppeling is vastgelegd."))
                    return redirect("routing:share_detail", uuid=share.uuid)
            else:
                raise Http404
        except ValidationError as error:
            target = feedback_form if action == "feedback" else question_form
            for field, errors in error.message_dict.items():
                target.add_error(field if field in target.fields else None, errors)
        status = 400
    context = {
        "share": share,
        "data": selectors.projection(share),
        "messages_list": list(share.messages.all()),
        "question_form": question_form,
        "feedback_form": feedback_form,
    }
    return render(request, "routing/share_detail.html", context, status=status)


def share_attachment(request: HttpRequest, uuid: str, attachment_pk: int) -> FileResponse:
    user = _user(request)
    share = selectors.share_get(actor=user, uuid=uuid, purpose="bijlage gedeeld signaal")
    if not share.has_part(SharePart.ATTACHMENTS):
        raise Http404
    attachment = share.signal.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=attachment, purpose="bijlage gedeeld signaal")
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.download_name,
    )
    response["Cache-Control"] = "no-store"
    return response
