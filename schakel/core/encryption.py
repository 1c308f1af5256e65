"""Encryption at rest for free-text narratives and attachments (ADR 0017).

Keys live outside the database (``SCHAKEL_ENCRYPTION_KEYS`` or a key file, see
config/settings.py); a ``MultiFernet`` holds them newest first: new values are encrypted with
the newest key, old values stay readable with the older keys until
``manage.py rotate_encryption_keys`` has re-encrypted them.

- ``EncryptedTextField`` stores ``enc1:<Fernet token>``. Values written before encryption was
  switched on (no prefix) are read as they are, so the data migration can run in batches.
  The field can only be filtered on ``isnull``: a search on an encrypted narrative would
  silently find nothing, so it raises instead.
- ``EncryptedFileSystemStorage`` writes ``SCHAKEL-ENC1\\n<Fernet token>`` files and decrypts on
  open. Uploads are at most 10 MB (forms refuse larger), so they are encrypted in memory.

Identifiers used for exact matching (SignalEntity.match_key, Signal.address_key, phone
numbers in E.164, IBANs, licence plates, ...) are NOT encrypted: the linking engine needs
them as keys. Access to them is governed by the selectors (need-to-know).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models

TEXT_PREFIX = "enc1:"
FILE_MAGIC = b"SCHAKEL-ENC1\n"


@lru_cache(maxsize=1)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("No encryption keys configured (SCHAKEL_ENCRYPTION_KEYS).")
    try:
        fernets = [Fernet(key.encode()) for key in keys]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "SCHAKEL_ENCRYPTION_KEYS holds a key that is not a Fernet key (32 url-safe base64 bytes)."
        ) from exc
    return MultiFernet(fernets), fernets[0]


def keyring() -> MultiFernet:
    return _fernets(tuple(settings.SCHAKEL_ENCRYPTION_KEYS))[0]


def newest_key() -> Fernet:
    return _fernets(tuple(settings.SCHAKEL_ENCRYPTION_KEYS))[1]


def encrypt_bytes(data: bytes) -> bytes:
    return keyring().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return keyring().decrypt(token)


def encrypt_text(value: str) -> str:
    return TEXT_PREFIX + keyring().encrypt(value.encode()).decode("ascii")


def decrypt_text(value: str) -> str:
    if not value.startswith(TEXT_PREFIX):
        return value  # written before encryption was switched on; the migration encrypts it
    try:
        return keyring().decrypt(value[len(TEXT_PREFIX) :].encode("ascii")).decode()
    except InvalidToken as exc:
        # Never fall back to showing ciphertext: a missing key is a configuration error.
        raise ImproperlyConfigured("An encrypted value cannot be decrypted with the configured keys.") from exc


def is_current_text(raw: str) -> bool:
    """True when ``raw`` (the stored form) is already encrypted with the newest key."""
    if not raw.startswith(TEXT_PREFIX):
        return raw == ""
    try:
        newest_key().decrypt(raw[len(TEXT_PREFIX) :].encode("ascii"))
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted; empty strings stay empty (no need to hide "nothing")."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, str) and value.startswith(TEXT_PREFIX):
            return value  # already encrypted (e.g. copied raw)
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ("isnull", "exact"):
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted at rest and cannot be searched "
                f"with '{lookup_name}' (ADR 0017): search other fields."
            )
        return super().get_lookup(lookup_name)


class EncryptedFileSystemStorage(FileSystemStorage):
    """Private file storage that encrypts every file it saves and decrypts on open.

    Files without the magic header (stored before encryption) are returned as they are;
    ``rotate_encryption_keys`` encrypts them.
    """

    def _save(self, name: str, content: Any) -> str:
        content.seek(0) if hasattr(content, "seek") else None
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        return super()._save(name, ContentFile(FILE_MAGIC + encrypt_bytes(data)))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted files are written with save(), not opened for writing.")
        with open(self.path(name), "rb") as handle:
            raw = handle.read()
        data = decrypt_bytes(raw[len(FILE_MAGIC) :]) if raw.startswith(FILE_MAGIC) else raw
        return File(io.BytesIO(data), name=name)

    def size(self, name: str) -> int:
        with self._open(name) as handle:
            return len(handle.read())

    def raw_is_current(self, name: str) -> bool:
        with open(self.path(name), "rb") as handle:
            raw = handle.read()
        if not raw.startswith(FILE_MAGIC):
            return False
        try:
            newest_key().decrypt(raw[len(FILE_MAGIC) :])
        except InvalidToken:
            return False
        return True

    def reencrypt(self, name: str) -> bool:
        """Rewrite one file with the newest key (atomically); False when it already was."""
        if self.raw_is_current(name):
            return False
        path = self.path(name)
        with open(path, "rb") as handle:
            raw = handle.read()
        data = decrypt_bytes(raw[len(FILE_MAGIC) :]) if raw.startswith(FILE_MAGIC) else raw
        temporary = f"{path}.rotating"
        with open(temporary, "wb") as handle:
            handle.write(FILE_MAGIC + encrypt_bytes(data))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return True


# Every encrypted column: (app_label, model, field names). The rotation command and the
# data migrations walk this list; a new encrypted field is added here too.
ENCRYPTED_FIELDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("signals", "Signal", ("narrative", "outcome_note")),
    ("signals", "SignalStatusChange", ("reason",)),
    ("signals", "ReporterMessage", ("text",)),
    ("routing", "ShareMessage", ("text",)),
]


def reencrypt_rows(
    model: Any,
    fields: Iterable[str],
    *,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Re-encrypt ``fields`` of every row of ``model`` with the newest key, in batches.

    Reads the stored (raw) value so rows already under the newest key are skipped: running
    it twice changes nothing the second time. Returns (rows seen, rows rewritten).
    """
    fields = list(fields)
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    pk_column = model._meta.pk.column
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    seen = rewritten = 0
    last_pk: Any = None
    while True:
        with connection.cursor() as cursor:
            where = f"WHERE {quote(pk_column)} > %s " if last_pk is not None else ""
            cursor.execute(
                f"SELECT {quote(pk_column)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)} "  # noqa: S608
                f"{where}ORDER BY {quote(pk_column)} LIMIT %s",
                ([last_pk] if last_pk is not None else []) + [batch_size],
            )
            rows = cursor.fetchall()
        if not rows:
            break
        # One UPDATE per batch and set of changed fields (bulk_update), not one per row: a
        # million rows take minutes instead of most of an hour. bulk_update bypasses save(), so
        # append-only models stay append-only for people.
        pending: dict[tuple[str, ...], list[Any]] = {}
        for row in rows:
            pk, values = row[0], row[1:]
            changes = {
                name: decrypt_text(raw)
                for name, raw in zip(fields, values, strict=True)
                if raw is not None and not is_current_text(raw)
            }
            if changes:
                obj = model(pk=pk)
                for name, value in changes.items():
                    setattr(obj, name, value)
                pending.setdefault(tuple(sorted(changes)), []).append(obj)
                rewritten += 1
        with transaction.atomic():
            for names, objs in pending.items():
                model._base_manager.bulk_update(objs, list(names))
        seen += len(rows)
        last_pk = rows[-1][0]
        if progress is not None:
            progress(seen, rewritten)
    return seen, rewritten


def decrypt_rows_raw(model: Any, fields: Iterable[str]) -> None:
    """Reverse of the data migration: write the plaintext back (for a rollback only)."""
    from django.db import connection

    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    for name in fields:
        column = model._meta.get_field(name).column
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote(pk_column)}, {quote(column)} FROM {quote(table)}")  # noqa: S608
            rows = cursor.fetchall()
        with connection.cursor() as cursor:
            for pk, raw in rows:
                if raw and raw.startswith(TEXT_PREFIX):
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk_column)} = %s",  # noqa: S608
                        [decrypt_text(raw), pk],
                    )
