"""Forms of the internal and partner doors; every error in Dutch, next to its field."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from matching import normalise as n
from schakel.core.models import District
from schakel.intake.meldcode import QUESTIONS
from schakel.intake.models import ExploitationForm, Indicator, IndicatorCategory
from schakel.signals import entities
from schakel.signals.models import (
    Channel,
    EntityKind,
    InformationReliability,
    MinorInvolved,
    PersonRole,
    Sex,
    SourceReliability,
    Urgency,
)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Only these types, recognised by their first bytes, never by the name or browser's claim.
_MAGIC = [(b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg")]


def sniff_type(upload: UploadedFile) -> str | None:
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Je kunt hoogstens %(max)s bestanden toevoegen.") % {"max": MAX_ATTACHMENTS})
        cleaned = []
        for upload in files:
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise ValidationError(_("Het bestand %(name)s is groter dan 10 MB.") % {"name": upload.name})
            content_type = sniff_type(upload)
            if content_type is None:
                raise ValidationError(
                    _("Het bestand %(name)s is geen PDF, PNG of JPEG. Andere soorten bestanden kunnen niet.")
                    % {"name": upload.name}
                )
            upload.content_type = content_type
            cleaned.append(upload)
        return cleaned


def indicator_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The published catalogue's indicators grouped by category, in the user's language."""
    english = (get_language() or "nl").startswith("en")
    grouped: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()
    labels = dict(IndicatorCategory.choices)
    for indicator in Indicator.objects.filter(catalogue__status="published").order_by("category", "code"):
        label = indicator.label_en if english else indicator.label_nl
        grouped.setdefault(str(labels.get(indicator.category, indicator.category)), []).append((indicator.code, label))
    return list(grouped.items())


class SignalForm(forms.Form):
    narrative = forms.CharField(
        label=_("Wat heb je gezien of gehoord?"),
        help_text=_("Beschrijf zo precies mogelijk wat je zag of hoorde, wanneer en bij wie. Feiten, geen conclusies."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": _("Beschrijf wat je hebt gezien of gehoord.")},
    )
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Om welke vorm van uitbuiting gaat het mogelijk?"),
        help_text=_("Kies alles wat kan passen. Weet je het niet, kies dan 'Onbekend'."),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("Hoe urgent is het?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
        help_text=_("Is iemand nu in gevaar? Bel eerst 112 en meld daarna hier."),
    )
    minor_involved = forms.ChoiceField(
        label=_("Is er een minderjarige (jonger dan 18) betrokken?"),
        choices=MinorInvolved.choices,
        initial=MinorInvolved.UNKNOWN,
        widget=forms.RadioSelect,
    )
    observed_on = forms.DateField(
        label=_("Wanneer was dit?"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    street = forms.CharField(label=_("Straat"), required=False, max_length=120)
    house_number = forms.CharField(
        label=_("Huisnummer"),
        required=False,
        max_length=12,
        help_text=_("Met letter of toevoeging, bijvoorbeeld 12a of 12-2."),
    )
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7, help_text=_("Bijvoorbeeld 6811 AB."))
    city = forms.CharField(label=_("Plaats"), required=False, max_length=80, initial="Arnhem")
    district = forms.ModelChoiceField(
        label=_("Wijk"), queryset=District.objects.none(), required=False, empty_label=_("Weet ik niet")
    )
    location_description = forms.CharField(
        label=_("Of beschrijf de plek"),
        required=False,
        max_length=300,
        help_text=_("Als er geen adres is, bijvoorbeeld 'parkeerplaats achter het station'."),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Wat viel je op?"),
        help_text=_("Vink aan wat je hebt gezien. Eén signaal zegt op zichzelf weinig; de combinatie telt."),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    source_reliability = forms.ChoiceField(
        label=_("Hoe betrouwbaar is de bron?"), choices=SourceReliability.choices, initial=SourceReliability.UNKNOWN
    )
    information_reliability = forms.ChoiceField(
        label=_("Hoe betrouwbaar is de informatie?"),
        choices=InformationReliability.choices,
        initial=InformationReliability.UNKNOWN,
    )
    meldcode_applicable = forms.BooleanField(
        label=_("Ik werk onder de meldcode huiselijk geweld en kindermishandeling"),
        help_text=_(
            "Bijvoorbeeld in zorg, onderwijs, kinderopvang, jeugdhulp of justitie. Dan helpt Schakel je met de afweging."
        ),
        required=False,
    )
    partner_reference = forms.CharField(label=_("Eigen kenmerk van je organisatie"), required=False, max_length=80)
    attachments = AttachmentsField(
        label=_("Bijlagen"),
        required=False,
        help_text=_("Foto's, schermafbeeldingen van advertenties of PDF's. Hoogstens 5 bestanden van elk 10 MB."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, channel: str = Channel.INTERNAL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel = channel
        indicators = self.fields["indicators"]
        assert isinstance(indicators, forms.MultipleChoiceField)
        self.indicator_catalogue = indicator_choices()
        indicators.choices = self.indicator_catalogue
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = District.objects.order_by("name")
        for key, label in QUESTIONS:
            self.fields[f"meldcode_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=[("", _("Nog niet beantwoord")), ("yes", _("Ja")), ("no", _("Nee"))],
                required=False,
                coerce=lambda value: {"yes": True, "no": False}.get(value),
                empty_value=None,
            )
        if channel != Channel.PARTNER:
            del self.fields["partner_reference"]

    def clean_observed_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("observed_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and not n.normalise_postcode(value):
            raise ValidationError(_("Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 6811 AB."))
        return n.normalise_postcode(value) or ""

    def clean_house_number(self) -> Any:
        value = (self.cleaned_data.get("house_number") or "").strip()
        if not value:
            return None
        parsed = n.parse_house_number(value)
        if parsed is None:
            raise ValidationError(_("Een huisnummer begint met een getal, bijvoorbeeld 12, 12a of 12-2."))
        return parsed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_address_part = any(cleaned.get(name) for name in ("street", "house_number", "postcode"))
        if has_address_part:
            if not cleaned.get("house_number") and "house_number" not in self.errors:
                self.add_error("house_number", _("Vul ook het huisnummer in."))
            if (
                not cleaned.get("postcode")
                and not (cleaned.get("street") and cleaned.get("city"))
                and "postcode" not in self.errors
            ):
                self.add_error("postcode", _("Vul de postcode in, of de straat en de plaats."))
        cleaned["meldcode_answers"] = {key: cleaned.get(f"meldcode_{key}") for key, _label in QUESTIONS}
        return cleaned

    def indicator_groups(self) -> list[tuple[str, list[Any]]]:
        """The checkbox widgets per category, for fieldsets in the template."""
        widgets = list(self["indicators"])
        groups: list[tuple[str, list[Any]]] = []
        index = 0
        for category, options in self.indicator_catalogue:
            groups.append((category, widgets[index : index + len(options)]))
            index += len(options)
        return groups

    def meldcode_fields(self) -> list[forms.BoundField]:
        return [self[f"meldcode_{key}"] for key, _label in QUESTIONS]


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=PersonRole.choices, initial=PersonRole.UNKNOWN)
    name = forms.CharField(label=_("Naam"), required=False, max_length=150)
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=300,
        help_text=_("Als je de naam niet weet: uiterlijk, kleding, taal."),
    )
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices, initial=Sex.UNKNOWN)
    age = forms.IntegerField(label=_("Geschatte leeftijd"), required=False, min_value=0, max_value=120)
    birth_date = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    nationality = forms.ChoiceField(
        label=_("Nationaliteit"), required=False, choices=[("", _("Onbekend")), *entities.NATIONALITIES]
    )
    languages = forms.CharField(label=_("Talen"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.has_changed() or self.errors:
            return cleaned
        try:
            cleaned["entity"] = entities.person(
                role=cleaned.get("role") or PersonRole.UNKNOWN,
                name=cleaned.get("name") or "",
                description=cleaned.get("description") or "",
                sex=cleaned.get("sex") or Sex.UNKNOWN,
                age=cleaned.get("age"),
                birth_date=cleaned.get("birth_date"),
                nationality=cleaned.get("nationality") or "",
                languages=cleaned.get("languages") or "",
            )
        except ValidationError as error:
            field = (
                "name" if error.code == "required" else ("birth_date" if "geboorte" in str(error.message) else "name")
            )
            self.add_error(field, error)
        return cleaned


class DetailForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort gegeven"),
        choices=[("", _("Kies…")), *[(k, label) for k, label in EntityKind.choices if k != EntityKind.PERSON]],
        required=False,
    )
    value = forms.CharField(
        label=_("Gegeven"),
        required=False,
        max_length=300,
        help_text=_("Adres, bedrijfsnaam, kenteken, telefoonnummer, e-mailadres, link of IBAN."),
    )
    extra = forms.CharField(label=_("KvK-nummer of advertentienummer"), required=False, max_length=40)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value, extra = cleaned.get("kind"), cleaned.get("value") or "", cleaned.get("extra") or ""
        if not kind and not value and not extra:
            return cleaned
        if not kind:
            self.add_error("kind", _("Kies wat voor gegeven dit is."))
            return cleaned
        try:
            cleaned["entity"] = entities.from_kind(kind, value, extra)
        except ValidationError as error:
            self.add_error("value", error)
        return cleaned


PersonFormSet = forms.formset_factory(PersonForm, extra=1, max_num=20, validate_max=True)
DetailFormSet = forms.formset_factory(DetailForm, extra=2, max_num=40, validate_max=True)
