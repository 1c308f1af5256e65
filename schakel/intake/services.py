"""Versions of the indicator catalogue: draft, publish, retire. A published version is frozen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.intake.models import CatalogueStatus, Indicator, IndicatorCatalogue


def catalogue_new_draft(*, actor: User, source: IndicatorCatalogue, version: str) -> IndicatorCatalogue:
    """A draft copy of ``source`` to edit; signals keep using the published version meanwhile."""
    if not actor.has_perm("accounts.manage_reference_data"):
        raise PermissionError
    if IndicatorCatalogue.objects.filter(version=version).exists():
        raise ValidationError(_("Versie %(v)s bestaat al.") % {"v": version})
    with transaction.atomic():
        draft = IndicatorCatalogue.objects.create(version=version, status=CatalogueStatus.DRAFT, source=source.source)
        Indicator.objects.bulk_create(
            [
                Indicator(
                    catalogue=draft,
                    code=i.code,
                    category=i.category,
                    forms=i.forms,
                    weights=i.weights,
                    label_nl=i.label_nl,
                    label_en=i.label_en,
                    help_nl=i.help_nl,
                )
                for i in source.indicators.all()
            ]
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=draft, purpose="conceptversie indicatorenlijst")
    return draft


def catalogue_publish(*, actor: User, catalogue: IndicatorCatalogue) -> IndicatorCatalogue:
    """Put a draft in force; the version in force until now is retired (it stays readable)."""
    if not actor.has_perm("accounts.manage_reference_data"):
        raise PermissionError
    if catalogue.status != CatalogueStatus.DRAFT:
        raise ValidationError(_("Alleen een conceptversie kan worden gepubliceerd."))
    if not catalogue.indicators.exists():
        raise ValidationError(_("Een indicatorenlijst zonder indicatoren kan niet worden gepubliceerd."))
    with transaction.atomic():
        IndicatorCatalogue.objects.filter(status=CatalogueStatus.PUBLISHED).update(status=CatalogueStatus.RETIRED)
        catalogue.status = CatalogueStatus.PUBLISHED
        catalogue.published_at = timezone.now()
        catalogue.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=catalogue, purpose="indicatorenlijst gepubliceerd")
    return catalogue
