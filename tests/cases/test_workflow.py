from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.accounts.models import User
from schakel.audit.models import AuditEvent
from schakel.cases.models import Case, CaseStatus, CaseStatusChange
from schakel.cases.workflow import TRANSITIONS, transition


def test_code_is_pseudonymised_and_sequential(case: Case, chain_director: User) -> None:
    from schakel.cases.services import case_create

    second = case_create(actor=chain_director, title="Tweede")
    assert case.code.startswith(f"C-{case.year}-")
    assert case.code == f"C-{case.year}-{case.number:04d}"
    assert second.number == case.number + 1
    assert case.forms == ["labour"]  # taken from the signal


def test_walk_to_closed_requires_outcome_and_history_is_kept(case: Case, chain_director: User) -> None:
    transition(actor=chain_director, case=case, to_status=CaseStatus.ACTIVE)
    with pytest.raises(ValidationError) as exc:
        transition(actor=chain_director, case=case, to_status=CaseStatus.CLOSED)
    assert exc.value.code == "outcome_required"
    transition(actor=chain_director, case=case, to_status=CaseStatus.CLOSED, outcome="victims_in_care")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == "victims_in_care" and case.closed_at
    history = list(CaseStatusChange.objects.filter(case=case).values_list("from_status", "to_status"))
    assert history == [("open", "active"), ("active", "closed")]
    assert (
        AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), purpose="status casus").count() == 2
    )


def test_merged_outcome_only_through_merge(case: Case, chain_director: User) -> None:
    with pytest.raises(ValidationError):
        transition(actor=chain_director, case=case, to_status=CaseStatus.CLOSED, outcome="merged")


def test_reopen_needs_reason_and_clears_outcome(case: Case, chain_director: User) -> None:
    transition(actor=chain_director, case=case, to_status=CaseStatus.CLOSED, outcome="no_trafficking")
    with pytest.raises(ValidationError):
        transition(actor=chain_director, case=case, to_status=CaseStatus.ACTIVE)
    transition(actor=chain_director, case=case, to_status=CaseStatus.ACTIVE, reason="Nieuw signaal")
    case.refresh_from_db()
    assert case.outcome == "" and case.closed_at is None


def test_forbidden_step_and_history_append_only(case: Case, chain_director: User) -> None:
    assert CaseStatus.MONITORING not in TRANSITIONS[CaseStatus.OPEN]
    with pytest.raises(ValidationError):
        transition(actor=chain_director, case=case, to_status=CaseStatus.MONITORING)
    transition(actor=chain_director, case=case, to_status=CaseStatus.ACTIVE)
    change = CaseStatusChange.objects.get(case=case)
    change.reason = "edited"
    with pytest.raises(PermissionError):
        change.save()


def test_partner_cannot_move_a_case(case: Case, police_user: User) -> None:
    with pytest.raises(PermissionDenied):
        transition(actor=police_user, case=case, to_status=CaseStatus.ACTIVE)


def test_status_form_requires_outcome_to_close(case: Case, chain_director: User) -> None:
    from tests.conftest import verified_client

    client = verified_client(chain_director)
    response = client.post(f"/casussen/{case.pk}/status/", {"to_status": "closed", "outcome": "", "reason": ""})
    assert response.status_code == 400
    assert "Kies een uitkomst" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
