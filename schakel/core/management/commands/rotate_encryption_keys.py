"""Re-encrypt every encrypted narrative and attachment with the newest key (ADR 0017).

Rotation: put a new key FIRST in SCHAKEL_ENCRYPTION_KEYS (keep the old ones after it),
restart, run this command, then remove the old keys. Idempotent (values already under the
newest key are skipped), batched, and safe to interrupt and run again. Also encrypts values
and files stored before encryption was switched on.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser

from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.encryption import ENCRYPTED_FIELDS, EncryptedFileSystemStorage, reencrypt_rows


class Command(BaseCommand):
    help = "Re-encrypt encrypted text fields and attachments with the newest encryption key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(1, int(options["batch_size"]))
        total_rows = total_rewritten = 0
        for app_label, model_name, fields in ENCRYPTED_FIELDS:
            model = apps.get_model(app_label, model_name)
            label = f"{app_label}.{model_name} ({', '.join(fields)})"

            def progress(seen: int, rewritten: int, label: str = label) -> None:
                self.stdout.write(f"  {label}: {seen} rows checked, {rewritten} re-encrypted")

            seen, rewritten = reencrypt_rows(model, fields, batch_size=batch, progress=progress)
            self.stdout.write(f"{label}: {seen} rows, {rewritten} re-encrypted")
            total_rows += seen
            total_rewritten += rewritten

        storage = default_storage
        files_seen = files_rewritten = missing = 0
        if isinstance(storage, EncryptedFileSystemStorage):
            attachment_model = apps.get_model("signals", "SignalAttachment")
            names = attachment_model.objects.order_by("pk").values_list("file", flat=True)
            for name in names.iterator(chunk_size=batch):
                if not name or not storage.exists(name):
                    missing += 1
                    continue
                files_seen += 1
                if storage.reencrypt(name):
                    files_rewritten += 1
                if files_seen % batch == 0:
                    self.stdout.write(f"  attachments: {files_seen} checked, {files_rewritten} re-encrypted")
        else:
            self.stderr.write("The default storage does not encrypt: attachments skipped.")
        # The rotation itself is on the audit trail (counts only, no keys, no content).
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="core.encryption_keys",
            purpose="versleutelingssleutels geroteerd",
            detail={"rows": total_rows, "rows_reencrypted": total_rewritten, "files": files_seen,
                    "files_reencrypted": files_rewritten, "files_missing": missing},
        )  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total_rows} rows checked, {total_rewritten} re-encrypted; "
                f"{files_seen} attachments checked, {files_rewritten} re-encrypted, {missing} missing."
            )
        )
