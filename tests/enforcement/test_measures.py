"""The measure workflow: transitions table, append-only history, deadlines with frozen time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.accounts.models import User
from schakel.core.models import Municipality
from schakel.enforcement import services, workflow
from schakel.enforcement.models import Measure, MeasureStatus, MeasureStatusChange, Premises
from schakel.enforcement.terms import MEASURE_TERMS, measure_deadline

pytestmark = pytest.mark.django_db
M = MeasureStatus


def _measure(arnhem: Municipality, actor: User, premises: Premises | None = None, on: date | None = None) -> Measure:
    return services.measure_create(
        actor=actor,
        measure=Measure(
            municipality=arnhem,
            type="closure_174a",
            legal_basis="artikel 174a Gemeentewet",
            premises=premises,
            organisation_name="" if premises else "Exploitant Test B.V. (synthetisch)",
        ),
        on_date=on,
    )


@time_machine.travel("2026-02-15 10:00 +01:00", tick=False)
def test_intention_gets_the_two_week_view_term(
    arnhem: Municipality, inspector: User, make_premises: Callable[..., Premises]
) -> None:
    measure = _measure(arnhem, inspector, make_premises())
    assert measure.status == M.INTENTION
    assert measure.status_entered_on == date(2026, 2, 15)
    assert measure.deadline == date(2026, 3, 1)
    assert list(measure.status_changes.values_list("from_status", "to_status")) == [("", M.INTENTION)]


def test_deadline_arithmetic_counts_calendar_days_across_leap_years() -> None:
    assert measure_deadline(M.DECISION, date(2024, 2, 20)) == date(2024, 4, 2)  # leap year: 29 February counts
    assert measure_deadline(M.DECISION, date(2025, 2, 20)) == date(2025, 4, 3)
    assert measure_deadline(M.INTENTION, date(2026, 12, 25)) == date(2027, 1, 8)
    assert measure_deadline(M.OBJECTION, date(2026, 11, 30)) == date(2027, 2, 22)
    assert measure_deadline(M.APPEAL, date(2026, 1, 1)) is None
    assert measure_deadline(M.EXECUTED, date(2026, 1, 1)) is None
    assert set(MEASURE_TERMS) <= set(M.values)


@time_machine.travel("2026-06-30 12:00 +02:00", tick=False)
def test_the_full_path_with_deadlines_and_history(arnhem: Municipality, chain_director: User) -> None:
    measure = _measure(arnhem, chain_director, on=date(2026, 5, 1))
    steps = [
        (M.VIEW_HEARD, date(2026, 5, 12), date(2026, 7, 7)),
        (M.DECISION, date(2026, 5, 20), date(2026, 7, 1)),
        (M.OBJECTION, date(2026, 6, 1), date(2026, 8, 24)),
        (M.APPEAL, date(2026, 6, 29), None),
        (M.EXECUTED, date(2026, 6, 30), None),
    ]
    for to_status, on, deadline in steps:
        measure = workflow.transition(actor=chain_director, measure=measure, to_status=to_status, on_date=on)
        assert (measure.status, measure.deadline) == (to_status, deadline)
    assert list(measure.status_changes.values_list("to_status", flat=True)) == [M.INTENTION, *[s[0] for s in steps]]
    assert workflow.allowed_targets(measure.status) == []


def test_transitions_outside_the_table_are_refused(arnhem: Municipality, inspector: User) -> None:
    measure = _measure(arnhem, inspector)
    for to_status in (M.OBJECTION, M.APPEAL, M.EXECUTED, M.INTENTION):
        with pytest.raises(ValidationError):
            workflow.transition(actor=inspector, measure=measure, to_status=to_status)
    withdrawn = workflow.transition(actor=inspector, measure=measure, to_status=M.WITHDRAWN)
    with pytest.raises(ValidationError):
        workflow.transition(actor=inspector, measure=withdrawn, to_status=M.DECISION)


@time_machine.travel("2026-03-10 09:00 +01:00", tick=False)
def test_dates_before_the_previous_step_or_in_the_future_are_refused(arnhem: Municipality, inspector: User) -> None:
    measure = _measure(arnhem, inspector, on=date(2026, 3, 5))
    with pytest.raises(ValidationError):
        workflow.transition(actor=inspector, measure=measure, to_status=M.DECISION, on_date=date(2026, 3, 4))
    with pytest.raises(ValidationError):
        workflow.transition(actor=inspector, measure=measure, to_status=M.DECISION, on_date=date(2026, 3, 11))


def test_history_is_append_only(arnhem: Municipality, inspector: User) -> None:
    change = _measure(arnhem, inspector).status_changes.get()
    change.note = "rewritten"
    with pytest.raises(PermissionError):
        change.save()
    assert MeasureStatusChange.objects.get().note == ""


def test_a_measure_needs_a_subject_and_a_manager(
    arnhem: Municipality, inspector: User, analyst: User, police_user: User
) -> None:
    with pytest.raises(ValidationError):
        services.measure_create(
            actor=inspector, measure=Measure(municipality=arnhem, type="warning", legal_basis="APV")
        )
    for actor in (analyst, police_user):
        with pytest.raises(PermissionDenied):
            _measure(arnhem, actor)
    measure = _measure(arnhem, inspector)
    with pytest.raises(PermissionDenied):
        workflow.transition(actor=police_user, measure=measure, to_status=M.DECISION)
