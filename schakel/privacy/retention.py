"""Applying the retention rules: the daily job, the command and the preview share this code."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.privacy.adapters import ADAPTERS, RecordRef, RetentionAdapter, add_months, start_of_day
from schakel.privacy.models import LegalHold, RetentionAction, RetentionRule, Tombstone

logger = logging.getLogger("schakel.privacy")
PREVIEW_DAYS = 30


def active_rules() -> list[RetentionRule]:
    return [rule for rule in RetentionRule.objects.filter(is_active=True) if rule.record_type in ADAPTERS]


def _rule_queryset(rule: RetentionRule, adapter: RetentionAdapter) -> QuerySet[Any]:
    """The rule's records that are not processed yet, with their municipality scoping."""
    queryset = adapter.candidates(rule.condition)
    if rule.municipality_id is not None:
        queryset = queryset.filter(municipality_id=rule.municipality_id)
    else:
        # A municipality's own rule (active or switched off) replaces the general one.
        own = RetentionRule.objects.filter(
            record_type=rule.record_type, condition=rule.condition, municipality__isnull=False
        ).values_list("municipality_id", flat=True)
        queryset = queryset.exclude(municipality_id__in=list(own))
    done = Tombstone.objects.filter(record_type=rule.record_type).values_list("object_id", flat=True)
    return queryset.exclude(pk__in=done)


def held_ids(record_type: str) -> set[int]:
    return set(
        LegalHold.objects.filter(record_type=record_type, lifted_at__isnull=True).values_list("object_id", flat=True)
    )


def expired_queryset(
    rule: RetentionRule, *, today: date, horizon_days: int = 0, municipality_id: int | None = None
) -> QuerySet[Any]:
    """Records of ``rule`` whose period ends on or before ``today + horizon_days``."""
    adapter = ADAPTERS[rule.record_type]
    cutoff = start_of_day(add_months(today + timedelta(days=horizon_days + 1), -rule.period_months))
    queryset = _rule_queryset(rule, adapter).filter(retention_anchor__lt=cutoff)
    if municipality_id is not None:
        queryset = queryset.filter(municipality_id=municipality_id)
    return queryset.order_by("retention_anchor", "pk")


def expired(
    rule: RetentionRule, *, today: date, horizon_days: int = 0, municipality_id: int | None = None
) -> Iterator[tuple[Any, date]]:
    """Like ``expired_queryset``, with the date each period ends."""
    queryset = expired_queryset(rule, today=today, horizon_days=horizon_days, municipality_id=municipality_id)
    for obj in queryset.iterator(chunk_size=500):
        # Most record types count from a moment (closed_at); some from a day (closed_on).
        anchor = obj.retention_anchor
        anchor = timezone.localdate(anchor) if isinstance(anchor, datetime) else anchor
        yield obj, add_months(anchor, rule.period_months)


@dataclass
class RuleOutcome:
    rule: RetentionRule
    processed: list[RecordRef] = field(default_factory=list)
    held: list[RecordRef] = field(default_factory=list)
    failed: list[RecordRef] = field(default_factory=list)


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    rules: list[RuleOutcome] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return sum(len(r.processed) for r in self.rules)

    @property
    def held(self) -> int:
        return sum(len(r.held) for r in self.rules)

    @property
    def failed(self) -> int:
        return sum(len(r.failed) for r in self.rules)


def _apply_one(rule: RetentionRule, adapter: RetentionAdapter, obj: Any, ref: RecordRef) -> bool:
    """Tombstone, anonymise or delete, and audit: one transaction per record. False when a
    legal hold was placed since the run started (checked again inside the transaction)."""
    with transaction.atomic():
        if LegalHold.objects.filter(
            record_type=rule.record_type, object_id=ref.object_id, lifted_at__isnull=True
        ).exists():
            return False
        tombstone, created = Tombstone.objects.get_or_create(
            record_type=rule.record_type,
            object_id=ref.object_id,
            defaults={
                "municipality_id": ref.municipality_id,
                "uuid_hash": adapter.uuid_hash(obj),
                "reference": ref.reference,
                "created_on": ref.created_on,
                "closed_on": ref.closed_on,
                "condition": rule.condition,
                "rule": rule,
                "rule_label": str(rule)[:200],
                "period_months": rule.period_months,
                "action": rule.action,
            },
        )
        if not created:
            return True
        if rule.action == RetentionAction.DELETE:
            adapter.delete(obj)
        else:
            adapter.anonymise(obj)
        # No content: the record's number, the rule and what was done.
        audit_record(
            actor=None,
            action=AuditAction.DELETE if rule.action == RetentionAction.DELETE else AuditAction.UPDATE,
            object_type=adapter.object_type,
            object_id=ref.object_id,
            purpose="bewaartermijn verstreken",
            detail={"rule": rule.pk, "condition": rule.condition, "action": rule.action, "tombstone": tombstone.pk},
        )
    return True


CHUNK = 500


def _in_chunks(queryset: QuerySet[Any]) -> Iterator[Any]:
    """The records, fetched 500 at a time by primary key: the ids are read first, so the
    writes of the run never race an open cursor (SQLite) and memory stays flat."""
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=chunk)}
        for pk in chunk:
            if pk in by_pk:
                yield by_pk[pk]


def apply_retention(today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Delete or anonymise everything whose retention period has ended, except held records.

    Idempotent: a processed record has a tombstone and is never picked up again.
    """
    today = today or timezone.localdate()
    report = RetentionReport(today=today, dry_run=dry_run)
    for rule in active_rules():
        adapter = ADAPTERS[rule.record_type]
        outcome = RuleOutcome(rule=rule)
        held = held_ids(rule.record_type)
        for obj in _in_chunks(expired_queryset(rule, today=today)):
            ref = adapter.ref(obj)
            if ref.object_id in held:
                outcome.held.append(ref)
                continue
            if dry_run:
                outcome.processed.append(ref)
                continue
            try:
                done = _apply_one(rule, adapter, obj, ref)
            except Exception:  # one broken record must not stop the rest; it is retried tomorrow
                logger.exception("Retention failed for %s %s", rule.record_type, ref.object_id)
                outcome.failed.append(ref)
            else:
                (outcome.processed if done else outcome.held).append(ref)
        report.rules.append(outcome)
    if not dry_run:
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="privacy.retentionrule",
            purpose="bewaartermijnen toegepast",
            detail={
                "date": today.isoformat(),
                "processed": report.processed,
                "held": report.held,
                "failed": report.failed,
            },
        )
    logger.info(
        "Retention %s: %s processed, %s held, %s failed",
        "dry run" if dry_run else "run",
        report.processed,
        report.held,
        report.failed,
    )
    return report


@dataclass
class PreviewRow:
    ref: RecordRef
    ends_on: date
    held: bool


@dataclass
class PreviewRule:
    rule: RetentionRule
    rows: list[PreviewRow]

    @property
    def count(self) -> int:
        return sum(1 for row in self.rows if not row.held)

    @property
    def held_count(self) -> int:
        return sum(1 for row in self.rows if row.held)


def preview(*, municipality_id: int, today: date | None = None, days: int = PREVIEW_DAYS) -> list[PreviewRule]:
    """What the job will process within ``days`` for one municipality (refs and dates only)."""
    today = today or timezone.localdate()
    result = []
    for rule in active_rules():
        adapter = ADAPTERS[rule.record_type]
        held = held_ids(rule.record_type)
        rows = []
        for obj, ends_on in expired(rule, today=today, horizon_days=days, municipality_id=municipality_id):
            ref = adapter.ref(obj)
            rows.append(PreviewRow(ref=ref, ends_on=ends_on, held=ref.object_id in held))
        result.append(PreviewRule(rule=rule, rows=rows))
    return result
