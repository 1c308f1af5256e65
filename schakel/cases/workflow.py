"""The case workflow: allowed status changes in one table, enforced in one function.

History is appended (CaseStatusChange), never edited. Closing needs an outcome; reopening
needs a reason. Merging closes the merged case with the outcome "merged" (services.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.cases.models import Case, CaseEvent, CaseOutcome, CaseStatus, CaseStatusChange

S = CaseStatus
TRANSITIONS: dict[str, set[str]] = {
    S.OPEN: {S.ACTIVE, S.CLOSED},
    S.ACTIVE: {S.MONITORING, S.CLOSED},
    S.MONITORING: {S.ACTIVE, S.CLOSED},
    S.CLOSED: {S.ACTIVE},  # reopening, with a reason
}


def allowed_targets(status: str) -> set[str]:
    return TRANSITIONS.get(status, set())


def can_manage(actor: object, case: Case) -> bool:
    return (
        isinstance(actor, User)
        and actor.has_perm("accounts.manage_cases")
        and actor.municipality is not None
        and actor.municipality.pk == case.municipality_id
    )


def transition(
    *,
    actor: User,
    case: Case,
    to_status: str,
    reason: str = "",
    outcome: str = "",
    outcome_note: str = "",
    merged_into: Case | None = None,
) -> Case:
    """Move a case to another status; raises ValidationError (Dutch) or PermissionDenied."""
    if not can_manage(actor, case):
        raise PermissionDenied
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        current = locked.status
        if to_status not in allowed_targets(current):
            raise ValidationError(
                _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
                % {"from": CaseStatus(current).label, "to": CaseStatus(to_status).label},
                code="forbidden_transition",
            )
        if to_status == S.CLOSED:
            if outcome not in CaseOutcome.values:
                raise ValidationError(_("Kies een uitkomst om de casus af te sluiten."), code="outcome_required")
            if outcome == CaseOutcome.MERGED and merged_into is None:
                raise ValidationError(
                    _("Een casus sluit je als samengevoegd door hem samen te voegen."), code="merge_required"
                )
            locked.outcome, locked.outcome_note = outcome, outcome_note
            locked.merged_into = merged_into
            locked.closed_at = timezone.now()
        if current == S.CLOSED:
            if not reason.strip():
                raise ValidationError(_("Geef een reden om de casus te heropenen."), code="reason_required")
            locked.outcome, locked.outcome_note, locked.closed_at, locked.merged_into = "", "", None, None
        locked.status = to_status
        locked.status_entered_at = timezone.now()
        locked.save()
        CaseStatusChange.objects.create(
            case=locked, from_status=current, to_status=to_status, actor=actor, reason=reason
        )
        label = CaseStatus(to_status).label
        text = _("Status: %(status)s") % {"status": label}
        if outcome:
            text += f" ({CaseOutcome(outcome).label})"
        CaseEvent.objects.create(case=locked, actor=actor, kind="status", text=text[:300])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            purpose="status casus",
            detail={"from": current, "to": to_status, "outcome": outcome},
        )
    case.refresh_from_db()
    return case
