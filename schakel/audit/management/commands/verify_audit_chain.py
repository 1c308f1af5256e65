from typing import Any

from django.core.management.base import BaseCommand, CommandError

from schakel.audit.models import AuditEvent
from schakel.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exits non-zero on any edited, deleted or inserted event."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        total = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"event {problem.seq}: {problem.message}")
            raise CommandError(f"Audit chain broken: {len(problems)} problem(s) in {total} events.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {total} events verified."))
