"""The anonymous public form: plain words, few fields, nothing that identifies the reporter."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching import normalise as n
from schakel.signals import entities
from schakel.signals.entities import EntityData
from schakel.signals.models import MinorInvolved

SITUATIONS = [
    ("labour", _("Werk: iemand wordt uitgebuit in zijn of haar werk")),
    ("sexual", _("Seks: iemand wordt gedwongen tot sekswerk")),
    ("criminal", _("Criminaliteit: iemand wordt gedwongen tot criminele activiteiten")),
    ("unknown", _("Iets anders of ik weet het niet")),
]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class PublicSignalForm(forms.Form):
    narrative = forms.CharField(
        label=_("Wat heeft u gezien of gehoord?"),
        help_text=_("Vertel zo precies mogelijk wat er gebeurt, wanneer en waar. Schrijf niet uw eigen naam op."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Beschrijf wat u heeft gezien of gehoord.")},
    )
    situation = forms.MultipleChoiceField(
        label=_("Waar gaat het over?"), choices=SITUATIONS, widget=forms.CheckboxSelectMultiple, required=False
    )
    danger_now = forms.ChoiceField(
        label=_("Is iemand nu in gevaar?"),
        choices=[("no", _("Nee")), ("yes", _("Ja"))],
        initial="no",
        widget=forms.RadioSelect,
        help_text=_("Bij direct gevaar: bel eerst 112."),
    )
    minor_involved = forms.ChoiceField(
        label=_("Is er iemand jonger dan 18 bij betrokken?"),
        choices=[("unknown", _("Weet ik niet")), ("yes", _("Ja")), ("no", _("Nee"))],
        initial="unknown",
        widget=forms.RadioSelect,
    )
    observed_on = forms.DateField(
        label=_("Wanneer was dit?"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    address = forms.CharField(
        label=_("Adres"), required=False, max_length=200, help_text=_("Bijvoorbeeld: Steenstraat 12, 6828 CC Arnhem.")
    )
    location_description = forms.CharField(
        label=_("Of beschrijf de plek"), required=False, max_length=300, help_text=_("Als u het adres niet weet.")
    )
    people = forms.CharField(
        label=_("Wie zijn erbij betrokken?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Namen als u die weet, of hoe iemand eruitziet."),
    )
    phones = forms.CharField(
        label=_("Telefoonnummers"), required=False, max_length=300, help_text=_("Meerdere? Scheid ze met een komma.")
    )
    plates = forms.CharField(
        label=_("Kentekens"), required=False, max_length=200, help_text=_("Meerdere? Scheid ze met een komma.")
    )
    links = forms.CharField(
        label=_("Websites of advertenties"),
        required=False,
        max_length=600,
        help_text=_("Links naar advertenties of profielen."),
    )
    # Honeypot: hidden from people (CSS and aria-hidden); bots fill it in.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    def clean_observed_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("observed_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value

    def _collect(self, field: str, builder: Any) -> list[EntityData]:
        found, errors = [], []
        for part in _split(self.cleaned_data.get(field) or ""):
            try:
                found.append(builder(part))
            except ValidationError:
                errors.append(part)
        if errors:
            self.add_error(field, _("Dit klopt niet: %(values)s") % {"values": ", ".join(errors)})
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        found: list[EntityData] = []
        found += self._collect("phones", entities.phone)
        found += self._collect("plates", entities.vehicle)
        found += self._collect("links", lambda part: entities.advert(part))
        address = (cleaned.get("address") or "").strip()
        cleaned["address_parts"] = None
        if address:
            parts = n.parse_address(address)
            if parts is None or parts.house_number is None:
                self.add_error("address", _("Vul een straat met huisnummer in, en als u die weet de postcode."))
            else:
                cleaned["address_parts"] = parts
        people = (cleaned.get("people") or "").strip()
        if people:
            found.append(entities.person(role="unknown", description=people[:300]))
        cleaned["entities"] = found
        cleaned["minor"] = {"yes": MinorInvolved.YES, "no": MinorInvolved.NO}.get(
            cleaned.get("minor_involved", ""), MinorInvolved.UNKNOWN
        )
        return cleaned


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Uw meldcode"),
        max_length=40,
        help_text=_("De code die u kreeg na uw melding, bijvoorbeeld ABCD-EFGH-…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class ReplyForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Uw antwoord of aanvulling"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Schrijf uw antwoord of aanvulling.")},
    )
