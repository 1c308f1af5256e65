"""Background work of victim care: the daily B8 reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="5"))
def reflection_reminders() -> int:
    """Each morning: remind the care coordinators of B8 periods that end soon."""
    from schakel.care.services import send_reflection_reminders

    return send_reflection_reminders()
