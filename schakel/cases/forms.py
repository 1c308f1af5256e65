"""Forms of cases and meetings (Dutch labels and errors, next to the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation, User
from schakel.cases.models import (
    ActionStatus,
    ActionType,
    AttendanceStatus,
    BarrierKind,
    Case,
    CaseOutcome,
    CaseStatus,
    DocumentKind,
    MeetingType,
    ParticipantRole,
)
from schakel.cases.workflow import allowed_targets
from schakel.intake.models import ExploitationForm
from schakel.signals.forms import MAX_ATTACHMENT_BYTES, sniff_type
from schakel.signals.models import Signal


def _managers(municipality: Any) -> Any:
    return (
        User.objects.filter(
            is_active=True, groups__permissions__codename="manage_cases", organisation__municipalities=municipality
        )
        .distinct()
        .order_by("full_name")
    )


def _partners() -> Any:
    return Organisation.objects.filter(is_active=True).order_by("name")


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class CaseForm(forms.Form):
    title = forms.CharField(
        label=_("Werktitel"),
        max_length=120,
        help_text=_("Zonder namen van slachtoffers; bijvoorbeeld een wijk, branche of werkwijze."),
        error_messages={"required": _("Geef de casus een werktitel.")},
    )
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Vorm(en) van uitbuiting"),
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    owner = forms.ModelChoiceField(label=_("Casuseigenaar"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "owner", _managers(municipality))


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Naar status"))
    outcome = forms.ChoiceField(
        label=_("Uitkomst (verplicht bij afsluiten)"),
        required=False,
        choices=[("", "—"), *[(o.value, o.label) for o in CaseOutcome if o != CaseOutcome.MERGED]],
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.value, s.label) for s in CaseStatus if s.value in allowed_targets(case.status)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("to_status") == CaseStatus.CLOSED and not cleaned.get("outcome"):
            self.add_error("outcome", _("Kies een uitkomst om de casus af te sluiten."))
        return cleaned


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Ketenpartner"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Rol in de casus"), choices=ParticipantRole.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organisation", _partners())


class ActionForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort actie"), choices=ActionType.choices)
    barrier_kind = forms.ChoiceField(
        label=_("Soort barrière (bij barrière opwerpen)"), required=False, choices=[("", "—"), *BarrierKind.choices]
    )
    description = forms.CharField(
        label=_("Wat moet er gebeuren"),
        max_length=300,
        help_text=_("Zonder namen van slachtoffers."),
        error_messages={"required": _("Beschrijf de actie.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Verantwoordelijke ketenpartner"), queryset=Organisation.objects.none()
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Iemand van de verantwoordelijke ketenpartner."),
    )
    deadline = forms.DateField(label=_("Uiterlijk"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organisation", _partners())
        _set_queryset(
            self, "owner", User.objects.filter(is_active=True).select_related("organisation").order_by("full_name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("type") == ActionType.BARRIER and not cleaned.get("barrier_kind"):
            self.add_error("barrier_kind", _("Kies welke barrière wordt opgeworpen."))
        owner, organisation = cleaned.get("owner"), cleaned.get("organisation")
        if owner is not None and organisation is not None and owner.organisation_id != organisation.pk:
            self.add_error("owner", _("De eigenaar werkt niet bij de verantwoordelijke ketenpartner."))
        return cleaned


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    outcome = forms.CharField(
        label=_("Resultaat"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afronden. Zonder namen van slachtoffers."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == ActionStatus.DONE and not (cleaned.get("outcome") or "").strip():
            self.add_error("outcome", _("Beschrijf het resultaat om de actie af te ronden."))
        return cleaned


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=120, help_text=_("Zonder namen van slachtoffers."))
    kind = forms.ChoiceField(label=_("Soort document"), choices=DocumentKind.choices)
    shared = forms.BooleanField(label=_("Zichtbaar voor de betrokken ketenpartners"), required=False)
    file = forms.FileField(label=_("Bestand (PDF, PNG of JPEG, hoogstens 10 MB)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(_("Het bestand is groter dan 10 MB."))
        content_type = sniff_type(upload)
        if content_type is None:
            raise ValidationError(_("Het bestand is geen PDF, PNG of JPEG. Andere soorten bestanden kunnen niet."))
        upload.content_type = content_type
        return upload


class SplitForm(forms.Form):
    signals = forms.ModelMultipleChoiceField(
        label=_("Signalen naar de nieuwe casus"), queryset=Signal.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(
        label=_("Werktitel nieuwe casus"), max_length=120, help_text=_("Zonder namen van slachtoffers.")
    )

    def __init__(self, *args: Any, signals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signals"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = signals
        field.label_from_instance = lambda s: s.reference  # type: ignore[method-assign,assignment]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Samenvoegen in casus"), queryset=Case.objects.none())

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "target", cases)
        field = self.fields["target"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = lambda c: f"{c.code} – {c.title}"  # type: ignore[method-assign,assignment]


class MeetingForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort overleg"), choices=MeetingType.choices)
    starts_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
    )
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=15, max_value=480, initial=90)
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Uitgenodigde ketenpartners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _partners()


class AgendaAddForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Casus op de agenda zetten"), queryset=Case.objects.none())

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "case", cases)
        field = self.fields["case"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = lambda c: f"{c.code} – {c.title}"  # type: ignore[method-assign,assignment]


class AttendeeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Naam deelnemer"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organisation", Organisation.objects.filter(is_active=True).order_by("name"))


ATTENDANCE_CHOICES = AttendanceStatus.choices


class AgendaItemForm(forms.Form):
    discussion = forms.CharField(
        label=_("Besproken"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort en zonder namen van slachtoffers."),
    )
    decisions = forms.CharField(
        label=_("Besluiten"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
