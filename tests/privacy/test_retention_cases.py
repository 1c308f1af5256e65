"""Retention for cases: closed cases are anonymised (or merged shells deleted) once their
period has passed, leaving a content-free tombstone; open cases and recent ones stay."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from schakel.accounts.models import User
from schakel.cases import services as cases
from schakel.cases.models import Action, AgendaItem, Case, CaseOutcome, CaseStatus, CaseStatusChange
from schakel.privacy.adapters import add_months
from schakel.privacy.models import RetentionRule, Tombstone
from schakel.privacy.retention import apply_retention

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def _closed(director: User, title: str, outcome: str, months_ago: int) -> Case:
    case = cases.case_create(actor=director, title=title)
    closed_at = timezone.make_aware(datetime.combine(add_months(TODAY, -months_ago), datetime.min.time()))
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, outcome=outcome, outcome_note=f"{title}: Anna Kowalska in opvang", closed_at=closed_at
    )
    CaseStatusChange.objects.create(case=case, from_status="active", to_status="closed", reason="Anna Kowalska")
    return Case.objects.get(pk=case.pk)


def test_default_rules_for_cases_exist() -> None:
    rules = {r.condition: r for r in RetentionRule.objects.filter(record_type="case", municipality=None)}
    assert set(rules) == {"no_trafficking", "closed", "merged"}
    assert rules["no_trafficking"].period_months == 24 and rules["merged"].action == "delete"


def test_expired_cases_are_anonymised_recent_and_open_ones_stay(chain_director: User) -> None:
    old = _closed(chain_director, "Salon Oost", CaseOutcome.NO_TRAFFICKING, 25)
    recent = _closed(chain_director, "Salon West", CaseOutcome.NO_TRAFFICKING, 23)
    shell = _closed(chain_director, "Dubbel", CaseOutcome.MERGED, 13)
    still_open = cases.case_create(actor=chain_director, title="Lopend")
    Case.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - timedelta(days=2000))
    Action.objects.create(
        case=old, type="care_referral", organisation=chain_director.organisation, description="Anna naar opvang"
    )

    report = apply_retention(today=TODAY)

    old.refresh_from_db()
    assert old.title == old.code and old.outcome_note == "" and old.outcome == CaseOutcome.NO_TRAFFICKING
    assert not Action.objects.filter(case=old).exclude(description="").exists()
    assert not CaseStatusChange.objects.filter(case=old).exclude(reason="").exists()
    assert not Case.objects.filter(pk=shell.pk).exists()
    recent.refresh_from_db()
    assert "Anna" in recent.outcome_note  # 23 months: not yet
    assert Case.objects.filter(pk=still_open.pk, title="Lopend").exists()
    tombstones = Tombstone.objects.filter(record_type="case")
    assert {t.object_id for t in tombstones} == {old.pk, shell.pk}
    assert report.processed >= 2
    dump = " ".join(str(value) for t in tombstones for value in t.__dict__.values())
    assert "Anna" not in dump and "Salon" not in dump and "Dubbel" not in dump
    assert apply_retention(today=TODAY).processed == 0  # idempotent
    assert AgendaItem.objects.filter(case=old).exclude(discussion="").count() == 0
