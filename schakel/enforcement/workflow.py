"""The measure workflow: allowed status changes in one table, enforced in one function.

intention → view heard (zienswijze) → decision → objection → appeal → executed, with
"withdrawn" possible from every open step. History is appended (MeasureStatusChange), never
edited. Each step's deadline comes from ``terms.MEASURE_TERMS``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.enforcement.models import Measure, MeasureStatus, MeasureStatusChange
from schakel.enforcement.selectors import can_manage
from schakel.enforcement.terms import measure_deadline

M = MeasureStatus
TRANSITIONS: dict[str, set[str]] = {
    # Without a view submitted in time, the decision follows the intention directly.
    M.INTENTION: {M.VIEW_HEARD, M.DECISION, M.WITHDRAWN},
    M.VIEW_HEARD: {M.DECISION, M.WITHDRAWN},
    M.DECISION: {M.OBJECTION, M.EXECUTED, M.WITHDRAWN},
    M.OBJECTION: {M.APPEAL, M.EXECUTED, M.WITHDRAWN},
    M.APPEAL: {M.EXECUTED, M.WITHDRAWN},
    M.EXECUTED: set(),
    M.WITHDRAWN: set(),
}
# Order for display of the path a measure can take.
ORDER = [M.INTENTION, M.VIEW_HEARD, M.DECISION, M.OBJECTION, M.APPEAL, M.EXECUTED, M.WITHDRAWN]


def allowed_targets(status: str) -> list[str]:
    targets = TRANSITIONS.get(status, set())
    return [status_ for status_ in ORDER if status_ in targets]


def transition(
    *, actor: User, measure: Measure, to_status: str, on_date: date | None = None, note: str = ""
) -> Measure:
    """Move a measure to its next step, with the step's deadline, audited, in one transaction."""
    if not can_manage(actor, measure.municipality):
        raise PermissionDenied
    on_date = on_date or timezone.localdate()
    with transaction.atomic():
        locked = Measure.objects.select_for_update().get(pk=measure.pk)
        if to_status not in TRANSITIONS.get(locked.status, set()):
            raise ValidationError(
                _("Van '%(from)s' naar '%(to)s' kan niet.")
                % {"from": locked.get_status_display(), "to": dict(M.choices).get(to_status, to_status)},
                code="invalid_transition",
            )
        if on_date < locked.status_entered_on:
            raise ValidationError(_("Deze datum ligt vóór de vorige stap."), code="date_before_previous")
        if on_date > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."), code="future")
        from_status = locked.status
        locked.status = to_status
        locked.status_entered_on = on_date
        locked.deadline = measure_deadline(to_status, on_date)
        locked.save(update_fields=["status", "status_entered_on", "deadline"])
        MeasureStatusChange.objects.create(
            measure=locked,
            from_status=from_status,
            to_status=to_status,
            on_date=on_date,
            deadline=locked.deadline,
            note=note,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            purpose="status maatregel",
            detail={"from": from_status, "to": to_status},
        )
    measure.refresh_from_db()
    return measure
