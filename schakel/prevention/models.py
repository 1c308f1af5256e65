"""Prevention and awareness work: activities, who attended, which liaison officers were trained.

Activities hold no personal data: attendance is a count per organisation or department. The
only names are those of liaison officers, which are already in the registry; their attendance
is recorded as the registry's own ``accounts.LiaisonTraining`` row (the one source of truth for
"last trained", ADR 0015), linked here by ``OfficerAttendance``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    TRAINING = "training", _("Training")
    AWARENESS = "awareness", _("Bewustwordingsbijeenkomst")
    INFORMATION = "information", _("Voorlichtingsbijeenkomst")
    RESILIENCE = "resilience", _("Weerbaarheidstraining")
    NETWORK = "network", _("Netwerk- of expertbijeenkomst")
    CAMPAIGN = "campaign", _("Campagne (bijv. nep-loverboyactie)")
    SCHOOL = "school", _("Schoolprogramma")
    OTHER = "other", _("Anders")


class TargetGroup(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("Medewerkers Burgerzaken")
    MUNICIPAL_STAFF = "municipal_staff", _("Andere gemeentelijke medewerkers")
    LVB_PROFESSIONALS = "lvb_professionals", _("Professionals die met mensen met een LVB werken")
    PEOPLE_LVB = "people_lvb", _("Mensen met een licht verstandelijke beperking (LVB)")
    LABOUR_MIGRANTS = "labour_migrants", _("(Arbeids)migranten")
    YOUNG_PEOPLE = "young_people", _("Jongeren")
    PARENTS = "parents", _("Ouders en opvoeders")
    HOTEL_STAFF = "hotel_staff", _("Hotel- en horecapersoneel")
    SEX_WORKERS = "sex_workers", _("Sekswerkers")
    CARE_AND_SAFETY = "care_and_safety", _("Professionals zorg en veiligheid")
    EMPLOYERS = "employers", _("Werkgevers en uitzendbureaus")
    PUBLIC = "public", _("Breed publiek")


class Activity(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("soort activiteit"), max_length=12, choices=ActivityType.choices)
    title = models.CharField(_("titel"), max_length=200)
    organiser = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisator"), on_delete=models.PROTECT, related_name="+"
    )
    target_groups = models.JSONField(_("doelgroepen"), default=list, blank=True)
    target_group_other = models.CharField(_("andere doelgroep"), max_length=200, blank=True)
    topics = models.JSONField(_("onderwerpen (vormen van uitbuiting)"), default=list, blank=True)
    date = models.DateField(_("datum"), db_index=True)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    materials = models.TextField(_("materialen (tekst of links)"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("vastgelegd door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("preventieactiviteit")
        verbose_name_plural = _("preventieactiviteiten")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("prevention:detail", args=[self.pk])

    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        result = [str(labels.get(code, code)) for code in self.target_groups]
        if self.target_group_other:
            result.append(self.target_group_other)
        return result

    def topic_labels(self) -> list[str]:
        from schakel.intake.models import ExploitationForm

        labels = dict(ExploitationForm.choices)
        return [str(labels.get(code, code)) for code in self.topics]


class Attendance(models.Model):
    """How many people of one organisation or department attended (a count, no names)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.CharField(_("afdeling, team of groep"), max_length=150, blank=True)
    count = models.PositiveIntegerField(_("aantal deelnemers"))

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.count}"

    @property
    def label(self) -> str:
        parts = [self.organisation.display_name if self.organisation else "", self.department]
        return " – ".join(part for part in parts if part)


class OfficerAttendance(models.Model):
    """A liaison officer at an activity; the training itself is the registry's LiaisonTraining row."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="officers")
    officer = models.ForeignKey(
        "accounts.LiaisonOfficer", verbose_name=_("aandachtsfunctionaris"), on_delete=models.CASCADE, related_name="+"
    )
    training = models.OneToOneField(
        "accounts.LiaisonTraining", on_delete=models.CASCADE, related_name="prevention_attendance"
    )

    class Meta:
        verbose_name = _("aanwezige aandachtsfunctionaris")
        verbose_name_plural = _("aanwezige aandachtsfunctionarissen")
        constraints = [models.UniqueConstraint(fields=["activity", "officer"], name="prevention_officer_once")]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.officer_id}"
