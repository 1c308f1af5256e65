"""Retention rules, the adapter for signals, tombstones, legal holds and the daily job."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.forms.models import model_to_dict

from schakel.accounts.models import User
from schakel.audit.models import AuditEvent
from schakel.audit.services import verify_chain
from schakel.monitoring import selectors as monitoring
from schakel.privacy.adapters import add_months
from schakel.privacy.models import LegalHold, RetentionAction, RetentionRule, Tombstone
from schakel.privacy.retention import apply_retention, preview
from schakel.routing.models import ShareMessage
from schakel.signals.models import Signal, SignalEntity, SignalStatusChange
from tests.privacy.helpers import ANNA, BORIS, closed_signal

TODAY = date(2026, 11, 20)
PERSONAL = [
    "Anna",
    "Kowalska",
    "Rozenstraat",
    "6811",
    "12345678",
    "kowalska@example.org",
    "1994-03-12",
    "Boris",
    "Petrov",
]

pytestmark = pytest.mark.django_db


def _months_ago(months: int) -> date:
    return add_months(TODAY, -months)


def test_defaults_are_seeded_from_domain() -> None:
    rules = {r.condition: r for r in RetentionRule.objects.filter(record_type="signal", municipality=None)}
    assert rules["unfounded"].period_months == 12
    assert rules["handled"].period_months == 60
    assert rules["duplicate"].action == RetentionAction.DELETE
    assert not rules["open_inactive"].is_active


def test_rule_validation_rejects_unknown_condition() -> None:
    rule = RetentionRule(record_type="signal", condition="everything", period_months=1, action="delete")
    with pytest.raises(ValidationError):
        rule.full_clean()
    rule = RetentionRule(record_type="case", condition="unfounded", period_months=1, action="delete")
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_unfounded_after_thirteen_months_is_anonymised_eleven_is_not(chain_director: User, police_user: User) -> None:
    old = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    recent = closed_signal(police_user, chain_director, BORIS, closed_on=_months_ago(11))

    report = apply_retention(today=TODAY)

    assert report.processed == 1
    old.refresh_from_db()
    assert old.narrative == "" and old.street == "" and old.postcode == "" and old.house_number is None
    assert old.outcome_note == "" and old.receipt_hash == "" and old.reporter is None
    assert not SignalEntity.objects.filter(signal=old).exists()
    assert set(SignalStatusChange.objects.filter(signal=old).values_list("reason", flat=True)) == {""}
    # What monitoring counts stays.
    assert old.outcome == "unfounded" and old.form_labour and old.channel == "internal"
    assert old.district_id == recent.district_id or old.district_id is None
    recent.refresh_from_db()
    assert recent.narrative == BORIS["narrative"]
    assert SignalEntity.objects.filter(signal=recent).count() == 4
    tombstone = Tombstone.objects.get(record_type="signal", object_id=old.pk)
    assert tombstone.action == RetentionAction.ANONYMISE
    assert tombstone.condition == "unfounded"
    assert tombstone.closed_on == _months_ago(13)
    assert not Tombstone.objects.filter(object_id=recent.pk).exists()


def test_tombstone_and_audit_events_hold_no_personal_data(chain_director: User, police_user: User) -> None:
    old = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    first_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    apply_retention(today=TODAY)
    tombstone = Tombstone.objects.get(object_id=old.pk)
    text = json.dumps(model_to_dict(tombstone), default=str)
    events = AuditEvent.objects.filter(seq__gt=first_seq)
    assert events.count() == 2  # the record and the run
    text += json.dumps([e.canonical_payload() for e in events], default=str)
    for value in PERSONAL:
        assert value.lower() not in text.lower(), value
    assert str(old.uuid) not in text
    assert list(verify_chain()) == []


def test_duplicate_is_deleted_with_tombstone(chain_director: User, police_user: User) -> None:
    original = closed_signal(police_user, chain_director, BORIS, closed_on=_months_ago(2), outcome="handled_by_partner")
    duplicate = closed_signal(
        police_user, chain_director, ANNA, closed_on=_months_ago(14), outcome="duplicate", duplicate_of=original
    )
    apply_retention(today=TODAY)
    assert not Signal.objects.filter(pk=duplicate.pk).exists()
    tombstone = Tombstone.objects.get(object_id=duplicate.pk)
    assert tombstone.action == RetentionAction.DELETE
    assert tombstone.reference == f"SG-{duplicate.received_at:%Y}-{duplicate.pk:06d}"
    assert Signal.objects.filter(pk=original.pk).exists()


def test_legal_hold_skips_and_lists(chain_director: User, police_user: User) -> None:
    held = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    LegalHold.objects.create(
        municipality=held.municipality, record_type="signal", object_id=held.pk, reason="Klacht in behandeling"
    )
    report = apply_retention(today=TODAY)
    assert report.processed == 0
    assert [ref.object_id for outcome in report.rules for ref in outcome.held] == [held.pk]
    held.refresh_from_db()
    assert held.narrative == ANNA["narrative"]
    assert not Tombstone.objects.exists()


def test_second_run_changes_nothing(chain_director: User, police_user: User) -> None:
    closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    assert apply_retention(today=TODAY).processed == 1
    assert apply_retention(today=TODAY).processed == 0
    assert Tombstone.objects.count() == 1


def test_dry_run_changes_nothing(chain_director: User, police_user: User) -> None:
    old = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    out = StringIO()
    report = apply_retention(today=TODAY, dry_run=True)
    assert report.processed == 1
    call_command("apply_retention", "--dry-run", stdout=out)
    old.refresh_from_db()
    assert old.narrative == ANNA["narrative"]
    assert not Tombstone.objects.exists()
    assert "Anna" not in out.getvalue()


def test_handled_kept_five_years(chain_director: User, police_user: User) -> None:
    four = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(59), outcome="handled_by_partner")
    six = closed_signal(police_user, chain_director, BORIS, closed_on=_months_ago(61), outcome="handled_by_partner")
    apply_retention(today=TODAY)
    assert set(Tombstone.objects.values_list("object_id", flat=True)) == {six.pk}
    four.refresh_from_db()
    assert four.narrative


def test_municipal_rule_replaces_general_rule(chain_director: User, police_user: User) -> None:
    old = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    RetentionRule.objects.create(
        record_type="signal", condition="unfounded", municipality=old.municipality, period_months=24, action="delete"
    )
    assert apply_retention(today=TODAY).processed == 0
    assert apply_retention(today=add_months(TODAY, 12)).processed == 1
    assert not Signal.objects.filter(pk=old.pk).exists()


def test_monitoring_counts_unchanged_after_anonymisation(chain_director: User, police_user: User) -> None:
    closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    closed_signal(police_user, chain_director, BORIS, closed_on=_months_ago(13), outcome="insufficient_information")
    period = {"period_from": _months_ago(15), "period_to": TODAY}

    def figures() -> dict[str, object]:
        cache.clear()
        data = monitoring.dashboard(actor=chain_director, **period)
        return {key: (table.rows, table.total) for key, table in data.tables.items()}

    before = figures()
    assert apply_retention(today=TODAY).processed == 2
    assert figures() == before


def test_share_messages_lose_their_text(chain_director: User, police_user: User) -> None:
    from schakel.routing.models import LegalBasis, Share

    old = closed_signal(police_user, chain_director, ANNA, closed_on=_months_ago(13))
    share = Share.objects.create(
        signal=old,
        partner=police_user.organisation,
        purpose="onderzoek naar Anna",
        legal_basis=LegalBasis.objects.first(),
        expires_on=TODAY,
    )
    ShareMessage.objects.create(share=share, kind="feedback", text="Anna Kowalska is gesproken")
    apply_retention(today=TODAY)
    assert list(ShareMessage.objects.filter(share=share).values_list("text", flat=True)) == [""]
    share.refresh_from_db()
    assert share.purpose == "" and share.partner == police_user.organisation


def test_preview_lists_next_thirty_days_without_content(chain_director: User, police_user: User) -> None:
    soon = closed_signal(police_user, chain_director, ANNA, closed_on=add_months(TODAY, -12) + timedelta(days=10))
    later = closed_signal(police_user, chain_director, BORIS, closed_on=add_months(TODAY, -12) + timedelta(days=45))
    rows = preview(municipality_id=soon.municipality_id, today=TODAY)
    unfounded = next(r for r in rows if r.rule.condition == "unfounded")
    assert [row.ref.object_id for row in unfounded.rows] == [soon.pk]
    assert unfounded.rows[0].ends_on == add_months(soon.closed_at.date(), 12)
    assert later.pk not in [row.ref.object_id for r in rows for row in r.rows]
