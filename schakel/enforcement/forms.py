"""Forms of the enforcement pages; every error in Dutch, next to its field."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from matching import normalise as n
from schakel.accounts.models import Organisation, OrganisationType
from schakel.cases.models import Case
from schakel.core.models import District, Municipality
from schakel.enforcement.models import (
    AgeBand,
    HousingAddress,
    Inspection,
    Measure,
    MeasureStatus,
    Premises,
    PremisesType,
)
from schakel.enforcement.workflow import allowed_targets
from schakel.intake.models import ExploitationForm, Indicator, IndicatorCategory
from schakel.signals.entities import NATIONALITIES
from schakel.signals.models import Sex, Urgency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def postcode_field() -> forms.CharField:
    # Wider than the stored six characters: people type "6811 AB"; clean_postcode normalises.
    return forms.CharField(label=_("Postcode"), max_length=8, help_text=_("Bijvoorbeeld 6811 AB."))


def kvk_field(label: Any) -> forms.CharField:
    # Wider than the stored eight digits: people type "KvK 1234 5678"; the clean method normalises.
    return forms.CharField(label=label, max_length=24, required=False, help_text=_("8 cijfers."))


class AddressMixin:
    cleaned_data: dict[str, Any]

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        code = n.normalise_postcode(value)
        if not code:
            raise ValidationError(_("Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 6811 AB."))
        return code

    def clean_house_number(self) -> str:
        value = (self.cleaned_data.get("house_number") or "").strip()
        parsed = n.parse_house_number(value)
        if parsed is None:
            raise ValidationError(_("Een huisnummer begint met een getal, bijvoorbeeld 12, 12a of 12-2."))
        return parsed.key()


class PremisesForm(AddressMixin, forms.ModelForm):
    postcode = postcode_field()
    operator_kvk = kvk_field(_("KvK-nummer exploitant"))

    class Meta:
        model = Premises
        fields = [
            "name",
            "type",
            "street",
            "house_number",
            "postcode",
            "city",
            "district",
            "operator_name",
            "operator_kvk",
            "permit_number",
            "permit_valid_from",
            "permit_valid_until",
            "permit_conditions",
            "bibob_status",
            "quality_mark",
            "notes",
        ]
        widgets = {
            "permit_valid_from": DATE,
            "permit_valid_until": DATE,
            "permit_conditions": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = District.objects.filter(municipality=municipality).order_by("name")
        district.empty_label = _("Onbekend")

    def clean_operator_kvk(self) -> str:
        value = (self.cleaned_data.get("operator_kvk") or "").strip()
        if not value:
            return ""
        kvk = n.normalise_kvk(value)
        if not kvk:
            raise ValidationError(_("Een KvK-nummer bestaat uit 8 cijfers."))
        return kvk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("permit_valid_from"), cleaned.get("permit_valid_until")
        if start and end and end < start:
            self.add_error("permit_valid_until", _("De einddatum ligt vóór de begindatum."))
        if cleaned.get("type") == PremisesType.LICENSED_SEX and not cleaned.get("permit_number"):
            self.add_error("permit_number", _("Een vergunde seksinrichting heeft een vergunningnummer."))
        if cleaned.get("operator_kvk") and not cleaned.get("operator_name"):
            self.add_error("operator_name", _("Vul ook de naam van de exploitant in."))
        return cleaned


class HousingAddressForm(AddressMixin, forms.ModelForm):
    postcode = postcode_field()

    class Meta:
        model = HousingAddress
        fields = ["street", "house_number", "postcode", "city", "workers"]


def partner_organisations() -> Any:
    return Organisation.objects.filter(is_active=True).exclude(type=OrganisationType.MUNICIPALITY_DEPARTMENT)


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["type", "sector", "date", "premises", "partners", "description"]
        widgets = {
            "date": DATE,
            "premises": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        premises = self.fields["premises"]
        assert isinstance(premises, forms.ModelMultipleChoiceField)
        premises.queryset = Premises.objects.filter(municipality=municipality).order_by("name")
        partners = self.fields["partners"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)
        partners.queryset = partner_organisations().order_by("name")


CHECK_CHOICES = [("", _("Niet beoordeeld")), ("seen", _("Gezien")), ("not_seen", _("Niet gezien"))]


class FindingsForm(forms.Form):
    """The trafficking checklist (one select per indicator) and the irregularities."""

    irregularities = forms.CharField(
        label=_("Geconstateerde onregelmatigheden"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Feiten, geen namen: bijvoorbeeld brandveiligheid, overbewoning, ontbrekende vergunning."),
    )

    def __init__(self, *args: Any, initial_checklist: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        english = (get_language() or "nl").startswith("en")
        labels = dict(IndicatorCategory.choices)
        self.groups: OrderedDict[str, list[str]] = OrderedDict()
        initial_checklist = initial_checklist or {}
        for indicator in Indicator.objects.filter(catalogue__status="published").order_by("category", "code"):
            name = f"ind_{indicator.code}"
            self.fields[name] = forms.ChoiceField(
                label=f"{indicator.code} {indicator.label_en if english else indicator.label_nl}",
                choices=CHECK_CHOICES,
                required=False,
                initial=initial_checklist.get(indicator.code, ""),
            )
            self.groups.setdefault(str(labels.get(indicator.category, indicator.category)), []).append(name)

    def indicator_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(category, [self[name] for name in names]) for category, names in self.groups.items()]

    def checklist(self) -> tuple[list[str], list[str]]:
        seen: list[str] = []
        not_seen: list[str] = []
        for name, value in self.cleaned_data.items():
            if name.startswith("ind_") and value:
                (seen if value == "seen" else not_seen).append(name[4:])
        return seen, not_seen


class CountForm(forms.Form):
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age_band = forms.ChoiceField(label=_("Leeftijd"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN)
    nationality = forms.ChoiceField(label=_("Nationaliteit"), choices=NATIONALITIES, initial="XX")
    count = forms.IntegerField(label=_("Aantal"), min_value=0, max_value=999, required=False)


CountFormSet = forms.formset_factory(CountForm, extra=3, max_num=40, validate_max=True)


class CreateSignalsForm(forms.Form):
    premises = forms.ModelMultipleChoiceField(
        label=_("Voor welke panden?"),
        queryset=Premises.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Per pand komt er één signaal, met het adres van het pand als plaats."),
        error_messages={"required": _("Kies een of meer panden.")},
    )
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Om welke vorm van uitbuiting gaat het mogelijk?"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAL)
    narrative = forms.CharField(
        label=_("Wat is er gezien"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("Vooraf ingevuld uit de bevindingen. Geen namen of andere persoonsgegevens."),
        error_messages={"required": _("Beschrijf wat er is gezien.")},
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        premises = self.fields["premises"]
        assert isinstance(premises, forms.ModelMultipleChoiceField)
        premises.queryset = inspection.premises.order_by("name")


class MeasureForm(forms.ModelForm):
    organisation_kvk = kvk_field(_("KvK-nummer organisatie"))
    intention_date = forms.DateField(
        label=_("Datum voornemen"),
        widget=DATE,
        initial=timezone.localdate,
        help_text=_("De zienswijzetermijn telt vanaf deze datum."),
    )

    class Meta:
        model = Measure
        fields = [
            "type",
            "legal_basis",
            "premises",
            "organisation_name",
            "organisation_kvk",
            "inspection",
            "case",
            "description",
            "amount",
            "effective_from",
            "effective_until",
        ]
        widgets = {"effective_from": DATE, "effective_until": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"legal_basis": _("Bijvoorbeeld: artikel 174a Gemeentewet; artikel 3:4 APV Arnhem.")}

    def __init__(self, *args: Any, municipality: Municipality, cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.fields["case"]
        assert isinstance(case, forms.ModelChoiceField)
        # Only the cases the user may see (an inspector sees those their organisation takes part in).
        case.queryset = cases if cases is not None else Case.objects.none()
        case.empty_label = _("Geen casus")
        case.label_from_instance = lambda obj: f"{obj.code} – {obj.title}"  # type: ignore[method-assign]
        premises = self.fields["premises"]
        assert isinstance(premises, forms.ModelChoiceField)
        premises.queryset = Premises.objects.filter(municipality=municipality).order_by("name")
        premises.empty_label = _("Geen pand")
        inspection = self.fields["inspection"]
        assert isinstance(inspection, forms.ModelChoiceField)
        inspection.queryset = Inspection.objects.filter(municipality=municipality).order_by("-date")
        inspection.empty_label = _("Geen controle")

    def clean_organisation_kvk(self) -> str:
        value = (self.cleaned_data.get("organisation_kvk") or "").strip()
        if not value:
            return ""
        kvk = n.normalise_kvk(value)
        if not kvk:
            raise ValidationError(_("Een KvK-nummer bestaat uit 8 cijfers."))
        return kvk

    def clean_intention_date(self) -> Any:
        value = self.cleaned_data.get("intention_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("premises") and not (cleaned.get("organisation_name") or "").strip():
            self.add_error("organisation_name", _("Kies een pand of vul een organisatie in."))
        start, end = cleaned.get("effective_from"), cleaned.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", _("De einddatum ligt vóór de ingangsdatum."))
        return cleaned


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Volgende stap"), choices=[])
    on_date = forms.DateField(label=_("Datum"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MeasureStatus.choices)
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [(s, labels[s]) for s in allowed_targets(measure.status)]
