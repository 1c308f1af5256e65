import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from schakel.core.demo import demo_totp_key_hex


class Command(BaseCommand):
    help = "Print the current six-digit code of the demo TOTP seed (demo profile only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError("The demo TOTP seed is not available in production.")
        totp = TOTP(bytes.fromhex(demo_totp_key_hex()), step=30, digits=6)
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp.token():06d}  (nog {remaining} s geldig)")
