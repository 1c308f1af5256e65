"""Daily reminders for overdue actions of a plan of approach."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="5"))
def overdue_action_reminders() -> int:
    from schakel.cases.services import send_overdue_action_reminders

    return send_overdue_action_reminders()
