"""Writing and verifying the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from schakel.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent


def _label_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    Runs in its own atomic block (a savepoint inside a caller's transaction), so a write and
    its audit event commit or roll back together. The chain head is row-locked, which
    serialises appends on PostgreSQL; SQLite runs IMMEDIATE transactions, which does the same.
    Detail must not contain personal data of data subjects: ids and codes, not names.
    """
    if obj is not None:
        object_type = object_type or _label_type(obj)
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False) and hasattr(actor, "email")
    actor_id = actor.pk if is_user else None
    # Non-user principals (a partner system's API client) are labelled, not numbered.
    actor_label = actor.email if is_user else getattr(actor, "audit_label", "")
    organisation = getattr(actor, "organisation", None) if actor is not None else None
    municipality = actor.municipality if is_user else None
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            try:
                with transaction.atomic():
                    head = AuditChainHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS_HASH)
            except IntegrityError:
                head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            organisation_id=organisation.pk if organisation else None,
            organisation_label=organisation.name if organisation else "",
            municipality_code=municipality.code if municipality else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            purpose=purpose[:200],
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def audit_read(*, actor: Any, obj: models.Model, purpose: str = "") -> AuditEvent:
    return audit_record(actor=actor, action=AuditAction.READ, obj=obj, purpose=purpose)


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    message: str


def verify_chain(batch_size: int = 5000) -> Iterator[ChainProblem]:
    """Yield every break in the chain: edited, inserted, deleted or reordered events."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    queryset = AuditEvent.objects.order_by("seq")
    last_seq = 0
    last_hash = GENESIS_HASH
    for event in queryset.iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            yield ChainProblem(event.seq, f"events {expected_seq}..{event.seq - 1} are missing")
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "previous-hash link does not match the preceding event")
        if event.compute_hash() != event.hash:
            yield ChainProblem(event.seq, "content does not match its hash (edited)")
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
        last_hash = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != last_seq or head.last_hash != last_hash):
        yield ChainProblem(head.last_seq, "the newest events are missing (chain head points past the last event)")
