"""Link suggestions between the people and things of different signals, and the judgements
people make about them. A rejected pair is never suggested again; every decision is audited
and can be undone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.signals.models import SignalEntity


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Mogelijke koppeling")
    CONFIRMED = "confirmed", _("Zelfde")
    REJECTED = "rejected", _("Niet dezelfde")


class LinkSuggestion(models.Model):
    """A scored pair of entity mentions; ``entity_a`` has the lower id (one row per pair)."""

    entity_a = models.ForeignKey(SignalEntity, on_delete=models.CASCADE, related_name="+")
    entity_b = models.ForeignKey(SignalEntity, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14)
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("uitleg"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mogelijke koppeling")
        verbose_name_plural = _("mogelijke koppelingen")
        constraints = [
            models.UniqueConstraint(fields=["entity_a", "entity_b"], name="one_suggestion_per_pair"),
            models.CheckConstraint(
                condition=models.Q(entity_a__lt=models.F("entity_b")), name="suggestion_ordered_pair"
            ),
        ]
        indexes = [
            models.Index(fields=["entity_b"], name="suggestion_b_idx"),
            models.Index(fields=["status"], name="suggestion_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_a_id} ~ {self.entity_b_id} ({self.score:.2f}, {self.status})"

    def other(self, entity_id: int) -> int:
        return self.entity_b_id if entity_id == self.entity_a_id else self.entity_a_id


class PatternSettings(models.Model):
    """Thresholds of the patterns on the chain director's home (one row, edited in the admin)."""

    hotspot_min_signals = models.PositiveSmallIntegerField(_("hotspot: minimaal aantal signalen"), default=3)
    hotspot_min_sources = models.PositiveSmallIntegerField(_("hotspot: minimaal aantal bronnen"), default=2)
    period_months = models.PositiveSmallIntegerField(_("periode (maanden)"), default=12)
    recurring_min_signals = models.PositiveSmallIntegerField(
        _("terugkerend nummer of advertentie: minimaal aantal signalen"), default=2
    )
    front_person_min_items = models.PositiveSmallIntegerField(
        _("mogelijke katvanger: minimaal aantal voertuigen, bedrijven of adressen"), default=3
    )
    agency_min_addresses = models.PositiveSmallIntegerField(_("uitzendbureau: minimaal aantal adressen"), default=3)

    class Meta:
        verbose_name = _("drempels patronen")
        verbose_name_plural = _("drempels patronen")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> PatternSettings:
        return cls.objects.order_by("pk").first() or cls()
