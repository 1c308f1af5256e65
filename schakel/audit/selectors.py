from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.audit.services import audit_record


def audit_event_list(*, actor: User, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The audit trail, for auditors only (others get 404: the view does not exist for them).

    Reading the trail is itself an audited act.
    """
    if not actor.has_perm("accounts.view_audit_trail"):
        raise Http404
    queryset = AuditEvent.objects.all().order_by("-seq")
    if filters.get("actor"):
        queryset = queryset.filter(actor_label__icontains=filters["actor"])
    if filters.get("action"):
        queryset = queryset.filter(action=filters["action"])
    if filters.get("object_type"):
        queryset = queryset.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        queryset = queryset.filter(object_id=filters["object_id"])
    tz = timezone.get_current_timezone()
    if isinstance(filters.get("date_from"), date):
        queryset = queryset.filter(occurred_at__gte=datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if isinstance(filters.get("date_to"), date):
        queryset = queryset.filter(occurred_at__lte=datetime.combine(filters["date_to"], time.max, tzinfo=tz))
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="audit.auditevent",
        purpose="controle audittrail",
        detail={key: str(value) for key, value in filters.items() if value},
    )
    return queryset
