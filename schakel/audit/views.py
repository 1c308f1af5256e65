from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.audit.selectors import audit_event_list


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Gebruiker (e-mailadres bevat)"), required=False, max_length=254)
    action = forms.ChoiceField(label=_("Handeling"), required=False, choices=[("", _("Alle")), *AuditAction.choices])
    object_type = forms.CharField(
        label=_("Soort gegeven"), required=False, max_length=80, help_text=_("Bijvoorbeeld accounts.user")
    )
    object_id = forms.CharField(label=_("Gegeven-id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("Vanaf datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(
        label=_("Tot en met datum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned


def event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Wrong filters show the errors and no events, never the unfiltered trail.
        events = AuditEvent.objects.none()
        if not user.has_perm("accounts.view_audit_trail"):
            raise Http404
    else:
        events = audit_event_list(actor=user, filters=form.cleaned_data if form.is_bound else {})
    page = Paginator(events, settings.AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "querystring_without_page": (query.urlencode() + "&") if query else "",
        "total": page.paginator.count,
    }
    template = "audit/event_list.html#results" if request.htmx else "audit/event_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


__all__ = ["AuditEvent", "event_list"]
