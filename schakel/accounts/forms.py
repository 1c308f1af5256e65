from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("Het e-mailadres of het wachtwoord klopt niet."),
        "inactive": _("Dit account is niet actief."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("De zescijferige code uit je authenticator-app, of een herstelcode."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_token(self) -> str:
        value: str = self.cleaned_data["token"]
        return value.replace(" ", "").replace("-", "").strip().lower()


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit de app"),
        max_length=6,
        min_length=6,
        help_text=_("Zes cijfers, zoals je app ze nu toont."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"min_length": _("De code bestaat uit zes cijfers.")},
    )

    def clean_token(self) -> str:
        value: str = self.cleaned_data["token"].replace(" ", "")
        if not value.isdigit():
            raise forms.ValidationError(_("De code bestaat uit zes cijfers."))
        return value

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
