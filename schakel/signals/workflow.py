"""The signal workflow: allowed status changes in one table, enforced in one function.

History is appended (SignalStatusChange), never edited. Every status but "closed" gets an
owner and a deadline computed from the DeadlineRule table when it is entered.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.signals.deadlines import add_working_days
from schakel.signals.models import (
    DeadlineRule,
    Outcome,
    Signal,
    SignalStatus,
    SignalStatusChange,
)

S = SignalStatus
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.TRIAGE, S.CLOSED},
    S.TRIAGE: {S.VERIFICATION, S.CLOSED},
    S.VERIFICATION: {S.SHARED, S.CLOSED},
    S.SHARED: {S.AWAITING_FEEDBACK, S.CLOSED},
    S.AWAITING_FEEDBACK: {S.SHARED, S.CLOSED},
    S.CLOSED: {S.TRIAGE},  # reopening, with a reason
}
# Leaving verification for these statuses means the signal has a verification outcome (R7).
VERIFIED_BY_LEAVING = {S.VERIFICATION}


def allowed_targets(status: str) -> set[str]:
    return TRANSITIONS.get(status, set())


def deadline_for(signal: Signal, status: str, today: date | None = None) -> date | None:
    if status == S.CLOSED:
        return None
    days = DeadlineRule.working_days_for(status=status, forms=signal.forms, urgency=signal.urgency)
    if days is None:
        return None
    return add_working_days(today or timezone.localdate(), days)


def transition(
    *,
    actor: User,
    signal: Signal,
    to_status: str,
    reason: str = "",
    owner: User | None = None,
    outcome: str = "",
    outcome_note: str = "",
    duplicate_of: Signal | None = None,
    system: bool = False,
) -> Signal:
    """Move a signal to another status. Call inside no transaction or any; it takes the row lock.

    Raises ValidationError (Dutch) for a forbidden change or missing outcome, PermissionDenied
    for someone who may not run the workflow. ``system`` is for other services that move the
    status as a consequence (a partner acknowledging a share); they checked permission.
    """
    if not system and (not actor.has_perm("accounts.view_all_signals") or actor.municipality != signal.municipality):
        raise PermissionDenied
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        current = locked.status
        if to_status not in allowed_targets(current):
            raise ValidationError(
                _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
                % {"from": SignalStatus(current).label, "to": SignalStatus(to_status).label},
                code="forbidden_transition",
            )
        if to_status == S.CLOSED:
            if outcome not in Outcome.values:
                raise ValidationError(_("Kies een uitkomst om het signaal af te sluiten."), code="outcome_required")
            if outcome == Outcome.DUPLICATE:
                if duplicate_of is None or duplicate_of.pk == locked.pk:
                    raise ValidationError(
                        _("Kies het signaal waarvan dit een dubbele melding is."), code="duplicate_required"
                    )
                if duplicate_of.municipality_id != locked.municipality_id:
                    raise ValidationError(_("Dat signaal hoort bij een andere gemeente."), code="duplicate_foreign")
            locked.outcome, locked.outcome_note = outcome, outcome_note
            locked.duplicate_of = duplicate_of if outcome == Outcome.DUPLICATE else None
            locked.closed_at = timezone.now()
        if (
            current == S.TRIAGE
            and to_status == S.VERIFICATION
            and locked.minor_involved == "yes"
            and not locked.veilig_thuis_route_followed
        ):
            raise ValidationError(
                _("Er is een minderjarige betrokken: leg eerst vast dat de Veilig Thuis-route is gevolgd."),
                code="veilig_thuis_route",
            )
        if current == S.CLOSED and not reason.strip():
            raise ValidationError(_("Geef een reden om het signaal te heropenen."), code="reason_required")
        if current == S.CLOSED:
            locked.outcome, locked.outcome_note, locked.closed_at, locked.duplicate_of = "", "", None, None
        if current in VERIFIED_BY_LEAVING and locked.verified_at is None:
            locked.verified_at = timezone.now()
        locked.status = to_status
        locked.status_entered_at = timezone.now()
        locked.owner = (
            owner
            if owner is not None
            else (locked.owner or (actor if isinstance(actor, User) and not system else None))
        )
        locked.deadline = deadline_for(locked, to_status)
        locked.save()
        SignalStatusChange.objects.create(
            signal=locked,
            from_status=current,
            to_status=to_status,
            # A partner system (API client) is recorded in the audit trail, not here.
            actor=actor if isinstance(actor, User) else None,
            reason=reason,
            owner=locked.owner,
            deadline=locked.deadline,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            purpose="status signaal",
            detail={"from": current, "to": to_status, "outcome": outcome},
        )
    signal.refresh_from_db()
    return signal


def start_clock(signal: Signal) -> None:
    """The deadline of a new signal's first status ('received'); called by signal_submit."""
    signal.status_entered_at = signal.received_at
    signal.deadline = deadline_for(signal, S.RECEIVED, today=timezone.localdate(signal.received_at))


def punctuality(signal: Signal, today: date | None = None) -> str:
    """'on_time', 'late' or 'very_late' (more than five working days past the deadline)."""
    from schakel.signals.deadlines import working_days_between

    if signal.deadline is None or signal.status == S.CLOSED:
        return "on_time"
    today = today or timezone.localdate()
    if today <= signal.deadline:
        return "on_time"
    return "very_late" if working_days_between(signal.deadline, today) > 5 else "late"


__all__ = ["TRANSITIONS", "Any", "allowed_targets", "deadline_for", "punctuality", "start_clock", "transition"]
