from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schakel.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Delete or anonymise records whose retention period has ended (tombstones, legal holds honoured)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be processed.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = apply_retention(dry_run=options["dry_run"])
        prefix = "Would process" if report.dry_run else "Processed"
        for outcome in report.rules:
            rule = outcome.rule
            # References and numbers only: no content of the records.
            self.stdout.write(
                f"{rule.record_type}/{rule.condition} ({rule.period_months} months, {rule.action}): "
                f"{prefix.lower()} {len(outcome.processed)}, held {len(outcome.held)}, failed {len(outcome.failed)}"
            )
            for ref in outcome.held:
                self.stdout.write(f"  held: {ref.reference}")
        self.stdout.write(f"{prefix} {report.processed}; held {report.held}; failed {report.failed}.")
