from typing import Any

from django.core.management.base import BaseCommand

from schakel.core.reference import load_all


class Command(BaseCommand):
    help = "Load Arnhem's reference data (partners, districts, indicator catalogue, plan targets). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_all()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded ({summary})."))
