"""Reads of organisations, users and liaison officers, always with the acting user."""

from __future__ import annotations

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404

from schakel.accounts.models import LiaisonOfficer, Organisation, User
from schakel.accounts.roles import ROLE_LABELS
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record


def role_labels(*, user: User) -> list[str]:
    return [str(ROLE_LABELS[code]) for code in ROLE_LABELS if user.has_role(code)]


def organisation_list(*, actor: User) -> QuerySet[Organisation]:
    """The partner register is open to every signed-in user: knowing who is who is the point."""
    return Organisation.objects.filter(is_active=True).prefetch_related("municipalities", "covenants")


def organisation_get(*, actor: User, pk: int) -> Organisation:
    try:
        return organisation_list(actor=actor).get(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def liaison_officer_list(*, actor: User, organisation: Organisation | None = None) -> QuerySet[LiaisonOfficer]:
    """Names and contact details of liaison officers: the chain director and administrators only."""
    if not actor.has_perm("accounts.view_liaison_registry"):
        raise Http404
    queryset = (
        LiaisonOfficer.objects.filter(is_active=True)
        .select_related("organisation")
        .annotate(last_training=Max("trainings__date"))
        .prefetch_related(Prefetch("trainings"))
    )
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="accounts.liaisonofficer",
        object_id=str(organisation.pk) if organisation else "",
        purpose="register aandachtsfunctionarissen",
    )
    return queryset
