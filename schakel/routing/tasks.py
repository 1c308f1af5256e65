"""Background work of the reporting route: deliveries with retries, daily reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from schakel.routing.models import NotificationStatus
from schakel.routing.notifications import deliver


@db_task()
def deliver_notification(notification_id: int) -> str:
    status = deliver(notification_id)
    if status == NotificationStatus.PENDING:
        # Back off: 1, 2, 3, 4 minutes; after the last attempt the notification is 'failed'.
        from schakel.routing.models import Notification

        attempts = Notification.objects.filter(pk=notification_id).values_list("attempts", flat=True).first() or 1
        deliver_notification.schedule((notification_id,), delay=60 * attempts)
    return status


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_reminders() -> int:
    from schakel.routing.services import send_daily_reminders

    return send_daily_reminders()


@db_periodic_task(crontab(minute="*/15"))
def retry_pending_notifications() -> int:
    """Safety net: pending notifications whose task was lost (a worker restart) are retried."""
    from datetime import timedelta

    from django.utils import timezone

    from schakel.routing.models import Notification

    stale = Notification.objects.filter(
        status=NotificationStatus.PENDING, created_at__lt=timezone.now() - timedelta(minutes=10)
    ).values_list("pk", flat=True)
    count = 0
    for notification_id in stale:
        deliver(notification_id)
        count += 1
    return count
