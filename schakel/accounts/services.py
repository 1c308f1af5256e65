"""Use cases for accounts: second-factor enrolment, recovery codes, signing out everywhere."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import F
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


def totp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled; created on first call and then reused."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def user_has_confirmed_totp(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _new_recovery_code() -> str:
    # 10 characters from an unambiguous alphabet, shown as two groups of five.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def recovery_codes_renew(*, actor: User) -> list[str]:
    """Replace all recovery codes of the actor; returns the new codes (shown once)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=actor, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        # django-otp compares static tokens literally; users may type them without the dash.
        for code in codes:
            StaticToken.objects.create(device=device, token=code.replace("-", ""))
        audit_record(actor=actor, action=AuditAction.RECOVERY_CODES_RENEWED, obj=actor)
    return codes


def totp_confirm(*, actor: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment if the token is right; returns the first recovery codes."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValueError("Device does not belong to this enrolment.")
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        audit_record(actor=actor, action=AuditAction.SECOND_FACTOR_ENROLLED, obj=actor)
        codes = recovery_codes_renew(actor=actor)
    return codes


def sign_out_everywhere(*, actor: User) -> None:
    """End every session of the actor, on every device, including the current one."""
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(session_generation=F("session_generation") + 1)
        audit_record(actor=actor, action=AuditAction.SIGN_OUT_EVERYWHERE, obj=actor)
