"""Victim care (pillar "protect"): care trajectories, pseudonymised victims, anonymous counts.

A victim is a pseudonymised record (code, birth year, sex, nationality, forms); the identifying
details live in a separate one-to-one model that only users with both
``accounts.view_victim_details`` and ``accounts.manage_care`` can see (selectors.py). Every
write goes through services.py; the trajectory's history is appended, never edited.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.care.dates import consideration_house_end
from schakel.core.models import AppendOnlyModel, Municipality
from schakel.intake.models import ExploitationForm


class Sex(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class VictimCodeCounter(models.Model):
    """The last number handed out per year for victim codes (S-2026-0012)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Victim(models.Model):
    """A (possible) victim, pseudonymised: nothing here identifies a person on its own."""

    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    municipality = models.ForeignKey(Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationaliteit"), max_length=60, blank=True)
    forms = models.JSONField(_("vorm(en) van uitbuiting"), default=list)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("slachtoffer (gepseudonimiseerd)")
        verbose_name_plural = _("slachtoffers (gepseudonimiseerd)")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    def get_forms_display(self) -> list[str]:
        labels = dict(ExploitationForm.choices)
        return [str(labels.get(form, form)) for form in self.forms]

    def is_minor_on(self, day: date) -> bool | None:
        """Whether the victim is (possibly) under 18 on ``day``, judged by birth year only."""
        if self.birth_year is None:
            return None
        return day.year - self.birth_year < 18


class VictimIdentity(models.Model):
    """Who the victim is. Only the care coordinator and the chain director ever see this."""

    victim = models.OneToOneField(Victim, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(_("naam"), max_length=200)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    address = models.CharField(_("adres of verblijfplaats"), max_length=300, blank=True)
    id_number = models.CharField(
        _("BSN of nummer identiteitsbewijs"),
        max_length=40,
        blank=True,
        help_text=_("Alleen als het nodig is voor de hulp (inschrijving, uitkering, verzekering)."),
    )
    notes = models.TextField(_("aantekeningen"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identiteit slachtoffer")
        verbose_name_plural = _("identiteiten slachtoffers")

    def __str__(self) -> str:
        return f"identity of {self.victim_id}"


class TrajectoryStatus(models.TextChoices):
    REFERRED = "referred", _("Aangemeld bij zorgcoördinatie")
    COMENSHA = "comensha", _("Gemeld bij CoMensha")
    REFLECTION = "reflection", _("In bedenktijd (B8)")
    SUPPORT = "support", _("Begeleiding")
    CLOSED = "closed", _("Afgesloten")


class ComenshaReporter(models.TextChoices):
    """Who registers the victim with CoMensha; decides whether consent is needed (rules.py)."""

    POLICE = "police", _("Politie")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Nederlandse Arbeidsinspectie")
    CARE_COORDINATION = "care_coordination", _("Zorgcoördinatie")
    OTHER = "other", _("Andere organisatie")


class CompensationStatus(models.TextChoices):
    NONE = "", _("Geen vordering")
    PREPARING = "preparing", _("In voorbereiding")
    SUBMITTED = "submitted", _("Ingediend")
    AWARDED = "awarded", _("Toegekend")
    REJECTED = "rejected", _("Afgewezen")
    PAID = "paid", _("Uitbetaald")


class TrajectoryOutcome(models.TextChoices):
    RESIDENCE_PERMIT = "residence_permit", _("Verblijfsvergunning en verder in eigen regie")
    INDEPENDENT = "independent", _("Zelfstandig verder (uitstroom)")
    RETURNED = "returned", _("Terugkeer naar land van herkomst")
    REFERRED = "referred", _("Doorverwezen naar andere hulp")
    LOST_CONTACT = "lost_contact", _("Contact verloren / vertrokken")
    NOT_VICTIM = "not_victim", _("Geen slachtoffer gebleken")
    OTHER = "other", _("Anders")


class CareTrajectory(models.Model):
    """Care coordination for one (possible) victim, from referral to outcome."""

    victim = models.ForeignKey(
        Victim, verbose_name=_("slachtoffer"), on_delete=models.PROTECT, related_name="trajectories"
    )
    municipality = models.ForeignKey(Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT)
    status = models.CharField(
        _("stap"), max_length=12, choices=TrajectoryStatus.choices, default=TrajectoryStatus.REFERRED
    )
    referred_on = models.DateField(_("aangemeld op"))
    referring_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("aangemeld door"),
        on_delete=models.PROTECT,
        related_name="care_referrals",
        null=True,
        blank=True,
    )
    signal = models.ForeignKey(
        "signals.Signal",
        verbose_name=_("signaal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_trajectories",
    )
    # CoMensha registration
    comensha_registered_on = models.DateField(_("gemeld bij CoMensha op"), null=True, blank=True)
    comensha_reporter = models.CharField(_("gemeld door"), max_length=20, choices=ComenshaReporter.choices, blank=True)
    comensha_consent = models.BooleanField(_("toestemming slachtoffer"), null=True, blank=True)
    comensha_consent_on = models.DateField(_("toestemming gegeven op"), null=True, blank=True)
    # Non-punishment principle
    non_punishment = models.BooleanField(_("non-punishment beginsel van toepassing"), default=False)
    non_punishment_note = models.TextField(_("toelichting non-punishment"), blank=True)
    # Compensation
    compensation_status = models.CharField(
        _("schadevergoeding"), max_length=10, choices=CompensationStatus.choices, blank=True, default=""
    )
    compensation_on = models.DateField(_("datum (schadevergoeding)"), null=True, blank=True)
    # Outcome
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=TrajectoryOutcome.choices, blank=True)
    outcome_note = models.TextField(_("toelichting uitkomst"), blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("zorgtraject")
        verbose_name_plural = _("zorgtrajecten")
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="care_traj_mun_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ZT-{self.referred_on:%Y}-{self.pk:04d}" if self.pk else "ZT-nieuw"


class ReflectionDecision(models.TextChoices):
    PENDING = "", _("Nog geen besluit")
    REPORT = "report", _("Aangifte gedaan")
    COOPERATE = "cooperate", _("Medewerking aan opsporing of vervolging")
    NO_REPORT = "no_report", _("Geen aangifte en geen medewerking")


#: Reporting or cooperating counts as an application for a temporary residence permit.
RESIDENCE_DECISIONS = {ReflectionDecision.REPORT, ReflectionDecision.COOPERATE}


class ReflectionOfferedBy(models.TextChoices):
    POLICE = "police", _("Politie")
    KMAR = "kmar", _("Koninklijke Marechaussee")


class ReflectionPeriod(models.Model):
    """The B8 reflection period: at most three calendar months to decide on reporting."""

    trajectory = models.OneToOneField(CareTrajectory, on_delete=models.CASCADE, related_name="reflection")
    offered_by = models.CharField(
        _("aangeboden door"), max_length=8, choices=ReflectionOfferedBy.choices, default=ReflectionOfferedBy.POLICE
    )
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    decision = models.CharField(_("besluit"), max_length=10, choices=ReflectionDecision.choices, blank=True, default="")
    decision_on = models.DateField(_("besluit op"), null=True, blank=True)
    residence_applied = models.BooleanField(_("verblijfsaanvraag"), default=False)
    residence_applied_on = models.DateField(_("verblijfsaanvraag op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bedenktijd (B8)")
        verbose_name_plural = _("bedenktijden (B8)")
        indexes = [models.Index(fields=["ends_on", "decision"], name="care_reflection_end_idx")]

    def __str__(self) -> str:
        return f"B8 {self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return not self.decision

    def days_left(self, today: date | None = None) -> int:
        return (self.ends_on - (today or timezone.localdate())).days


class ReflectionReminder(models.Model):
    """A reminder sent for a reflection period, once per configured number of days before its end."""

    period = models.ForeignKey(ReflectionPeriod, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "days_before"], name="care_reminder_once")]

    def __str__(self) -> str:
        return f"{self.days_before} days before"


class ShelterKind(models.TextChoices):
    COSM = "cosm", _("COSM (categorale opvang, via CoMensha)")
    CONSIDERATION_HOUSE = "consideration_house", _("Overweeghuis (maximaal drie maanden)")
    OTHER = "other", _("Andere opvang")


class ShelterStay(models.Model):
    """A stay in shelter during the trajectory. The place is a kind, never an address."""

    trajectory = models.ForeignKey(CareTrajectory, on_delete=models.CASCADE, related_name="shelter_stays")
    kind = models.CharField(_("soort opvang"), max_length=20, choices=ShelterKind.choices)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verblijf in opvang")
        verbose_name_plural = _("verblijven in opvang")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%d-%m-%Y}"

    @property
    def maximum_end(self) -> date | None:
        if self.kind == ShelterKind.CONSIDERATION_HOUSE:
            return consideration_house_end(self.starts_on)
        return None

    def exceeds_maximum(self, today: date | None = None) -> bool:
        """An overweeghuis stay that ran (or is planned to run) past three months."""
        limit = self.maximum_end
        if limit is None:
            return False
        end = self.ends_on or (today or timezone.localdate())
        return end > limit


class EventKind(models.TextChoices):
    CREATED = "created", _("Traject aangemaakt")
    STATUS = "status", _("Stap gewijzigd")
    COMENSHA = "comensha", _("Melding CoMensha vastgelegd")
    REFLECTION_STARTED = "reflection_started", _("Bedenktijd gestart")
    REFLECTION_DECISION = "reflection_decision", _("Besluit bedenktijd vastgelegd")
    SHELTER_STARTED = "shelter_started", _("Opvang begonnen")
    SHELTER_ENDED = "shelter_ended", _("Opvang beëindigd")
    NON_PUNISHMENT = "non_punishment", _("Non-punishment gewijzigd")
    COMPENSATION = "compensation", _("Schadevergoeding gewijzigd")
    IDENTITY = "identity", _("Identiteit gewijzigd")
    VICTIM = "victim", _("Gegevens slachtoffer gewijzigd")
    CLOSED = "closed", _("Afgesloten")
    REOPENED = "reopened", _("Heropend")


class TrajectoryEvent(AppendOnlyModel):
    """The trajectory's history: one row per step, appended and never edited or deleted.

    ``note`` is the worker's explanation; it must not repeat identifying details.
    """

    append_only_error = ValueError
    append_only_message = "Trajectory events are append-only."
    delete_protected = True

    trajectory = models.ForeignKey(CareTrajectory, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    from_status = models.CharField(max_length=12, choices=TrajectoryStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=TrajectoryStatus.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


_count = {"validators": [MinValueValidator(0)], "default": 0}


class AnonymousMonth(models.Model):
    """Anonymous counts for one month: no personal data at all, only numbers."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT)
    month = models.DateField(_("maand"), help_text=_("Altijd de eerste dag van de maand."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-month"]


class SupportPointMonth(AnonymousMonth):
    """The sex-worker support point (steunpunt sekswerkers): visits and clients per month."""

    visits = models.PositiveIntegerField(_("bezoeken"), **_count)  # type: ignore[arg-type]
    new_clients = models.PositiveIntegerField(_("nieuwe cliënten"), **_count)  # type: ignore[arg-type]
    referrals = models.PositiveIntegerField(_("doorverwijzingen"), **_count)  # type: ignore[arg-type]

    class Meta(AnonymousMonth.Meta):
        verbose_name = _("maandtelling steunpunt sekswerkers")
        verbose_name_plural = _("maandtellingen steunpunt sekswerkers")
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="care_support_month_once")]

    def __str__(self) -> str:
        return f"steunpunt {self.month:%Y-%m}"


class ConsiderationHouseMonth(AnonymousMonth):
    """The overweeghuis: stays started and ended per month."""

    stays_started = models.PositiveIntegerField(_("verblijven begonnen"), **_count)  # type: ignore[arg-type]
    exits = models.PositiveIntegerField(_("vertrokken"), **_count)  # type: ignore[arg-type]
    exits_left_sex_work = models.PositiveIntegerField(
        _("vertrokken en gestopt met sekswerk"),
        **_count,  # type: ignore[arg-type]
    )

    class Meta(AnonymousMonth.Meta):
        verbose_name = _("maandtelling overweeghuis")
        verbose_name_plural = _("maandtellingen overweeghuis")
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="care_house_month_once")]

    def __str__(self) -> str:
        return f"overweeghuis {self.month:%Y-%m}"
