from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from schakel.accounts import selectors
from schakel.accounts.forms import EnrolForm, SignInForm, TokenForm
from schakel.accounts.middleware import second_factor_not_required
from schakel.accounts.models import User
from schakel.accounts.services import (
    recovery_codes_renew,
    sign_out_everywhere,
    totp_confirm,
    totp_pending_device,
    user_has_confirmed_totp,
)
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record

_NEXT_SESSION_KEY = "schakel_next"
_CODES_SESSION_KEY = "schakel_recovery_codes"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@method_decorator(login_not_required, name="dispatch")
class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = False

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        next_url = _safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next"))
        response = super().form_valid(form)
        if next_url:
            self.request.session[_NEXT_SESSION_KEY] = next_url
        return response

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:second_factor")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _finish_sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.session.pop(_NEXT_SESSION_KEY, None)
    return redirect(_safe_next(request, next_url) or "core:home")


@second_factor_not_required
def second_factor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect("core:home")
    if not user_has_confirmed_totp(user=user):
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_record(
                actor=user,
                action=AuditAction.SIGN_IN,
                obj=user,
                detail={"factor": "recovery_code" if device.__class__.__name__ == "StaticDevice" else "totp"},
            )
            return _finish_sign_in(request)
        audit_record(actor=user, action=AuditAction.SECOND_FACTOR_FAILED, obj=user)
        if _totp_throttled(user):
            form.add_error(
                "token",
                _(
                    "Deze code klopt niet. Na een onjuiste code moet je even wachten; probeer het over een minuut opnieuw."
                ),
            )
        else:
            form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code uit je app."))
    return render(request, "accounts/second_factor.html", {"form": form})


def _totp_throttled(user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return any(not device.verify_is_allowed()[0] for device in TOTPDevice.objects.filter(user=user, confirmed=True))


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    # Drop the XML declaration so the SVG can sit inline in the page.
    return svg[svg.find("<svg") :]


@second_factor_not_required
def enrol(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified() or user_has_confirmed_totp(user=user):  # type: ignore[attr-defined]
        return redirect("accounts:second_factor")
    device = totp_pending_device(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_confirm(actor=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            audit_record(actor=user, action=AuditAction.SIGN_IN, obj=user, detail={"factor": "totp"})
            request.session[_CODES_SESSION_KEY] = codes
            return redirect("accounts:recovery_codes")
        form.add_error(
            "token", _("Deze code klopt niet. Controleer de tijd op je telefoon en probeer de nieuwste code.")
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    context: dict[str, Any] = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - SVG generated by qrcode, no user input
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/enrol.html", context)


def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(_CODES_SESSION_KEY, None)
    if not codes:
        raise Http404
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    request.session[_CODES_SESSION_KEY] = recovery_codes_renew(actor=_user(request))
    return redirect("accounts:recovery_codes")


def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "accounts/account.html", {"account_user": user, "roles": selectors.role_labels(user=user)})


@second_factor_not_required
@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Je bent afgemeld."))
    return redirect("accounts:login")


@require_POST
def sign_out_all(request: HttpRequest) -> HttpResponse:
    sign_out_everywhere(actor=_user(request))
    logout(request)
    messages.success(request, _("Je bent op alle apparaten afgemeld."))
    return redirect("accounts:login")


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list(actor=_user(request))
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    organisation = selectors.organisation_get(actor=user, pk=pk)
    officers = None
    if user.has_perm("accounts.view_liaison_registry"):
        officers = selectors.liaison_officer_list(actor=user, organisation=organisation)
    return render(request, "accounts/organisation_detail.html", {"organisation": organisation, "officers": officers})


def liaison_list(request: HttpRequest) -> HttpResponse:
    officers = selectors.liaison_officer_list(actor=_user(request))
    return render(request, "accounts/liaison_list.html", {"officers": officers})
