from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from schakel.cases.demo import seed as seed_demo_cases
from schakel.core.demo import demo_accounts_table, seed_demo_accounts, seed_demo_data
from schakel.core.demo_signals import seed_demo_signals, seed_demo_workflow
from schakel.core.models import Municipality
from schakel.entities.services import link_municipality


class Command(BaseCommand):
    help = "Create the demo accounts and synthetic demo data (refused in production). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seed_demo_accounts()
            counts = seed_demo_data()
            counts["signals"] = seed_demo_signals()
            counts["workflow"] = seed_demo_workflow()
            counts |= seed_demo_cases()
            counts["link_suggestions"] = sum(link_municipality(m.pk) for m in Municipality.objects.all())
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({counts})."))
        self.stdout.write(demo_accounts_table())
