"""E-mail notifications: a link and a count, never personal data; sent after commit, retried,
and failures kept visible (the administrator's list of notifications)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from schakel.routing.models import Notification, NotificationStatus

logger = logging.getLogger("schakel.notifications")
MAX_ATTEMPTS = 5


def notify(*, recipient: str, subject: str, body: str, kind: str) -> Notification | None:
    """Queue one e-mail; it is sent by the worker once the surrounding transaction commits."""
    if not recipient:
        # No mailbox or owner: keep it visible to the administrator instead of dropping it.
        return Notification.objects.create(
            recipient="onbekend@ontvanger.invalid",
            subject=subject,
            body=body,
            kind=kind,
            status=NotificationStatus.FAILED,
            last_error="no recipient (mailbox or owner missing)",
        )
    notification = Notification.objects.create(recipient=recipient, subject=subject, body=body, kind=kind)
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> None:
    from schakel.routing.tasks import deliver_notification

    deliver_notification(notification_id)


def deliver(notification_id: int) -> str:
    """One delivery attempt; returns the resulting status. Safe to call repeatedly."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != NotificationStatus.PENDING:
            return notification.status if notification else "missing"
        notification.attempts += 1
        try:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient],
                fail_silently=False,
            )
        except Exception as exc:  # any transport error: keep it, retry, never drop silently
            notification.last_error = type(exc).__name__[:300]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
                logger.error("Notification %s failed after %s attempts", notification.pk, notification.attempts)
            notification.save(update_fields=["attempts", "last_error", "status"])
            return notification.status
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return notification.status


def link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
