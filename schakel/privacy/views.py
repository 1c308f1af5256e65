"""The privacy officer's pages. Everyone else gets 404 on every one of them (need-to-know)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.audit.services import audit_read
from schakel.core.http import acting_user as _user
from schakel.core.pdf import SchakelPDF
from schakel.privacy import selectors, services
from schakel.privacy.access import privacy_view
from schakel.privacy.adapters import ADAPTERS
from schakel.privacy.forms import (
    HoldForm,
    LiftForm,
    PersonRectifyForm,
    RequestForm,
    ReviewForm,
    SearchForm,
    ValueRectifyForm,
)
from schakel.privacy.models import DataSubjectRequest
from schakel.privacy.retention import PREVIEW_DAYS, preview
from schakel.signals.models import EntityKind, SignalEntity


def _errors(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


@privacy_view
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assert user.municipality is not None
    rules = preview(municipality_id=user.municipality.pk)
    holds = list(selectors.hold_list(actor=user))
    references = selectors.hold_references(holds)
    initial = {"reference": request.GET.get("kenmerk", "")[:40]}
    from schakel.audit.models import AuditAction
    from schakel.audit.services import audit_record

    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="privacy.retentionrule",
        purpose="bewaartermijnen: vooruitblik",
        detail={"records": sum(len(r.rows) for r in rules)},
    )
    return render(
        request,
        "privacy/overview.html",
        {
            "rules": rules,
            "days": PREVIEW_DAYS,
            "holds": [(hold, references.get(hold.object_id, "")) for hold in holds],
            "hold_form": HoldForm(initial=initial),
            "lift_form": LiftForm(),
            "total": sum(r.count for r in rules),
        },
    )


@privacy_view
@require_POST
def hold_place(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.legal_hold_place(
                actor=user,
                record_type="signal",
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("reference", _errors(exc))
        else:
            messages.success(
                request,
                _("Bewaarplicht geplaatst op %(ref)s. Het signaal wordt niet verwijderd of geanonimiseerd.")
                % {"ref": form.cleaned_data["reference"].strip().upper()},
            )
            return redirect("privacy:overview")
    user_municipality = user.municipality
    assert user_municipality is not None
    holds = list(selectors.hold_list(actor=user))
    references = selectors.hold_references(holds)
    rules = preview(municipality_id=user_municipality.pk)
    return render(
        request,
        "privacy/overview.html",
        {
            "rules": rules,
            "days": PREVIEW_DAYS,
            "holds": [(hold, references.get(hold.object_id, "")) for hold in holds],
            "hold_form": form,
            "lift_form": LiftForm(),
            "total": sum(r.count for r in rules),
        },
        status=400,
    )


@privacy_view
@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hold = selectors.hold_get(actor=user, pk=pk)
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            services.legal_hold_lift(actor=user, hold=hold, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("De bewaarplicht is opgeheven."))
    else:
        messages.error(request, _("Geef een reden om de bewaarplicht op te heffen."))
    return redirect("privacy:overview")


@privacy_view
def tombstones(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.tombstone_list(actor=user), settings.AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {code: adapter.label for code, adapter in ADAPTERS.items()}
    return render(
        request,
        "privacy/tombstones.html",
        {
            "page_obj": page,
            "labels": labels,
            "querystring_without_page": "",
            "total": page.paginator.count,
        },
    )


@privacy_view
def requests(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.dsr_create(actor=user, **form.cleaned_data)
        return redirect("privacy:request_detail", pk=created.pk)
    return render(
        request,
        "privacy/requests.html",
        {"form": form, "requests": selectors.request_list(actor=user)[:100]},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@privacy_view
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    dsr = selectors.request_get(actor=user, pk=pk)
    form = SearchForm(request.POST or None)
    hits = None
    if request.method == "POST" and form.is_valid():
        try:
            hits = services.dsr_search(actor=user, request=dsr, terms=services.SearchTerms(**form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
    return render(
        request,
        "privacy/request_detail.html",
        {"dsr": dsr, "form": form, "hits": hits},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _selected(request: HttpRequest) -> list[int]:
    ids = []
    for value in request.GET.getlist("entiteit"):
        if value.isdigit():
            ids.append(int(value))
    return ids[:200]


def _report(request: HttpRequest, pk: int, fmt: str) -> tuple[DataSubjectRequest, selectors.PersonReport]:
    user = _user(request)
    dsr = selectors.request_get(actor=user, pk=pk)
    return dsr, selectors.person_report(actor=user, request=dsr, entity_ids=_selected(request), fmt=fmt)


@privacy_view
def report_html(request: HttpRequest, pk: int) -> HttpResponse:
    dsr, report = _report(request, pk, "html")
    response = render(request, "privacy/report.html", {"dsr": dsr, "report": report})
    response["Cache-Control"] = "no-store"
    return response


def _attributes(entity: SignalEntity) -> str:
    labels = {
        "name": _("naam"),
        "birth_date": _("geboortedatum"),
        "birth_year": _("geboortejaar"),
        "age": _("leeftijd"),
        "sex": _("geslacht"),
        "nationality": _("nationaliteit"),
        "languages": _("talen"),
        "description": _("omschrijving"),
        "e164": _("telefoonnummer"),
        "email": _("e-mailadres"),
        "street": _("straat"),
        "house_number": _("huisnummer"),
        "postcode": _("postcode"),
        "city": _("plaats"),
    }
    parts = [f"{labels[key]}: {value}" for key, value in (entity.attributes or {}).items() if key in labels and value]
    return "; ".join(parts)


@privacy_view
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dsr, report = _report(request, pk, "pdf")
    pdf = SchakelPDF(title=_("Overzicht verwerkte gegevens – %(ref)s") % {"ref": dsr.reference})
    pdf.heading(_("Overzicht van verwerkte persoonsgegevens"))
    pdf.paragraph(
        _("Verzoek %(ref)s (%(kind)s). Opgesteld op %(date)s.")
        % {
            "ref": dsr.reference,
            "kind": dsr.get_kind_display(),
            "date": timezone.localtime(report.generated_at).strftime("%d-%m-%Y %H:%M"),
        }
    )
    if not report.signals:
        pdf.paragraph(_("Er zijn geen gegevens geselecteerd."))
    for item in report.signals:
        signal = item.signal
        pdf.heading(_("Signaal %(ref)s") % {"ref": signal.reference}, level=2)
        pdf.paragraph(
            _("Ontvangen op %(received)s via %(channel)s. Status: %(status)s. Uitkomst: %(outcome)s.")
            % {
                "received": timezone.localtime(signal.received_at).strftime("%d-%m-%Y"),
                "channel": signal.get_channel_display(),
                "status": signal.get_status_display(),
                "outcome": signal.get_outcome_display() or "—",
            }
        )
        pdf.table_rows(
            [_("Soort"), _("Rol"), _("Vastgelegd")],
            [[e.get_kind_display(), e.get_role_display() or "—", _attributes(e) or e.display] for e in item.entities],
        )
        pdf.heading(_("Wat er is gemeld"), level=3)
        pdf.paragraph(item.narrative or "—")
        attachments = signal.attachments.count()
        if attachments:
            pdf.paragraph(
                _(
                    "Bijlagen bij dit signaal: %(n)s. Niet opgenomen; apart te verstrekken na controle op gegevens "
                    "van derden."
                )
                % {"n": attachments}
            )
        if item.shares:
            pdf.heading(_("Gedeeld met"), level=3)
            pdf.table_rows(
                [_("Ketenpartner"), _("Datum"), _("Grondslag"), _("Doel")],
                [
                    [
                        share.partner.name,
                        timezone.localtime(share.shared_at).strftime("%d-%m-%Y"),
                        str(share.legal_basis),
                        share.purpose,
                    ]
                    for share in item.shares
                ],
            )
    response = HttpResponse(pdf.output_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{dsr.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@privacy_view
def rectify(request: HttpRequest, pk: int, entity: int) -> HttpResponse:
    user = _user(request)
    dsr = selectors.request_get(actor=user, pk=pk)
    item = selectors.request_entity(actor=user, request=dsr, pk=entity)
    is_person = item.kind == EntityKind.PERSON
    form_class: Any = PersonRectifyForm if is_person else ValueRectifyForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.rectify_entity(actor=user, request=dsr, entity=item, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Het gegeven is gecorrigeerd."))
                return redirect("privacy:request_detail", pk=dsr.pk)
    else:
        attributes = item.attributes or {}
        initial = (
            {"name": attributes.get("name", ""), "birth_date": attributes.get("birth_date")}
            if is_person
            else {"value": item.display}
        )
        form = form_class(initial=initial)
        audit_read(actor=user, obj=item, purpose="verzoek betrokkene: rectificatie")
    return render(
        request,
        "privacy/rectify.html",
        {"dsr": dsr, "entity": item, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@privacy_view
def erase(request: HttpRequest, pk: int, entity: int) -> HttpResponse:
    user = _user(request)
    dsr = selectors.request_get(actor=user, pk=pk)
    item = selectors.request_entity(actor=user, request=dsr, pk=entity)
    if request.method == "POST":
        try:
            replaced = services.erase_entity(actor=user, request=dsr, entity=item)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request,
                _("Het gegeven is gewist; %(n)s vermelding(en) in vrije tekst vervangen door [gewist].")
                % {"n": replaced},
            )
            return redirect("privacy:request_detail", pk=dsr.pk)
    else:
        audit_read(actor=user, obj=item, purpose="verzoek betrokkene: wissen")
    return render(request, "privacy/erase.html", {"dsr": dsr, "entity": item})


@privacy_view
def review(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ReviewForm(request.GET or None)
    options: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        options = {key: value for key, value in form.cleaned_data.items() if value is not None}
    data = selectors.access_review(actor=user, **options)
    rows = [(row, selectors.role_labels(row.roles)) for row in data.rows]
    return render(request, "privacy/review.html", {"form": form, "review": data, "rows": rows})
