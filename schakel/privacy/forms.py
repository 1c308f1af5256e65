from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.privacy.models import DataSubjectRequestKind


class HoldForm(forms.Form):
    reference = forms.CharField(
        label=_("Kenmerk van het signaal"), max_length=40, help_text=_("Bijvoorbeeld SG-2025-000123.")
    )
    reason = forms.CharField(
        label=_("Reden van de bewaarplicht"),
        max_length=300,
        help_text=_("Bijvoorbeeld een lopende klacht, rechtszaak of onderzoek. Geen namen."),
    )


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Reden om op te heffen"), max_length=300)


class RequestForm(forms.Form):
    reference = forms.CharField(
        label=_("Kenmerk van het verzoek"), max_length=60, help_text=_("Het zaaknummer van het verzoek.")
    )
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=DataSubjectRequestKind.choices)
    reason = forms.CharField(
        label=_("Reden / toelichting"),
        max_length=300,
        help_text=_("Waarom u zoekt, bijvoorbeeld 'inzageverzoek van betrokkene per brief'. Geen namen."),
    )


class SearchForm(forms.Form):
    name = forms.CharField(label=_("Naam"), required=False, max_length=200)
    birth_date = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mailadres"), required=False, max_length=200)
    address = forms.CharField(
        label=_("Adres"), required=False, max_length=200, help_text=_("Straat en huisnummer met postcode of plaats.")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(key) for key in ("name", "phone", "email", "address")):
            raise forms.ValidationError(_("Vul ten minste een naam, telefoonnummer, e-mailadres of adres in."))
        return cleaned


class PersonRectifyForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    birth_date = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ValueRectifyForm(forms.Form):
    value = forms.CharField(label=_("Juiste waarde"), max_length=300)


class ReviewForm(forms.Form):
    period_from = forms.DateField(label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    multiple = forms.FloatField(
        label=_("Signaal bij meer dan … keer de mediaan van de rol"), required=False, min_value=1.0, initial=3.0
    )
    absolute = forms.IntegerField(
        label=_("Signaal bij meer dan … inzages in de periode"), required=False, min_value=1, initial=500
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("period_from") and cleaned.get("period_to") and cleaned["period_from"] > cleaned["period_to"]:
            self.add_error("period_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned
