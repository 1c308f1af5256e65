"""Forms of the care pages. They parse input; the rules live in services.py and rules.py."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.care.models import (
    ComenshaReporter,
    CompensationStatus,
    ReflectionDecision,
    ReflectionOfferedBy,
    Sex,
    ShelterKind,
    ShelterStay,
    TrajectoryOutcome,
)
from schakel.core.models import Municipality
from schakel.intake.models import ExploitationForm


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class IdentityForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=200)
    date_of_birth = _date(_("Geboortedatum"), required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=40, required=False)
    address = forms.CharField(label=_("Adres of verblijfplaats"), max_length=300, required=False)
    id_number = forms.CharField(
        label=_("BSN of nummer identiteitsbewijs"),
        max_length=40,
        required=False,
        help_text=_("Alleen als het nodig is voor de hulp (inschrijving, uitkering, verzekering)."),
    )
    notes = forms.CharField(
        label=_("Aantekeningen"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TrajectoryForm(IdentityForm):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none(), empty_label=None)
    referred_on = _date(_("Aangemeld bij zorgcoördinatie op"))
    referring_organisation = forms.ModelChoiceField(
        label=_("Aangemeld door (organisatie)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Onbekend of zelfmelder"),
    )
    signal_reference = forms.CharField(
        label=_("Kenmerk signaal"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld SG-2026-000123, als het traject uit een signaal voortkomt."),
    )
    birth_year = forms.IntegerField(label=_("Geboortejaar"), required=False)
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = forms.CharField(label=_("Nationaliteit"), max_length=60, required=False)
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Vorm(en) van uitbuiting"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    field_order = [
        "municipality",
        "referred_on",
        "referring_organisation",
        "signal_reference",
        "birth_year",
        "sex",
        "nationality",
        "forms_of_exploitation",
        "full_name",
        "date_of_birth",
        "phone",
        "address",
        "id_number",
        "notes",
    ]

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = municipalities

    def clean_signal_reference(self) -> tuple[int, int] | None:
        from schakel.signals.models import parse_reference

        text = (self.cleaned_data.get("signal_reference") or "").strip()
        if not text:
            return None
        reference = parse_reference(text)
        if reference is None:
            raise ValidationError(_("Een kenmerk ziet eruit als SG-2026-000123."))
        return reference


class VictimForm(forms.Form):
    birth_year = forms.IntegerField(label=_("Geboortejaar"), required=False)
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices)
    nationality = forms.CharField(label=_("Nationaliteit"), max_length=60, required=False)
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Vorm(en) van uitbuiting"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ComenshaForm(forms.Form):
    registered_on = _date(_("Gemeld bij CoMensha op"))
    reporter = forms.ChoiceField(label=_("Gemeld door"), choices=[("", _("Kies…")), *ComenshaReporter.choices])
    consent = forms.TypedChoiceField(
        label=_("Toestemming van het slachtoffer"),
        choices=[("", _("Niet van toepassing")), ("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        help_text=_("Nodig als niet politie, KMar of Arbeidsinspectie meldt."),
    )
    consent_on = _date(_("Toestemming gegeven op"), required=False)


class ReflectionStartForm(forms.Form):
    starts_on = _date(_("Bedenktijd begint op"), help_text=_("De bedenktijd duurt ten hoogste drie kalendermaanden."))
    offered_by = forms.ChoiceField(label=_("Aangeboden door"), choices=ReflectionOfferedBy.choices)


class ReflectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), choices=[("", _("Kies…")), *[c for c in ReflectionDecision.choices if c[0]]]
    )
    decision_on = _date(_("Besluit genomen op"))


class ShelterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort opvang"), choices=[("", _("Kies…")), *ShelterKind.choices])
    starts_on = _date(_("Begint op"))
    ends_on = _date(_("Eindigt op"), required=False)


class ShelterEndForm(forms.Form):
    stay = forms.ModelChoiceField(label=_("Verblijf"), queryset=ShelterStay.objects.none(), empty_label=_("Kies…"))
    ends_on = _date(_("Opvang geëindigd op"))

    def __init__(self, *args: Any, stays: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stay"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = stays


class NonPunishmentForm(forms.Form):
    applies = forms.BooleanField(
        label=_("Non-punishment beginsel van toepassing"),
        required=False,
        help_text=_("Voor slachtoffers van criminele uitbuiting die als verdachte in beeld zijn."),
    )
    note = forms.CharField(
        label=_("Toelichting non-punishment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompensationForm(forms.Form):
    status = forms.ChoiceField(label=_("Schadevergoeding"), choices=CompensationStatus.choices, required=False)
    on = _date(_("Datum"), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=[("", _("Kies…")), *TrajectoryOutcome.choices])
    closed_on = _date(_("Afgesloten op"))
    note = forms.CharField(
        label=_("Toelichting uitkomst"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reden om te heropenen"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthField(forms.CharField):
    """A month as ``jjjj-mm`` (the browser's month picker sends that)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, date) else value

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        match = _MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(_("Vul een maand in als jjjj-mm, bijvoorbeeld 2026-03."), code="invalid")
        return date(int(match.group(1)), int(match.group(2)), 1)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        error_messages={
            "min_value": _("Een aantal kan niet negatief zijn."),
            "invalid": _("Vul een heel getal in."),
            "required": _("Vul een aantal in (0 als er niets was)."),
        },
    )


class MonthBaseForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none(), empty_label=None)
    month = MonthField(label=_("Maand"), help_text=_("Bijvoorbeeld 2026-03."))

    count_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = municipalities

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.count_fields}


class SupportPointMonthForm(MonthBaseForm):
    visits = _count(_("Bezoeken"))
    new_clients = _count(_("Nieuwe cliënten"))
    referrals = _count(_("Doorverwijzingen"))
    count_fields = ("visits", "new_clients", "referrals")


class ConsiderationHouseMonthForm(MonthBaseForm):
    stays_started = _count(_("Verblijven begonnen"))
    exits = _count(_("Vertrokken"))
    exits_left_sex_work = _count(_("Vertrokken en gestopt met sekswerk"))
    count_fields = ("stays_started", "exits", "exits_left_sex_work")
