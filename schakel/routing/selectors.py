"""What a partner may read: shares to its own organisation, and of each only the parts shared.

The projection is built from the parts list, so a part that was not shared is never in the
data handed to a template or serializer: it cannot leak by a template mistake.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.routing.models import Share, SharePart, ShareStatus
from schakel.signals.models import ApiClient, EntityKind, PersonRole


def _partner_org(actor: Any) -> Any:
    if isinstance(actor, ApiClient) and actor.is_active:
        return actor.organisation
    if isinstance(actor, User) and actor.has_perm("accounts.receive_shares"):
        return actor.organisation
    return None


def partner_shares(*, actor: Any) -> QuerySet[Share]:
    organisation = _partner_org(actor)
    if organisation is None:
        return Share.objects.none()
    return (
        Share.objects.filter(partner=organisation, expires_on__gte=timezone.localdate())
        .exclude(status=ShareStatus.WITHDRAWN)
        .select_related("signal", "legal_basis", "partner")
    )


def share_list(*, actor: Any) -> QuerySet[Share]:
    if _partner_org(actor) is None:
        raise Http404
    audit_record(actor=actor, action=AuditAction.LIST, object_type="routing.share", purpose="gedeelde signalen")
    return partner_shares(actor=actor).order_by("-shared_at", "-pk")


def share_get(*, actor: Any, uuid: Any, purpose: str = "") -> Share:
    try:
        share = partner_shares(actor=actor).get(uuid=uuid)
    except (Share.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=share, purpose=purpose or "gedeeld signaal inzien")
    return share


def projection(share: Share) -> dict[str, Any]:
    """Exactly what was shared, as plain data for the partner's page and the API."""
    signal = share.signal
    parts = set(share.parts)
    data: dict[str, Any] = {
        "id": str(share.uuid),
        "reference": signal.reference,
        "received_at": signal.received_at,
        "shared_at": share.shared_at,
        "purpose": share.purpose,
        "legal_basis": str(share.legal_basis),
        "status": share.status,
        "parts": share.parts,
        "expires_on": share.expires_on,
        "feedback_deadline": share.feedback_deadline,
    }
    if SharePart.NARRATIVE in parts:
        data["narrative"] = signal.narrative
        data["observed_on"] = signal.observed_on
    if SharePart.LOCATION in parts:
        data["location"] = {
            "address": signal.address_display,
            "description": signal.location_description,
            "district": signal.district.name if signal.district else "",
        }
    if SharePart.ASSESSMENT in parts:
        data["assessment"] = {
            "forms": signal.forms,
            "forms_display": [str(label) for label in signal.get_forms_display()],
            "urgency": signal.urgency,
            "urgency_display": str(signal.get_urgency_display()),
            "minor_involved": signal.minor_involved,
            "indicators": list(signal.indicators.order_by("code").values_list("code", flat=True)),
        }
    entities = list(signal.entities.order_by("kind", "pk"))
    if SharePart.PERSONS in parts:
        data["persons"] = [
            {
                "role": e.role,
                "role_display": str(e.get_role_display()),
                "display": e.display,
                "attributes": _person_attributes(e.attributes),
            }
            for e in entities
            if e.kind == EntityKind.PERSON and e.role != PersonRole.POSSIBLE_VICTIM
        ]
    if SharePart.VICTIM_IDENTITY in parts:
        data["victims"] = [
            {"display": e.display, "attributes": _person_attributes(e.attributes)}
            for e in entities
            if e.kind == EntityKind.PERSON and e.role == PersonRole.POSSIBLE_VICTIM
        ]
    if SharePart.DETAILS in parts:
        data["details"] = [
            {"kind": e.kind, "kind_display": str(e.get_kind_display()), "display": e.display}
            for e in entities
            if e.kind != EntityKind.PERSON
        ]
    if SharePart.ATTACHMENTS in parts:
        data["attachments"] = [
            {"id": a.pk, "name": a.original_name, "size": a.size, "content_type": a.content_type}
            for a in signal.attachments.all()
        ]
    if SharePart.REPORTER in parts:
        data["reporter"] = {
            "channel": signal.channel,
            "channel_display": str(signal.get_channel_display()),
            "organisation": signal.reporter_organisation.name if signal.reporter_organisation else "",
            "name": signal.reporter.full_name if signal.reporter else "",
        }
    return data


def _person_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    keep = ("sex", "age", "birth_year", "birth_date", "nationality", "languages", "description")
    return {key: attributes.get(key) for key in keep if attributes.get(key)}
