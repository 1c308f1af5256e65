"""The plan's structure and 2026 targets, as data for the plan tracker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    DIRECTOR = "director", _("Regie")
    EXTENT = "extent", _("Aard en omvang")
    PREVENT = "prevent", _("Voorkomen")
    DETECT = "detect", _("Signaleren")
    COMBAT = "combat", _("Bestrijden")
    PROTECT = "protect", _("Beschermen")


class Ambition(models.IntegerChoices):
    """The plan's seven ambitions (chapter 2). The municipality's own role as director stands
    above them; its targets (R1–R8) have no ambition."""

    EXTENT = 1, _("Meer zicht op aard en omvang")
    PREVENT = 2, _("Slachtoffer- en daderschap voorkomen")
    DETECT = 3, _("Adequaat signaleren")
    REPORTING_ROUTE = 4, _("Duidelijke meldroute")
    BARRIERS = 5, _("Barrières opwerpen")
    ENFORCE = 6, _("Handhaven")
    HELP_VICTIMS = 7, _("Slachtoffers hulp en ondersteuning aanbieden")


class TargetKind(models.TextChoices):
    MEASURED = "measured", _("Gemeten uit Schakel")
    MANUAL = "manual", _("Handmatig bijgehouden")
    MIXED = "mixed", _("Handmatig en gemeten")


class TargetStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Nog niet gestart")
    IN_PROGRESS = "in_progress", _("In uitvoering")
    ACHIEVED = "achieved", _("Behaald")
    AT_RISK = "at_risk", _("Risico")


class PlanTarget(models.Model):
    code = models.CharField(_("code"), max_length=5, unique=True)
    pillar = models.CharField(_("pijler"), max_length=10, choices=Pillar.choices)
    ambition = models.PositiveSmallIntegerField(_("ambitie"), choices=Ambition.choices, null=True, blank=True)
    title_nl = models.CharField(_("doel (NL)"), max_length=200)
    title_en = models.CharField(_("doel (EN)"), max_length=200)
    measure = models.CharField(_("meting"), max_length=300)
    kind = models.CharField(_("soort"), max_length=10, choices=TargetKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=TargetStatus.choices, default=TargetStatus.NOT_STARTED
    )
    year = models.PositiveSmallIntegerField(_("doeljaar"), default=2026)

    class Meta:
        verbose_name = _("plandoel")
        verbose_name_plural = _("plandoelen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_nl}"


class PlanTargetUpdate(models.Model):
    """A dated status note on a target, with evidence; appended, never edited (the history)."""

    target = models.ForeignKey(PlanTarget, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=TargetStatus.choices)
    note = models.TextField(_("toelichting"))
    evidence = models.CharField(_("bewijs (document, link of vindplaats)"), max_length=300, blank=True)
    evidence_date = models.DateField(_("datum van het bewijs"), null=True, blank=True)
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("voortgang plandoel")
        verbose_name_plural = _("voortgang plandoelen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.target.code}: {self.get_status_display()}"


class PlanTargetSnapshot(models.Model):
    """A measured target's figure at the end of a quarter, per municipality: the plan's history.

    Written by the quarterly task and by ``manage.py snapshot_plan_targets`` (which can backfill
    past quarters where the query can be computed as of a past date). Never edited afterwards
    unless the command is run with ``--force``.
    """

    target = models.ForeignKey(PlanTarget, on_delete=models.CASCADE, related_name="snapshots")
    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    quarter = models.CharField(_("kwartaal"), max_length=7, help_text=_("Bijvoorbeeld 2026-Q1."))
    quarter_end = models.DateField(_("einde kwartaal"))
    value = models.CharField(_("waarde"), max_length=300)
    number = models.FloatField(_("getal"), null=True, blank=True)
    backfilled = models.BooleanField(_("achteraf berekend"), default=False)
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("kwartaalstand plandoel")
        verbose_name_plural = _("kwartaalstanden plandoelen")
        ordering = ["target", "quarter_end"]
        constraints = [
            models.UniqueConstraint(fields=["target", "municipality", "quarter"], name="monitoring_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.quarter}: {self.value}"


class SignalMonthStamp(models.Model):
    """Whether the stored figures of one complete month of one municipality's signals are current.

    Every change to a signal or a share of that month raises ``version`` (``facts.touch``); the
    figures in :class:`SignalMonthFact` are current when ``computed_version`` equals it and the
    figures were built with the code's ``FACTS_LAYOUT``. See ADR 0018.
    """

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    version = models.PositiveBigIntegerField(default=0)
    computed_version = models.BigIntegerField(default=-1)
    layout = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="signal_month_stamp_unique")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m} v{self.version}"


class SignalMonthFact(models.Model):
    """One count of a complete month: signals (or shares) with one combination of forms (a bit
    mask over ``FORM_FIELDS``) and one value of one dimension. Counts only, never records."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    forms = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=12)
    key = models.CharField(max_length=60)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["municipality", "month"], name="signal_month_fact_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.key}: {self.n}"
