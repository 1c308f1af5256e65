"""Encryption at rest: narratives and attachments are ciphertext in the database and on disk,
readable through the application, rotatable to a new key, and identifiers stay matchable."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from PIL import Image

from schakel.accounts.models import User
from schakel.core.encryption import FILE_MAGIC, TEXT_PREFIX
from schakel.signals import entities as e
from schakel.signals.models import ReporterMessage, Signal, SignalAttachment, SignalEntity, SignalStatusChange
from schakel.signals.services import reporter_question_ask
from schakel.signals.workflow import transition
from tests.conftest import make_signal, verified_client
from tests.test_intake import _form

pytestmark = pytest.mark.django_db

SECRET = "Olena werkt 14 uur per dag in de kas aan de Kemperbergerweg"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "foto.png"
    return buffer


def test_narratives_are_ciphertext_in_the_database_and_plain_in_the_application(
    liaison: User, chain_director: User
) -> None:
    signal = make_signal(liaison, narrative=SECRET, entities=[e.phone("06-12345678")])
    transition(actor=chain_director, signal=signal, to_status="triage", reason="Geheime afweging over Olena")
    raw = _raw("signals_signal", "narrative", signal.pk)
    assert raw.startswith(TEXT_PREFIX) and "Olena" not in raw
    change = SignalStatusChange.objects.get(signal=signal, to_status="triage")
    assert "Olena" not in _raw("signals_signalstatuschange", "reason", change.pk)
    assert Signal.objects.get(pk=signal.pk).narrative == SECRET
    assert SECRET in verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    # Identifiers for exact matching stay plaintext and matchable.
    entity = SignalEntity.objects.get(signal=signal)
    assert _raw("signals_signalentity", "match_key", entity.pk) == entity.match_key == "+31612345678"
    assert SignalEntity.objects.filter(match_key="+31612345678").count() == 1


def test_reporter_messages_are_encrypted(chain_director: User) -> None:
    signal = make_signal(None, channel="public")
    message = reporter_question_ask(actor=chain_director, signal=signal, text="Hoe heet de eigenaar van de kas?")
    assert "eigenaar" not in _raw("signals_reportermessage", "text", message.pk)
    assert ReporterMessage.objects.get(pk=message.pk).text == "Hoe heet de eigenaar van de kas?"


def test_searching_an_encrypted_field_is_refused_and_the_inbox_searches_other_fields(
    liaison: User, chain_director: User
) -> None:
    with pytest.raises(FieldError, match="encrypted at rest"):
        list(Signal.objects.filter(narrative__icontains="kas"))
    from schakel.signals.services import Location

    make_signal(liaison, narrative=SECRET, location=Location(street="Kemperbergerweg", house_number=1))
    client = verified_client(chain_director)
    assert client.get("/signalen/", {"q": "Kemperberger"}).content.decode().count("SG-") >= 1
    body = client.get("/signalen/", {"q": "Olena"})
    assert body.status_code == 200 and "Geen signalen gevonden." in body.content.decode()


def test_attachments_are_encrypted_on_disk_and_decrypted_for_download(liaison: User, chain_director: User) -> None:
    client = verified_client(liaison)
    assert client.post("/signalen/nieuw/", {**_form(), "attachments": [_png()]}).status_code == 302
    attachment = SignalAttachment.objects.get()
    on_disk = Path(settings.STORAGES["default"]["OPTIONS"]["location"], attachment.file.name).read_bytes()
    assert on_disk.startswith(FILE_MAGIC) and b"\x89PNG" not in on_disk
    download = verified_client(chain_director).get(f"/signalen/{attachment.signal_id}/bijlagen/{attachment.pk}/")
    content = b"".join(download.streaming_content)
    assert content.startswith(b"\x89PNG") and len(content) == attachment.size
    assert int(download["Content-Length"]) == attachment.size


def test_rotation_re_encrypts_everything_with_the_newest_key_and_is_idempotent(
    liaison: User, chain_director: User
) -> None:
    old_keys = list(settings.SCHAKEL_ENCRYPTION_KEYS)
    client = verified_client(liaison)
    assert client.post("/signalen/nieuw/", {**_form(), "attachments": [_png()]}).status_code == 302
    signal = Signal.objects.get()
    attachment = SignalAttachment.objects.get()
    path = Path(settings.STORAGES["default"]["OPTIONS"]["location"], attachment.file.name)
    new_key = Fernet.generate_key().decode()
    with override_settings(SCHAKEL_ENCRYPTION_KEYS=[new_key, *old_keys]):
        out = io.StringIO()
        call_command("rotate_encryption_keys", "--batch-size", "1", stdout=out)
        assert "1 re-encrypted" in out.getvalue() and "1 attachments checked, 1 re-encrypted" in out.getvalue()
        again = io.StringIO()
        call_command("rotate_encryption_keys", stdout=again)
        assert "0 re-encrypted; 1 attachments checked, 0 re-encrypted" in again.getvalue()
    from schakel.audit.models import AuditEvent

    rotations = AuditEvent.objects.filter(object_type="core.encryption_keys")
    assert rotations.count() == 2 and rotations.first().detail["files"] == 1  # type: ignore[union-attr]
    raw = _raw("signals_signal", "narrative", signal.pk)
    Fernet(new_key.encode()).decrypt(raw[len(TEXT_PREFIX) :].encode())  # readable with the new key alone
    Fernet(new_key.encode()).decrypt(path.read_bytes()[len(FILE_MAGIC) :])
    with override_settings(SCHAKEL_ENCRYPTION_KEYS=[new_key]):  # the old key is gone
        assert Signal.objects.get().narrative.startswith("Bij de nagelsalon")
        download = verified_client(chain_director).get(f"/signalen/{signal.pk}/bijlagen/{attachment.pk}/")
        assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_rows_and_files_from_before_encryption_are_read_and_then_encrypted(liaison: User) -> None:
    signal = make_signal(liaison, narrative="oud")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE signals_signal SET narrative = %s WHERE id = %s", ["Platte tekst van vroeger", signal.pk]
        )
    assert Signal.objects.get(pk=signal.pk).narrative == "Platte tekst van vroeger"
    call_command("rotate_encryption_keys", stdout=io.StringIO())
    assert _raw("signals_signal", "narrative", signal.pk).startswith(TEXT_PREFIX)
    assert Signal.objects.get(pk=signal.pk).narrative == "Platte tekst van vroeger"


def test_production_refuses_to_start_without_encryption_keys(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SCHAKEL_ENVIRONMENT": "production",
        "SCHAKEL_DATA_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "schakel.example",
        "SCHAKEL_SITE_URL": "https://schakel.example",
        "SCHAKEL_ENCRYPTION_KEYS": "",
        "SCHAKEL_ENCRYPTION_KEY_FILE": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SCHAKEL_ENCRYPTION_KEYS" in result.stderr
    assert not (tmp_path / "encryption_keys").exists()
    env["SCHAKEL_ENCRYPTION_KEYS"] = "not-a-key"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "Fernet key" in result.stderr
    key_file = tmp_path / "keys"
    key_file.write_text(f"# newest first\n{Fernet.generate_key().decode()}\n")
    env["SCHAKEL_ENCRYPTION_KEYS"] = ""
    env["SCHAKEL_ENCRYPTION_KEY_FILE"] = str(key_file)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_data_migrations_encrypt_plaintext_rows_and_can_be_reversed(liaison: User, chain_director: User) -> None:
    import importlib

    from django.apps import apps

    from schakel.routing.models import ShareMessage

    signals_migration = importlib.import_module("schakel.signals.migrations.0003_encrypt_narratives")
    routing_migration = importlib.import_module("schakel.routing.migrations.0002_encrypt_narratives")
    signal = make_signal(None, channel="public", narrative="Tekst")
    message = reporter_question_ask(actor=chain_director, signal=signal, text="Vraag")
    signals_migration.decrypt_existing(apps, None)
    routing_migration.decrypt_existing(apps, None)
    assert _raw("signals_signal", "narrative", signal.pk) == "Tekst"
    assert _raw("signals_reportermessage", "text", message.pk) == "Vraag"
    signals_migration.encrypt_existing(apps, None)
    routing_migration.encrypt_existing(apps, None)
    assert _raw("signals_signal", "narrative", signal.pk).startswith(TEXT_PREFIX)
    assert _raw("signals_reportermessage", "text", message.pk).startswith(TEXT_PREFIX)
    assert Signal.objects.get(pk=signal.pk).narrative == "Tekst"
    assert ShareMessage.objects.count() == 0
