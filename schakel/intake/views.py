"""The public anonymous reporting page: no account, no IP address kept, no cookies but CSRF.

The language is part of the URL (no language cookie); everything works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from schakel.core.models import Municipality
from schakel.intake import abuse
from schakel.intake.public_forms import PublicSignalForm, ReceiptForm, ReplyForm
from schakel.signals import services
from schakel.signals.models import Channel, MessageDirection, Urgency
from schakel.signals.services import Location, SignalInput

_SITUATION_FORMS = {"labour": "labour", "sexual": "sexual", "criminal": "criminal", "unknown": "unknown"}


def _language(lang: str | None) -> str:
    lang = lang or "nl"
    if lang not in settings.PUBLIC_LANGUAGES:
        raise Http404
    return lang


def _context(lang: str, **extra: Any) -> dict[str, Any]:
    languages = [translation.get_language_info(code) | {"code": code} for code in settings.PUBLIC_LANGUAGES]
    municipality = Municipality.objects.filter(code=settings.PUBLIC_MUNICIPALITY_CODE).first()
    return {"lang": lang, "public_languages": languages, "municipality": municipality, **extra}


def _too_many(request: HttpRequest, lang: str) -> HttpResponse:
    return render(request, "public/too_many.html", _context(lang), status=429)


# The public forms carry no ambient authority (no session, no account) for CSRF to protect;
# their signed form token does the anti-abuse work. Without the CSRF cookie the page sets no
# cookie at all and works for people who block cookies, so no report is lost to a 403.
@csrf_exempt
@login_not_required
@never_cache
def report(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    lang = _language(lang)
    with translation.override(lang):
        if not Municipality.objects.filter(code=settings.PUBLIC_MUNICIPALITY_CODE).exists():
            # A misconfigured deployment says so instead of failing on the first report.
            return render(request, "public/unavailable.html", _context(lang), status=503)
        if request.method != "POST":
            form = PublicSignalForm(initial={"form_token": abuse.new_form_token()})
            return render(request, "public/report.html", _context(lang, form=form))
        form = PublicSignalForm(request.POST)
        if abuse.rate_limited(request, "submit", settings.PUBLIC_SUBMIT_LIMIT, settings.PUBLIC_RATE_WINDOW_SECONDS):
            return _too_many(request, lang)
        token_problem = abuse.check_form_token(request.POST.get("form_token", ""))
        if request.POST.get("website") or token_problem:
            # Bots and stale pages get a fresh form; nothing is stored, nothing is said about why.
            fresh = request.POST.copy()
            fresh["form_token"] = abuse.new_form_token()
            form = PublicSignalForm(fresh)
            form.is_valid()
            form.add_error(None, _("Het versturen lukte niet. Controleer uw melding en verstuur hem opnieuw."))
            return render(request, "public/report.html", _context(lang, form=form), status=400)
        if not form.is_valid():
            return render(request, "public/report.html", _context(lang, form=form), status=400)
        data = form.cleaned_data
        parts = data.get("address_parts")
        location = Location(description=data.get("location_description") or "")
        if parts is not None:
            location = Location(
                street=parts.street or "",
                house_number=parts.house_number.number if parts.house_number else None,
                house_letter=parts.house_number.letter if parts.house_number else "",
                house_number_addition=(parts.house_number.addition if parts.house_number else "")[:4],
                postcode=parts.postcode or "",
                city=(parts.city or "").title(),
                description=data.get("location_description") or "",
            )
        signal_input = SignalInput(
            narrative=data["narrative"],
            forms=[_SITUATION_FORMS[s] for s in data.get("situation") or []],
            municipality=Municipality.objects.get(code=settings.PUBLIC_MUNICIPALITY_CODE),
            observed_on=data.get("observed_on"),
            location=location,
            entities=data["entities"],
            minor_involved=data["minor"],
            urgency=Urgency.ACUTE if data.get("danger_now") == "yes" else Urgency.NORMAL,
        )
        result = services.signal_submit(
            actor=None, channel=Channel.PUBLIC, data=signal_input, idempotency_key=f"form:{data['form_token']}"
        )
        return render(
            request,
            "public/received.html",
            _context(lang, signal=result.signal, receipt_code=result.receipt_code, created=result.created),
        )


@csrf_exempt
@login_not_required
@never_cache
def follow_up(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    lang = _language(lang)
    with translation.override(lang):
        if request.method != "POST":
            return render(request, "public/follow_up.html", _context(lang, form=ReceiptForm()))
        if abuse.rate_limited(request, "receipt", settings.PUBLIC_RECEIPT_LIMIT, settings.PUBLIC_RATE_WINDOW_SECONDS):
            return _too_many(request, lang)
        form = ReceiptForm(request.POST)
        reply_form = ReplyForm(request.POST) if "text" in request.POST else None
        signal = services.signal_by_receipt(request.POST.get("code", "")) if form.is_valid() else None
        if signal is None:
            if form.is_valid():
                form.add_error("code", _("Deze code kennen we niet. Controleer de code en probeer het opnieuw."))
            return render(request, "public/follow_up.html", _context(lang, form=form), status=400)
        sent = False
        if reply_form is not None and reply_form.is_valid():
            services.reporter_reply(signal=signal, text=reply_form.cleaned_data["text"])
            sent = True
            reply_form = None
        messages = list(signal.reporter_messages.all())
        return render(
            request,
            "public/conversation.html",
            _context(
                lang,
                code=form.cleaned_data["code"],
                signal=signal,
                messages_list=messages,
                open_questions=[m for m in messages if m.direction == MessageDirection.TO_REPORTER],
                reply_form=reply_form or ReplyForm(initial={"code": form.cleaned_data["code"]}),
                sent=sent,
            ),
        )
