"""Forms of the chain director's workflow panel on a signal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.intake.models import ExploitationForm
from schakel.routing.models import DEFAULT_PARTS, LegalBasis, SharePart
from schakel.signals.models import MinorInvolved, Outcome, Priority, Signal, SignalStatus, Urgency, parse_reference
from schakel.signals.workflow import allowed_targets


def _directors(signal: Signal) -> Any:
    return User.objects.filter(
        is_active=True, groups__name="chain_director", organisation__municipalities=signal.municipality
    ).order_by("full_name")


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Naar status"))
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=User.objects.none(), required=False, empty_label=_("Ongewijzigd")
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, signal: Signal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = [s for s in SignalStatus if s.value in allowed_targets(signal.status) and s != SignalStatus.CLOSED]
        # Shared is reached by sharing, not by hand.
        targets = [s for s in targets if s != SignalStatus.SHARED or signal.status == SignalStatus.AWAITING_FEEDBACK]
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.value, s.label) for s in targets]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = _directors(signal)


class TriageForm(forms.Form):
    forms_of_exploitation = forms.MultipleChoiceField(
        label=_("Vorm(en)"), choices=ExploitationForm.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices)
    priority = forms.ChoiceField(label=_("Prioriteit"), choices=Priority.choices)
    minor_involved = forms.ChoiceField(label=_("Minderjarige betrokken"), choices=MinorInvolved.choices)
    veilig_thuis_route_followed = forms.TypedChoiceField(
        label=_("Veilig Thuis-route gevolgd (bij een minderjarige)"),
        choices=[("", _("Niet van toepassing / nog niet")), ("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("minor_involved") == MinorInvolved.YES and cleaned.get("veilig_thuis_route_followed") is False:
            self.add_error(
                "veilig_thuis_route_followed",
                _("Bij een minderjarige is de Veilig Thuis-route altijd nodig. Volg de route en leg dat vast."),
            )
        return cleaned


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=[("", _("Kies…")), *Outcome.choices])
    outcome_note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    duplicate_reference = forms.CharField(
        label=_("Dubbel van (kenmerk)"),
        required=False,
        max_length=20,
        help_text=_("Alleen bij een dubbele melding, bijvoorbeeld SG-2026-000123."),
    )

    def __init__(self, *args: Any, signal: Signal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signal = signal

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("outcome"):
            self.add_error("outcome", _("Kies een uitkomst om het signaal af te sluiten."))
        cleaned["duplicate_of"] = None
        if cleaned.get("outcome") == Outcome.DUPLICATE:
            reference = parse_reference(cleaned.get("duplicate_reference") or "")
            original = (
                Signal.objects.filter(pk=reference[1], municipality=self.signal.municipality).first()
                if reference
                else None
            )
            if original is None or original.pk == self.signal.pk:
                self.add_error(
                    "duplicate_reference", _("Vul het kenmerk in van het signaal waarvan dit een dubbele melding is.")
                )
            cleaned["duplicate_of"] = original
        return cleaned


class ShareForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Ketenpartner"), queryset=Organisation.objects.none(), empty_label=_("Kies…")
    )
    purpose = forms.CharField(label=_("Doel van het delen"), max_length=200)
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag"), queryset=LegalBasis.objects.filter(is_active=True), empty_label=_("Kies…")
    )
    parts = forms.MultipleChoiceField(
        label=_("Wat deel je?"),
        choices=SharePart.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=DEFAULT_PARTS,
        help_text=_(
            "Deel alleen wat deze partner nodig heeft. De identiteit van slachtoffers alleen met zorgcoördinatie of Veilig Thuis."
        ),
    )
    expires_on = forms.DateField(
        label=_("Zichtbaar tot"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, signal: Signal, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("expires_on", timezone.localdate() + timedelta(days=180))
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        assert isinstance(partner, forms.ModelChoiceField)
        partner.queryset = (
            Organisation.objects.filter(is_active=True, municipalities=signal.municipality)
            .exclude(type=OrganisationType.MUNICIPALITY_DEPARTMENT)
            .order_by("name")
        )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Antwoord"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


__all__ = ["AnswerForm", "CloseForm", "ShareForm", "TransitionForm", "TriageForm", "ValidationError"]
