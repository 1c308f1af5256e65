from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import LiaisonOfficer, Organisation
from schakel.intake.models import ExploitationForm
from schakel.prevention.models import ActivityType, TargetGroup

TOPIC_CHOICES = [(code, label) for code, label in ExploitationForm.choices if code != ExploitationForm.UNKNOWN]


class ActivityForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort activiteit"), choices=[("", "—"), *ActivityType.choices])
    title = forms.CharField(label=_("Titel"), max_length=200)
    organiser = forms.ModelChoiceField(
        label=_("Organisator"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_group_other = forms.CharField(
        label=_("Andere doelgroep"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld een afdeling of beroepsgroep die hierboven niet staat."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Onderwerpen (vormen van uitbuiting)"),
        choices=TOPIC_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    materials = forms.CharField(
        label=_("Materialen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Presentaties, folders of links; geen persoonsgegevens van deelnemers."),
    )


class AttendanceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.filter(is_active=True).order_by("name"), required=False
    )
    department = forms.CharField(
        label=_("Afdeling, team of groep"),
        max_length=150,
        required=False,
        help_text=_("Bijvoorbeeld 'Balie Burgerzaken' of 'klas 3 vmbo'."),
    )
    count = forms.IntegerField(label=_("Aantal deelnemers"), min_value=1, max_value=10_000)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("organisation") and not (cleaned.get("department") or "").strip():
            self.add_error("organisation", _("Kies een organisatie of vul een afdeling of groep in."))
        return cleaned


class OfficerAttendanceForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Aandachtsfunctionaris"), queryset=LiaisonOfficer.objects.none())

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if officers is not None:
            field = self.fields["officer"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = officers
            field.label_from_instance = lambda o: f"{o.full_name} ({o.organisation.display_name})"  # type: ignore[method-assign,assignment]


class ActivityFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle")), *ActivityType.choices])
    year = forms.IntegerField(label=_("Jaar"), required=False, min_value=2000, max_value=2100)
