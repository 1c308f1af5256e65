"""Audit events for sign-in activity, from Django's and axes' signals."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record


def no_client_ip(request: Any) -> None:
    """django-axes asks for the client address; lock-out is per account, so we give none."""
    return None


def _account_for(username: str | None) -> tuple[str, str]:
    """The account an attempt targeted, as an id: attempted e-mail addresses are not stored."""
    from schakel.accounts.models import User

    if not username:
        return "", ""
    user = User.objects.filter(email__iexact=username).only("pk").first()
    return ("accounts.user", str(user.pk)) if user else ("", "")


@receiver(user_logged_in, dispatch_uid="schakel.audit.logged_in")
def _on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.SIGN_IN_PASSWORD, obj=user)


@receiver(user_logged_out, dispatch_uid="schakel.audit.logged_out")
def _on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.SIGN_OUT, obj=user)


@receiver(user_login_failed, dispatch_uid="schakel.audit.login_failed")
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    object_type, object_id = _account_for(credentials.get("username"))
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        object_type=object_type,
        object_id=object_id,
        detail={"known_account": bool(object_id), "locked_out": locked},
    )


@receiver(user_locked_out, dispatch_uid="schakel.audit.locked_out")
def _on_locked_out(sender: Any, request: Any, username: str | None, ip_address: Any = None, **kwargs: Any) -> None:
    object_type, object_id = _account_for(username)
    audit_record(actor=None, action=AuditAction.LOCKED_OUT, object_type=object_type, object_id=object_id)
