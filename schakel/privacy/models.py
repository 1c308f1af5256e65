"""Retention rules, legal holds, tombstones and data-subject requests.

Everything here is kept in this app: the records it acts on (signals, and later cases, care
trajectories, inspections) are addressed by ``record_type`` plus their primary key, so a new
record type needs rows and an adapter (``schakel/privacy/adapters.py``), not a migration of
another app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.models import Municipality


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", _("Anonimiseren (statistiek blijft)")
    DELETE = "delete", _("Verwijderen")


class RetentionRule(models.Model):
    """How long a kind of record is kept after the moment its adapter counts from.

    A rule without municipality applies everywhere; a rule for one municipality replaces the
    general rule with the same record type and condition for that municipality.
    """

    record_type = models.CharField(_("soort gegeven"), max_length=40)
    condition = models.CharField(_("voorwaarde"), max_length=40)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: geldt voor alle gemeenten, tenzij een gemeente een eigen regel heeft."),
    )
    period_months = models.PositiveSmallIntegerField(_("bewaartermijn (maanden)"))
    action = models.CharField(_("actie"), max_length=10, choices=RetentionAction.choices)
    is_active = models.BooleanField(_("actief"), default=True)
    basis = models.CharField(
        _("grondslag van de termijn"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld Selectielijst gemeenten of een besluit van het college."),
    )

    class Meta:
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        ordering = ["record_type", "condition", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "condition", "municipality"], name="unique_retention_rule_municipality"
            ),
            models.UniqueConstraint(
                fields=["record_type", "condition"],
                condition=models.Q(municipality__isnull=True),
                name="unique_retention_rule_general",
            ),
        ]
        permissions = [("manage_privacy", "Privacy: bewaartermijnen, bewaarplicht en verzoeken van betrokkenen")]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.get_condition_display()} ({self.period_months} mnd)"

    def get_record_type_display(self) -> str:
        from schakel.privacy.adapters import ADAPTERS

        adapter = ADAPTERS.get(self.record_type)
        return str(adapter.label) if adapter else self.record_type

    def get_condition_display(self) -> str:
        from schakel.privacy.adapters import ADAPTERS

        adapter = ADAPTERS.get(self.record_type)
        return str(adapter.conditions.get(self.condition, self.condition)) if adapter else self.condition

    def clean(self) -> None:
        from schakel.privacy.adapters import ADAPTERS

        adapter = ADAPTERS.get(self.record_type)
        if adapter is None:
            raise ValidationError({"record_type": _("Voor deze soort gegeven is nog geen bewaarlogica.")})
        if self.condition not in adapter.conditions:
            raise ValidationError(
                {
                    "condition": _("Kies een van: %(choices)s.")
                    % {"choices": ", ".join(f"{code} ({label})" for code, label in adapter.conditions.items())}
                }
            )
        if self.period_months is not None and self.period_months < 1:
            raise ValidationError({"period_months": _("Een bewaartermijn is minstens één maand.")})


class LegalHold(models.Model):
    """A record that must not be deleted or anonymised (a court case, a complaint, an inquiry)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(_("soort gegeven"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("gegeven-id"))
    reason = models.CharField(_("reden"), max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.CharField(_("reden opheffen"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "object_id"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_legal_hold",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.object_id}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class Tombstone(models.Model):
    """What remains after retention: no content, only that a record existed and what happened.

    ``object_id`` is the record's internal number (also used in the audit trail, which keeps
    referring to it); ``uuid_hash`` the SHA-256 of its public uuid, so a partner that quotes
    the uuid can be told the record was removed without the uuid itself being kept.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(_("soort gegeven"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("gegeven-id"))
    uuid_hash = models.CharField(max_length=64, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=40, blank=True)
    created_on = models.DateField(_("ontvangen op"), null=True)
    closed_on = models.DateField(_("afgesloten op"), null=True)
    condition = models.CharField(_("voorwaarde"), max_length=40)
    rule = models.ForeignKey(RetentionRule, on_delete=models.SET_NULL, null=True, related_name="+")
    rule_label = models.CharField(_("toegepaste regel"), max_length=200)
    period_months = models.PositiveSmallIntegerField(_("bewaartermijn (maanden)"))
    action = models.CharField(_("actie"), max_length=10, choices=RetentionAction.choices)
    applied_at = models.DateTimeField(_("uitgevoerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("grafsteen")
        verbose_name_plural = _("grafstenen")
        ordering = ["-applied_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["record_type", "object_id"], name="one_tombstone_per_record")]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.object_id} {self.action}"


class DataSubjectRequestKind(models.TextChoices):
    ACCESS = "access", _("Inzage (art. 15 AVG)")
    RECTIFICATION = "rectification", _("Rectificatie (art. 16 AVG)")
    ERASURE = "erasure", _("Wissen (art. 17 AVG)")


class DataSubjectRequest(models.Model):
    """A request of a data subject, registered by the privacy officer; every step is audited.

    The search terms are personal data of the requester: they are neither stored here nor in
    the audit trail (which records the names of the fields searched and the number of hits).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("kenmerk verzoek"), max_length=60)
    kind = models.CharField(_("soort verzoek"), max_length=14, choices=DataSubjectRequestKind.choices)
    reason = models.CharField(_("reden / toelichting"), max_length=300)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.reference
