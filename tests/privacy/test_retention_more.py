"""More retention: attachment files, the open-but-inactive rule, the daily task, the command,
and the functional administrator editing rules in the admin."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from schakel.accounts.models import User
from schakel.audit.models import AuditEvent
from schakel.privacy.adapters import add_months
from schakel.privacy.models import RetentionRule, Tombstone
from schakel.privacy.retention import apply_retention
from schakel.privacy.tasks import apply_retention_daily
from schakel.signals.models import SignalAttachment
from schakel.signals.workflow import transition
from tests.conftest import verified_client
from tests.privacy.helpers import AMS, ANNA, BORIS, closed_signal, signal_about

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachment_files_are_removed(chain_director: User, police_user: User, settings: Any, tmp_path: Path) -> None:
    from datetime import datetime

    import time_machine

    settings.MEDIA_ROOT = str(tmp_path)
    closed_on = add_months(TODAY, -13)
    with time_machine.travel(datetime(closed_on.year, closed_on.month, closed_on.day, 10, tzinfo=AMS), tick=False):
        signal = signal_about(
            police_user, ANNA, attachments=[SimpleUploadedFile("anna.pdf", PDF, content_type="application/pdf")]
        )
        transition(actor=chain_director, signal=signal, to_status="closed", outcome="unfounded")
    attachment = SignalAttachment.objects.get(signal=signal)
    path = Path(attachment.file.path)
    assert path.exists()
    apply_retention(today=TODAY)
    assert not SignalAttachment.objects.filter(signal=signal).exists()
    assert not path.exists()


def test_open_inactive_rule_when_switched_on(chain_director: User, police_user: User) -> None:
    from datetime import datetime

    import time_machine

    RetentionRule.objects.filter(condition="open_inactive").update(is_active=True)
    old = add_months(TODAY, -25)
    with time_machine.travel(datetime(old.year, old.month, old.day, 10, tzinfo=AMS), tick=False):
        stale = signal_about(police_user, ANNA)
    fresh = signal_about(police_user, BORIS)
    apply_retention(today=TODAY)
    assert set(Tombstone.objects.values_list("object_id", flat=True)) == {stale.pk}
    assert Tombstone.objects.get().closed_on is None
    fresh.refresh_from_db()
    assert fresh.narrative


def test_reopened_signal_restarts_its_clock(chain_director: User, police_user: User) -> None:
    from datetime import datetime

    import time_machine

    signal = closed_signal(police_user, chain_director, ANNA, closed_on=add_months(TODAY, -13))
    again = add_months(TODAY, -2)
    with time_machine.travel(datetime(again.year, again.month, again.day, 10, tzinfo=AMS), tick=False):
        transition(actor=chain_director, signal=signal, to_status="triage", reason="nieuwe informatie")
        transition(actor=chain_director, signal=signal, to_status="closed", outcome="unfounded")
    assert apply_retention(today=TODAY).processed == 0


def test_daily_task_and_command(chain_director: User, police_user: User) -> None:
    closed_signal(police_user, chain_director, ANNA, closed_on=date(2020, 1, 6))
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "Processed 1" in out.getvalue() and "Anna" not in out.getvalue()
    assert apply_retention_daily.call_local() == 0
    assert AuditEvent.objects.filter(purpose="bewaartermijnen toegepast").count() == 2


def test_functional_admin_edits_rules_in_the_admin(admin_user_: User, auditor: User) -> None:
    client = verified_client(admin_user_)
    rule = RetentionRule.objects.get(condition="unfounded", municipality=None)
    url = f"/beheer/privacy/retentionrule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "record_type": "signal",
        "condition": "unfounded",
        "municipality": "",
        "period_months": "18",
        "action": "anonymise",
        "is_active": "on",
        "basis": "Besluit college 2026",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.period_months == 18
    assert AuditEvent.objects.filter(
        object_type="privacy.retentionrule", object_id=str(rule.pk), action="update"
    ).exists()
    # A second general rule for the same condition is refused.
    add = client.post("/beheer/privacy/retentionrule/add/", {**data, "period_months": "6"})
    assert add.status_code == 200
    assert RetentionRule.objects.filter(condition="unfounded").count() == 1
    # The privacy officer does not manage the rules.
    assert verified_client(auditor).get(url).status_code in (302, 403, 404)


def test_hold_placed_during_the_run_is_honoured(chain_director: User, police_user: User, monkeypatch: Any) -> None:
    from schakel.privacy import retention
    from schakel.privacy.models import LegalHold

    signal = closed_signal(police_user, chain_director, ANNA, closed_on=add_months(TODAY, -13))
    # The hold arrives after the run read the held ids, before the record is processed.
    monkeypatch.setattr(retention, "held_ids", lambda record_type: set())
    LegalHold.objects.create(municipality=signal.municipality, record_type="signal", object_id=signal.pk, reason="x")
    report = apply_retention(today=TODAY)
    assert report.processed == 0 and report.held == 1
    assert not Tombstone.objects.exists()


def test_a_failing_record_does_not_stop_the_others(chain_director: User, police_user: User, monkeypatch: Any) -> None:
    from schakel.privacy.adapters import SignalAdapter

    first = closed_signal(police_user, chain_director, ANNA, closed_on=add_months(TODAY, -14))
    second = closed_signal(police_user, chain_director, BORIS, closed_on=add_months(TODAY, -13))
    original = SignalAdapter.anonymise

    def broken(self: SignalAdapter, obj: Any) -> None:
        if obj.pk == first.pk:
            raise RuntimeError("disk full")
        original(self, obj)

    monkeypatch.setattr(SignalAdapter, "anonymise", broken)
    report = apply_retention(today=TODAY)
    assert report.failed == 1 and report.processed == 1
    # The failed record rolled back completely, tombstone included, and is retried next time.
    assert set(Tombstone.objects.values_list("object_id", flat=True)) == {second.pk}
    first.refresh_from_db()
    assert first.narrative == ANNA["narrative"]
    monkeypatch.setattr(SignalAdapter, "anonymise", original)
    assert apply_retention(today=TODAY).processed == 1
