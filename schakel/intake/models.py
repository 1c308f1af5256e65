"""The indicator catalogue: versioned, so a signal keeps the version it was assessed with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")
    ORGAN = "organ", _("Gedwongen orgaanverwijdering")
    SERIOUS_DISADVANTAGE = "serious_disadvantage", _("Ernstige benadeling")
    UNKNOWN = "unknown", _("Onbekend")


class IndicatorCategory(models.TextChoices):
    VULNERABILITY = "vulnerability", _("Kwetsbaarheid")
    RECRUITMENT = "recruitment", _("Werving")
    MOVEMENT_CONTROL = "movement_control", _("Bewegingsvrijheid en controle")
    DOCUMENTS = "documents", _("Documenten")
    REGISTRATION = "registration", _("Inschrijving")
    MONEY_DEBT = "money_debt", _("Geld en schulden")
    HOUSING = "housing", _("Huisvesting")
    WORK_CONDITIONS = "work_conditions", _("Werkomstandigheden")
    HEALTH_VIOLENCE = "health_violence", _("Gezondheid en geweld")
    ONLINE = "online", _("Online")
    SOCIAL = "social", _("Sociaal")
    CRIMINAL_ACTIVITY = "criminal_activity", _("Criminele activiteiten")


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd (in gebruik)")
    RETIRED = "retired", _("Vervangen")


class IndicatorCatalogue(models.Model):
    version = models.CharField(_("versie"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT
    )
    source = models.TextField(_("bron"), blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicatorenlijst")
        verbose_name_plural = _("indicatorenlijsten")
        ordering = ["-published_at", "-pk"]
        constraints = [
            # At most one version is in force at any time.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="published"), name="one_published_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_status_display()})"


class Indicator(models.Model):
    catalogue = models.ForeignKey(IndicatorCatalogue, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=10)
    category = models.CharField(_("categorie"), max_length=30, choices=IndicatorCategory.choices)
    forms = models.JSONField(_("vormen"), help_text=_("Vormen van uitbuiting waarop deze indicator wijst."))
    weights = models.JSONField(
        _("gewichten per vorm"), default=dict, help_text=_("Gewicht per vorm voor de indicatieve score.")
    )
    label_nl = models.CharField(_("omschrijving (NL)"), max_length=200)
    label_en = models.CharField(_("omschrijving (EN)"), max_length=200)
    help_nl = models.TextField(_("toelichting (NL)"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["catalogue", "code"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="unique_indicator_per_catalogue")]

    def __str__(self) -> str:
        return f"{self.code} {self.label_nl}"
