"""The append-only, tamper-evident audit trail.

Every event stores the SHA-256 of the previous event, so editing or deleting any event
breaks the chain from that point; ``manage.py verify_audit_chain`` walks it. Events carry
no foreign keys: deleting a user or organisation must never cascade into the trail.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    SIGN_IN_PASSWORD = "sign_in.password", _("Wachtwoord geaccepteerd")
    SIGN_IN = "sign_in.complete", _("Aangemeld (tweede factor)")
    SIGN_IN_FAILED = "sign_in.failed", _("Aanmelden mislukt")
    SECOND_FACTOR_FAILED = "sign_in.second_factor_failed", _("Tweede factor onjuist")
    LOCKED_OUT = "sign_in.locked_out", _("Account geblokkeerd")
    SECOND_FACTOR_ENROLLED = "sign_in.enrolled", _("Tweede factor ingesteld")
    RECOVERY_CODES_RENEWED = "sign_in.recovery_renewed", _("Herstelcodes vernieuwd")
    SIGN_OUT = "sign_out", _("Afgemeld")
    SIGN_OUT_EVERYWHERE = "sign_out.everywhere", _("Overal afgemeld")
    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    READ = "read", _("Ingezien")
    LIST = "list", _("Lijst ingezien")
    EXPORT = "export", _("Geëxporteerd")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("volgnummer"), unique=True)
    occurred_at = models.DateTimeField(_("tijdstip"), db_index=True)
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True, db_index=True)
    actor_label = models.CharField(_("gebruiker"), max_length=254, blank=True)
    organisation_id = models.BigIntegerField(_("organisatie-id"), null=True)
    organisation_label = models.CharField(_("organisatie"), max_length=200, blank=True)
    municipality_code = models.CharField(_("gemeente"), max_length=6, blank=True)
    action = models.CharField(_("handeling"), max_length=40, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("soort gegeven"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("gegeven-id"), max_length=64, blank=True)
    purpose = models.CharField(_("doel"), max_length=200, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("audittrail")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Audit events are append-only.")

    def canonical_payload(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "organisation_id": self.organisation_id,
            "organisation_label": self.organisation_label,
            "municipality_code": self.municipality_code,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "purpose": self.purpose,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        encoded = json.dumps(self.canonical_payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


class AuditChainHead(models.Model):
    """One row: the last sequence number and hash. Locking it serialises appends."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("kop van de auditketen")

    def __str__(self) -> str:
        return f"head at {self.last_seq}"
