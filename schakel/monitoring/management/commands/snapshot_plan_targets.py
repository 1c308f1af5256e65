"""Record the measured plan targets per quarter; backfill past quarters where the query allows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schakel.monitoring.history import Quarter, last_completed_quarter, snapshot_quarter


class Command(BaseCommand):
    help = "Record the measured plan targets at the end of a quarter (default: the last completed quarter)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", help="The quarter to record, e.g. 2026-Q1.")
        parser.add_argument(
            "--backfill-from", help="Also record every quarter from this one (e.g. 2025-Q1) up to --quarter."
        )
        parser.add_argument("--force", action="store_true", help="Recompute quarters that were already recorded.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            last = Quarter.parse(options["quarter"]) if options["quarter"] else last_completed_quarter()
            first = Quarter.parse(options["backfill_from"]) if options["backfill_from"] else last
        except ValueError as error:
            raise CommandError("Give quarters as YYYY-QN, e.g. 2026-Q1.") from error
        if (first.year, first.number) > (last.year, last.number):
            raise CommandError("--backfill-from lies after --quarter.")
        quarter = first
        total = 0
        while True:
            try:
                written = snapshot_quarter(quarter, force=options["force"])
            except ValueError as error:
                raise CommandError(f"{quarter.key} is not finished yet.") from error
            self.stdout.write(f"{quarter.key}: {written} snapshots written")
            total += written
            if quarter == last:
                break
            quarter = quarter.next()
        self.stdout.write(self.style.SUCCESS(f"{total} snapshots written"))
