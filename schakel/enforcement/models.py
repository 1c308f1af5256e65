"""Premises register, inspections and administrative measures (pillar "combat").

Every record belongs to a municipality (rule 9). Inspection findings are anonymous counts:
nothing here identifies a person, by design — police and inspection users work with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.core.models import AppendOnlyModel, District, Municipality
from schakel.core.text import postcode_display
from schakel.intake.models import Indicator, IndicatorCatalogue
from schakel.signals.entities import NATIONALITIES
from schakel.signals.models import Sex, Signal


class PremisesType(models.TextChoices):
    LICENSED_SEX = "licensed_sex", _("Vergunde seksinrichting")
    UNLICENSED = "unlicensed", _("Niet-vergunde locatie")
    MASSAGE_BEAUTY = "massage_beauty", _("Massage- of beautysalon")
    HORECA = "horeca", _("Horeca")
    ROOM_RENTAL = "room_rental", _("Kamerverhuur of huisvesting arbeidsmigranten")
    HOTEL = "hotel", _("Hotel")
    EMPLOYMENT_AGENCY = "employment_agency", _("Uitzendbureau")
    OTHER = "other", _("Anders")


class BibobStatus(models.TextChoices):
    NONE = "none", _("Geen Bibob-toets")
    IN_PROGRESS = "in_progress", _("Bibob-onderzoek loopt")
    NO_RISK = "no_risk", _("Geen of beperkt gevaar")
    SERIOUS_RISK = "serious_risk", _("Ernstig gevaar (advies LBB)")
    REFUSED = "refused", _("Vergunning geweigerd of ingetrokken na Bibob")


class Premises(models.Model):
    """A building or business in the register: where inspections and measures take place."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="premises")
    name = models.CharField(_("naam"), max_length=150)
    type = models.CharField(_("soort"), max_length=20, choices=PremisesType.choices)

    street = models.CharField(_("straat"), max_length=120)
    house_number = models.CharField(
        _("huisnummer"), max_length=12, help_text=_("Met letter of toevoeging, bijvoorbeeld 12a of 12-2.")
    )
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("plaats"), max_length=80, default="Arnhem")
    # The same key as Signal.address_key and address SignalEntity.match_key ("6811AB:12A").
    address_key = models.CharField(max_length=40, blank=True, db_index=True)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("wijk"))

    operator_name = models.CharField(_("exploitant"), max_length=200, blank=True)
    operator_kvk = models.CharField(_("KvK-nummer exploitant"), max_length=8, blank=True)
    # The same key as an organisation SignalEntity.match_key ("kvk:12345678" or "name:…").
    operator_key = models.CharField(max_length=200, blank=True, db_index=True)

    permit_number = models.CharField(_("vergunningnummer"), max_length=40, blank=True)
    permit_valid_from = models.DateField(_("vergunning geldig vanaf"), null=True, blank=True)
    permit_valid_until = models.DateField(_("vergunning geldig tot"), null=True, blank=True)
    permit_conditions = models.TextField(_("vergunningsvoorschriften"), blank=True)
    bibob_status = models.CharField(
        _("Bibob-status"), max_length=14, choices=BibobStatus.choices, default=BibobStatus.NONE
    )
    quality_mark = models.BooleanField(
        _("keurmerk mensenhandel"), default=False, help_text=_("Voor hotels: personeel getraind in signaleren.")
    )
    notes = models.TextField(_("toelichting"), blank=True)

    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pand of inrichting")
        verbose_name_plural = _("panden en inrichtingen")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def address_display(self) -> str:
        return f"{self.street} {self.house_number}, {postcode_display(self.postcode)} {self.city}".strip()

    @property
    def permit_required(self) -> bool:
        return self.type == PremisesType.LICENSED_SEX


class HousingAddress(models.Model):
    """An address where an employment agency houses its workers."""

    premises = models.ForeignKey(Premises, on_delete=models.CASCADE, related_name="housing_addresses")
    street = models.CharField(_("straat"), max_length=120)
    house_number = models.CharField(_("huisnummer"), max_length=12)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("plaats"), max_length=80, default="Arnhem")
    address_key = models.CharField(max_length=40, blank=True, db_index=True)
    workers = models.PositiveSmallIntegerField(_("aantal gehuisveste werknemers"), null=True, blank=True)

    class Meta:
        verbose_name = _("huisvestingsadres")
        verbose_name_plural = _("huisvestingsadressen")
        ordering = ["postcode", "house_number", "pk"]

    def __str__(self) -> str:
        return self.address_display

    @property
    def address_display(self) -> str:
        return f"{self.street} {self.house_number}, {postcode_display(self.postcode)} {self.city}".strip()


class InspectionType(models.TextChoices):
    INTEGRAL = "integral", _("Integrale controle kwetsbare branche")
    BUILDING_ACTION = "building_action", _("Pandenactie")
    HORECA = "horeca", _("Horecacontrole")
    PROSTITUTION = "prostitution", _("Prostitutiecontrole")
    OTHER = "other", _("Anders")


class Sector(models.TextChoices):
    PROSTITUTION = "prostitution", _("Prostitutie")
    MASSAGE_BEAUTY = "massage_beauty", _("Massage en beauty")
    HORECA = "horeca", _("Horeca")
    HOUSING = "housing", _("Huisvesting en kamerverhuur")
    AGRICULTURE = "agriculture", _("Land- en tuinbouw")
    LOGISTICS = "logistics", _("Logistiek en distributie")
    CONSTRUCTION = "construction", _("Bouw")
    CLEANING = "cleaning", _("Schoonmaak")
    CAR_WASH = "car_wash", _("Autowasstraten")
    OTHER = "other", _("Anders")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    DONE = "done", _("Uitgevoerd")


class Inspection(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="inspections")
    type = models.CharField(_("soort controle"), max_length=16, choices=InspectionType.choices)
    sector = models.CharField(_("branche"), max_length=16, choices=Sector.choices)
    date = models.DateField(_("datum"))
    premises = models.ManyToManyField(Premises, verbose_name=_("panden"), related_name="inspections", blank=True)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("deelnemende ketenpartners"), related_name="inspections", blank=True
    )
    status = models.CharField(
        _("status"), max_length=8, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    description = models.TextField(_("omschrijving"), blank=True)

    # Findings (anonymous): the checklist, counts of people met and irregularities.
    catalogue = models.ForeignKey(IndicatorCatalogue, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    checklist_filled = models.BooleanField(_("checklist mensenhandel ingevuld"), default=False)
    irregularities = models.TextField(_("geconstateerde onregelmatigheden"), blank=True)
    findings_recorded_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("controle")
        verbose_name_plural = _("controles")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["municipality", "date"], name="inspection_year_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CT-{self.date:%Y}-{self.pk:04d}" if self.pk else "CT-nieuw"


class InspectionIndicator(models.Model):
    """One line of the trafficking checklist: this indicator seen or not seen."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    seen = models.BooleanField(_("gezien"))

    class Meta:
        verbose_name = _("checklistregel")
        verbose_name_plural = _("checklistregels")
        constraints = [models.UniqueConstraint(fields=["inspection", "indicator"], name="unique_inspection_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {'+' if self.seen else '-'}"


class AgeBand(models.TextChoices):
    MINOR = "minor", _("Jonger dan 18")
    YOUNG = "18_23", _("18 tot en met 23")
    ADULT = "24_35", _("24 tot en met 35")
    MIDDLE = "36_50", _("36 tot en met 50")
    OLDER = "51_plus", _("51 of ouder")
    UNKNOWN = "unknown", _("Onbekend")


class PersonCount(models.Model):
    """People encountered, as an anonymous count per sex, age band and nationality."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="person_counts")
    sex = models.CharField(_("geslacht"), max_length=8, choices=Sex.choices)
    age_band = models.CharField(_("leeftijd"), max_length=8, choices=AgeBand.choices)
    nationality = models.CharField(_("nationaliteit"), max_length=2, choices=NATIONALITIES)
    count = models.PositiveSmallIntegerField(_("aantal"))

    class Meta:
        verbose_name = _("aantal aangetroffen personen")
        verbose_name_plural = _("aantallen aangetroffen personen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.count} × {self.sex}/{self.age_band}/{self.nationality}"


class InspectionSignal(models.Model):
    """A signal created from an inspection's findings: the inspection is its source."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="signal_links")
    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="inspection_link")
    premises = models.ForeignKey(Premises, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signaal uit controle")
        verbose_name_plural = _("signalen uit controles")

    def __str__(self) -> str:
        return f"{self.inspection} → {self.signal}"


class MeasureType(models.TextChoices):
    CLOSURE_13B = "closure_13b", _("Sluiting (artikel 13b Opiumwet)")
    CLOSURE_174A = "closure_174a", _("Sluiting (artikel 174a Gemeentewet)")
    PERMIT_SUSPENSION = "permit_suspension", _("Schorsing vergunning")
    PERMIT_WITHDRAWAL = "permit_withdrawal", _("Intrekking vergunning")
    BIBOB_REFUSAL = "bibob_refusal", _("Weigering op grond van de Wet Bibob")
    WARNING = "warning", _("Waarschuwing")
    PENALTY_ORDER = "penalty_order", _("Last onder dwangsom")
    FINE = "fine", _("Bestuurlijke boete")


class MeasureStatus(models.TextChoices):
    INTENTION = "intention", _("Voornemen")
    VIEW_HEARD = "view_heard", _("Zienswijze gehoord")
    DECISION = "decision", _("Besluit")
    OBJECTION = "objection", _("Bezwaar")
    APPEAL = "appeal", _("Beroep")
    EXECUTED = "executed", _("Uitgevoerd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Measure(models.Model):
    """An administrative measure against premises and/or an organisation."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="measures")
    type = models.CharField(_("soort maatregel"), max_length=20, choices=MeasureType.choices)
    legal_basis = models.CharField(_("juridische grondslag"), max_length=300)
    premises = models.ForeignKey(
        Premises, on_delete=models.PROTECT, null=True, blank=True, related_name="measures", verbose_name=_("pand")
    )
    organisation_name = models.CharField(_("organisatie (overtreder)"), max_length=200, blank=True)
    organisation_kvk = models.CharField(_("KvK-nummer organisatie"), max_length=8, blank=True)
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("naar aanleiding van controle"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("casus"),
    )
    description = models.TextField(_("toelichting"), blank=True)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=10, decimal_places=2, null=True, blank=True)
    effective_from = models.DateField(_("ingangsdatum"), null=True, blank=True)
    effective_until = models.DateField(_("einddatum"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.INTENTION
    )
    status_entered_on = models.DateField(_("status sinds"), default=timezone.localdate)
    deadline = models.DateField(_("termijn"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bestuurlijke maatregel")
        verbose_name_plural = _("bestuurlijke maatregelen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"BM-{self.created_at:%Y}-{self.pk:04d}" if self.pk and self.created_at else "BM-nieuw"

    @property
    def subject_display(self) -> str:
        parts = [str(self.premises)] if self.premises_id else []
        if self.organisation_name:
            parts.append(self.organisation_name)
        return " / ".join(parts)


class MeasureStatusChange(AppendOnlyModel):
    """Append-only history of a measure's workflow."""

    append_only_message = "Measure history is append-only."

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=MeasureStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MeasureStatus.choices)
    on_date = models.DateField(_("datum"))
    deadline = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("statuswijziging maatregel")
        verbose_name_plural = _("statuswijzigingen maatregelen")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
