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


def _trajectory(coordinator: User, name: str, outcome: str, months_ago: int) -> int:
    from schakel.care import services as care
    from schakel.care.models import CareTrajectory, TrajectoryStatus

    assert coordinator.municipality is not None
    trajectory = care.trajectory_create(
        actor=coordinator, municipality=coordinator.municipality, referred_on=date(2021, 3, 1),
        referring_organisation=None, victim=care.VictimInput(birth_year=1995, sex="female", forms=["sexual"]),
        identity=care.IdentityInput(full_name=name, phone="+31612345678", notes=f"{name} woont bij haar zus"),
    )  # fmt: skip
    CareTrajectory.objects.filter(pk=trajectory.pk).update(
        status=TrajectoryStatus.CLOSED, outcome=outcome, outcome_note=f"{name} is uitgestroomd",
        closed_on=add_months(TODAY, -months_ago),
    )  # fmt: skip
    return trajectory.pk


def test_care_trajectories_lose_the_identity_after_their_period(chain_director: User) -> None:
    from schakel.care.models import CareTrajectory, TrajectoryOutcome, VictimIdentity

    old = _trajectory(chain_director, "Olena Testenko", TrajectoryOutcome.NOT_VICTIM, 13)
    recent = _trajectory(chain_director, "Ivana Proeva", TrajectoryOutcome.INDEPENDENT, 59)
    apply_retention(today=TODAY)
    anonymised = CareTrajectory.objects.get(pk=old)
    assert not VictimIdentity.objects.filter(victim_id=anonymised.victim_id).exists()
    assert anonymised.outcome_note == "" and anonymised.victim.birth_year == 1995  # the figures stay
    assert VictimIdentity.objects.filter(victim__trajectories__pk=recent, full_name="Ivana Proeva").exists()
    tombstone = Tombstone.objects.get(record_type="care_trajectory", object_id=old)
    assert "Olena" not in " ".join(str(value) for value in tombstone.__dict__.values())
    assert apply_retention(today=TODAY).processed == 0
