"""Bring the stored monthly dashboard counts up to date (ADR 0018).

The worker does this every four minutes; run it by hand after loading or changing signals
outside Schakel's own code (a bulk import, SQL), with ``--all`` to count every month again.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schakel.core.models import Municipality
from schakel.monitoring import facts
from schakel.monitoring.models import SignalMonthStamp


class Command(BaseCommand):
    help = "Count the months whose stored dashboard counts are missing or out of date (--all: every month)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Count every complete month again.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            SignalMonthStamp.objects.update(computed_version=-1)
        for municipality in Municipality.objects.order_by("name"):
            start = time.perf_counter()
            counted = facts.refresh_all(municipality.pk)
            self.stdout.write(f"{municipality.name}: {counted} month(s) counted in {time.perf_counter() - start:.1f} s")
