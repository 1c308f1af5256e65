from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.audit.models import AuditAction, AuditEvent
from schakel.audit.services import audit_record, verify_chain
from tests.conftest import ALL_ROLE_ORGS, verified_client

pytestmark = pytest.mark.django_db


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


def _events(n: int, actor: User) -> list[AuditEvent]:
    return [audit_record(actor=actor, action=AuditAction.READ, object_type="test.thing", object_id=i) for i in range(n)]


def test_chain_links_each_event_to_the_previous_one(chain_director: User) -> None:
    events = _events(3, chain_director)
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert [e.seq for e in events] == [events[0].seq, events[0].seq + 1, events[0].seq + 2]
    assert list(verify_chain()) == []
    call_command("verify_audit_chain")


def test_event_records_actor_organisation_and_municipality(chain_director: User) -> None:
    event = audit_record(actor=chain_director, action=AuditAction.READ, obj=chain_director, purpose="triage")
    assert event.actor_id == chain_director.pk
    assert event.organisation_label == "Gemeente Arnhem – Ketenregie mensenhandel"
    assert event.municipality_code == "GM0202"
    assert event.object_type == "accounts.user"
    assert event.purpose == "triage"


def test_edited_event_is_detected(chain_director: User) -> None:
    events = _events(4, chain_director)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET purpose = %s WHERE seq = %s", ["tampered", events[1].seq])
    problems = list(verify_chain())
    assert [p.seq for p in problems] == [events[1].seq]
    assert "edited" in problems[0].message
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


def test_edited_event_with_recomputed_hash_is_detected_at_the_next_link(chain_director: User) -> None:
    events = _events(3, chain_director)
    _drop_triggers()
    forged = AuditEvent.objects.get(seq=events[0].seq)
    forged.purpose = "forged"
    new_hash = forged.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET purpose = %s, hash = %s WHERE seq = %s", ["forged", new_hash, events[0].seq]
        )
    problems = list(verify_chain())
    assert any(p.seq == events[1].seq and "previous-hash" in p.message for p in problems)


def test_deleted_event_in_the_middle_is_detected(chain_director: User) -> None:
    events = _events(4, chain_director)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [events[2].seq])
    problems = list(verify_chain())
    assert any("missing" in p.message for p in problems)


def test_deleted_newest_event_is_detected(chain_director: User) -> None:
    events = _events(3, chain_director)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [events[-1].seq])
    problems = list(verify_chain())
    assert any("newest events are missing" in p.message for p in problems)


def test_database_refuses_update_and_delete(chain_director: User) -> None:
    event = _events(1, chain_director)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET purpose = 'x' WHERE seq = %s", [event.seq])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [event.seq])
    assert AuditEvent.objects.get(seq=event.seq).purpose == ""


def test_model_refuses_save_of_existing_and_delete(chain_director: User) -> None:
    event = _events(1, chain_director)[0]
    event.purpose = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_auditor_sees_the_trail_and_the_read_is_audited(auditor: User, chain_director: User) -> None:
    audit_record(actor=chain_director, action=AuditAction.READ, object_type="test.thing", object_id="42")
    client = verified_client(auditor)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert "test.thing:42" in response.content.decode()
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None and last.actor_id == auditor.pk and last.action == AuditAction.LIST


def test_auditor_can_filter_by_action_and_object(auditor: User, chain_director: User) -> None:
    audit_record(actor=chain_director, action=AuditAction.EXPORT, object_type="test.export", object_id="7")
    audit_record(actor=chain_director, action=AuditAction.READ, object_type="test.other", object_id="8")
    client = verified_client(auditor)
    body = client.get("/audit/", {"action": "export"}).content.decode()
    assert "test.export:7" in body
    assert "test.other:8" not in body
    body = client.get("/audit/", {"object_type": "test.other", "object_id": "8"}).content.decode()
    assert "test.other:8" in body and "test.export:7" not in body


def test_audit_filter_rejects_reversed_dates_with_a_dutch_message(auditor: User) -> None:
    body = (
        verified_client(auditor).get("/audit/", {"date_from": "2026-05-02", "date_to": "2026-05-01"}).content.decode()
    )
    assert "De einddatum ligt vóór de begindatum." in body


def test_audit_partial_for_htmx(auditor: User) -> None:
    response = verified_client(auditor).get("/audit/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="audit-results"' in body
    assert "<html" not in body


def test_audit_is_paginated(auditor: User, chain_director: User) -> None:
    _events(60, chain_director)
    client = verified_client(auditor)
    first = client.get("/audit/").content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get("/audit/", {"page": 2}).content.decode()
    assert "Pagina 2 van 2" in second


@pytest.mark.parametrize("role", [r for r in ALL_ROLE_ORGS if r != Role.AUDITOR])
def test_everyone_but_the_auditor_gets_404_on_the_audit_view(role: str, make_user: Callable[..., User]) -> None:
    user = make_user(role, ALL_ROLE_ORGS[role])
    response = verified_client(user).get("/audit/")
    assert response.status_code == 404


def test_no_url_edits_or_deletes_audit_events(admin_user_: User) -> None:
    client = verified_client(admin_user_)
    assert client.get("/beheer/audit/auditevent/").status_code == 404


def test_nightly_task_reports_a_broken_chain(chain_director: User) -> None:
    from schakel.audit.tasks import verify_audit_chain_nightly

    events = _events(2, chain_director)
    assert verify_audit_chain_nightly.call_local() == 0
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'x' WHERE seq = %s", [events[0].seq])
    assert verify_audit_chain_nightly.call_local() == 1
