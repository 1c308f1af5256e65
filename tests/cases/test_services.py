from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditEvent
from schakel.cases import selectors, services
from schakel.cases.models import (
    Action,
    ActionStatus,
    Case,
    CaseEntity,
    CaseOutcome,
    CaseSignal,
    CaseStatus,
    MeetingType,
)
from schakel.routing.models import Notification
from schakel.signals.models import Signal
from tests.conftest import make_signal, verified_client


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def test_create_case_from_signal_page(chain_director: User, linked_signals: tuple[Signal, Signal]) -> None:
    first, _second = linked_signals
    client = verified_client(chain_director)
    page = client.get(f"/signalen/{first.pk}/")
    assert f"/casussen/nieuw/?signaal={first.pk}" in page.content.decode()
    form = client.get(f"/casussen/nieuw/?signaal={first.pk}")
    assert form.status_code == 200 and first.reference in form.content.decode()
    response = client.post(
        "/casussen/nieuw/", {"signal": [first.pk], "title": "Busjes Dwarsstraat", "forms_of_exploitation": ["labour"]}
    )
    case = Case.objects.get(title="Busjes Dwarsstraat")
    assert response.status_code == 302 and response["Location"] == f"/casussen/{case.pk}/"
    assert list(CaseSignal.objects.filter(case=case).values_list("signal_id", flat=True)) == [first.pk]
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action="create").exists()
    assert case.events.filter(kind="signal_added").exists()


def test_create_needs_a_title(chain_director: User) -> None:
    response = verified_client(chain_director).post("/casussen/nieuw/", {"title": ""})
    assert response.status_code == 400
    assert "Geef de casus een werktitel." in response.content.decode()
    assert not Case.objects.exists()


def test_link_suggestions_offer_the_linked_signal(
    case: Case, chain_director: User, linked_signals: tuple[Signal, Signal]
) -> None:
    _first, second = linked_signals
    suggestions = selectors.case_link_suggestions(actor=chain_director, case=case)
    assert [s.signal.pk for s in suggestions] == [second.pk]
    client = verified_client(chain_director)
    assert f'data-testid="case-suggestion-{second.pk}"' in client.get(f"/casussen/{case.pk}/").content.decode()
    client.post(f"/casussen/{case.pk}/signalen/", {"signal": second.pk})
    assert CaseSignal.objects.filter(case=case, signal=second).exists()
    assert selectors.case_link_suggestions(actor=chain_director, case=case) == []


def test_add_entity_and_split(case: Case, chain_director: User, linked_signals: tuple[Signal, Signal]) -> None:
    first, second = linked_signals
    services.case_add_signal(actor=chain_director, case=case, signal=second)
    entity = second.entities.get()
    services.case_add_entity(actor=chain_director, case=case, entity=entity)
    with pytest.raises(ValidationError):
        services.case_split(actor=chain_director, case=case, signals=[first, second], title="Alles")
    new = services.case_split(actor=chain_director, case=case, signals=[second], title="Advertenties")
    assert list(CaseSignal.objects.filter(case=new).values_list("signal_id", flat=True)) == [second.pk]
    assert list(CaseSignal.objects.filter(case=case).values_list("signal_id", flat=True)) == [first.pk]
    assert CaseEntity.objects.get(entity=entity).case_id == new.pk
    assert new.participants.filter(organisation__name="Politie Oost-Nederland").exists()


def test_merge_moves_everything_and_closes_source(case: Case, other_case: Case, chain_director: User) -> None:
    services.case_merge(actor=chain_director, source=other_case, target=case)
    other_case.refresh_from_db()
    assert other_case.status == CaseStatus.CLOSED
    assert other_case.outcome == CaseOutcome.MERGED and other_case.merged_into_id == case.pk
    assert CaseSignal.objects.filter(case=case).count() == 2
    assert Action.objects.filter(case=case, description__startswith="GEHEIM-NLA").exists()
    assert case.participants.filter(organisation__name="Nederlandse Arbeidsinspectie").exists()
    with pytest.raises(ValidationError):
        services.case_merge(actor=chain_director, source=case, target=other_case)


def test_action_rules(case: Case, chain_director: User, police_user: User, nla_user: User) -> None:
    with pytest.raises(ValidationError):
        services.action_create(
            actor=chain_director,
            case=case,
            data=services.ActionInput(type="barrier", description="Barrière", organisation=_org("RIEC Oost-Nederland")),
        )
    with pytest.raises(ValidationError):  # the owner must work for the responsible partner
        services.action_create(
            actor=chain_director,
            case=case,
            data=services.ActionInput(
                type="inspection", description="x", organisation=_org("Politie Oost-Nederland"), owner=nla_user
            ),
        )
    action = services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="barrier", barrier_kind="housing", description="Verhuurder aanspreken", organisation=_org("Vivare")
        ),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE  # the first action starts the plan
    assert case.participants.filter(organisation__name="Vivare").exists()
    assert action.type_display == "Barrière opwerpen: Huisvesting"
    with pytest.raises(PermissionDenied):
        services.action_create(
            actor=police_user,
            case=case,
            data=services.ActionInput(type="other", description="x", organisation=_org("Politie Oost-Nederland")),
        )


def test_responsible_partner_completes_own_action_only(case: Case, chain_director: User, police_user: User) -> None:
    police_action = services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="police_investigation", description="Onderzoek busjes", organisation=_org("Politie Oost-Nederland")
        ),
    )
    vivare_action = services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(type="information_request", description="Huurders", organisation=_org("Vivare")),
    )
    with pytest.raises(ValidationError):
        services.action_update(actor=police_user, action=police_action, status=ActionStatus.DONE)
    client = verified_client(police_user)
    response = client.post(
        f"/casussen/{case.pk}/acties/{police_action.pk}/", {"status": "done", "outcome": "Proces-verbaal opgemaakt"}
    )
    assert response.status_code == 302
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.DONE and police_action.completed_at
    assert client.get(f"/casussen/{case.pk}/acties/{vivare_action.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.action_update(actor=police_user, action=vivare_action, status=ActionStatus.CANCELLED)


def test_overdue_actions_on_home_and_in_reminders(
    case: Case, other_case: Case, chain_director: User, police_user: User, nla_user: User
) -> None:
    services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="criminal_report",
            description="Aangifte opnemen",
            organisation=_org("Politie Oost-Nederland"),
            owner=police_user,
            deadline=timezone.localdate() - timedelta(days=1),
        ),
    )
    assert selectors.overdue_actions(actor=chain_director).count() == 2
    assert [a.case_id for a in selectors.overdue_actions(actor=police_user)] == [case.pk]
    assert [a.case_id for a in selectors.overdue_actions(actor=nla_user)] == [other_case.pk]
    home = verified_client(police_user).get("/").content.decode()
    assert 'data-testid="overdue-actions"' in home and case.code in home and other_case.code not in home
    sent = services.send_overdue_action_reminders()
    assert sent == 2
    recipients = set(Notification.objects.filter(kind="case_action_overdue").values_list("recipient", flat=True))
    assert recipients == {police_user.email, _org("Nederlandse Arbeidsinspectie").contact_mailbox}
    # No content in the mail: a count and a link.
    assert all("GEHEIM" not in m.body and "Aangifte opnemen" not in m.body for m in mail.outbox)


def test_meeting_summary_and_actions_from_an_item(
    case: Case, chain_director: User, linked_signals: tuple[Signal, Signal]
) -> None:
    first, second = linked_signals
    services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="care_referral",
            description="Zorg",
            organisation=_org("Moviera"),
            deadline=timezone.localdate() - timedelta(days=2),
        ),
    )
    # The first signal joined the case before the previous meeting.
    CaseSignal.objects.filter(case=case, signal=first).update(added_at=timezone.now() - timedelta(days=20))
    past = services.meeting_create(
        actor=chain_director, type=MeetingType.MDO, starts_at=timezone.now() - timedelta(days=14)
    )
    services.agenda_add(actor=chain_director, meeting=past, case=case)
    services.case_add_signal(actor=chain_director, case=case, signal=second)
    meeting = services.meeting_create(actor=chain_director, type=MeetingType.MDO, starts_at=timezone.now())
    item = services.agenda_add(actor=chain_director, meeting=meeting, case=case)
    assert "Over de termijn: Doorverwijzing naar zorg – Moviera" in item.summary
    assert second.reference in item.summary and first.reference not in item.summary  # new since last meeting
    with pytest.raises(ValidationError):
        services.agenda_add(actor=chain_director, meeting=meeting, case=case)
    client = verified_client(chain_director)
    # htmx: the item comes back in place, no redirect.
    response = client.post(
        f"/casussen/overleggen/{meeting.pk}/punten/{item.pk}/",
        {f"i{item.pk}-discussion": "Besproken", f"i{item.pk}-decisions": "Politie start onderzoek"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and f'id="item-{item.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()
    item.refresh_from_db()
    assert item.decisions == "Politie start onderzoek"
    # Without JavaScript: a plain POST redirects back to the item.
    response = client.post(
        f"/casussen/overleggen/{meeting.pk}/punten/{item.pk}/actie/",
        {
            f"a{item.pk}-type": "police_investigation",
            f"a{item.pk}-description": "Onderzoek starten",
            f"a{item.pk}-organisation": _org("Politie Oost-Nederland").pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    action = Action.objects.get(description="Onderzoek starten")
    assert action.case_id == case.pk and action.agenda_item_id == item.pk


def test_document_upload_is_sniffed_and_private(case: Case, chain_director: User, police_user: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = verified_client(chain_director)
    fake = SimpleUploadedFile("verslag.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"/casussen/{case.pk}/documenten/", {"title": "Verslag", "kind": "minutes", "file": fake})
    assert response.status_code == 400 and not case.documents.exists()
    pdf = SimpleUploadedFile("Olena verslag.pdf", b"%PDF-1.4 test", content_type="application/octet-stream")
    client.post(f"/casussen/{case.pk}/documenten/", {"title": "Verslag MDO", "kind": "minutes", "file": pdf})
    document = case.documents.get()
    assert document.content_type == "application/pdf" and "Olena" not in document.file.name
    download = client.get(f"/casussen/{case.pk}/documenten/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert "Olena" not in download["Content-Disposition"]
    # Not marked for the partners: the police (participant) do not get it.
    assert verified_client(police_user).get(f"/casussen/{case.pk}/documenten/{document.pk}/").status_code == 404
    document.shared_with_participants = True
    document.save()
    assert verified_client(police_user).get(f"/casussen/{case.pk}/documenten/{document.pk}/").status_code == 200


def test_other_municipality_signal_cannot_join(case: Case, chain_director: User, liaison: User) -> None:
    from schakel.core.models import Municipality

    other = Municipality.objects.exclude(pk=case.municipality_id).first() or Municipality.objects.create(
        code="GM9999", name="Elders"
    )
    signal = make_signal(liaison)
    Signal.objects.filter(pk=signal.pk).update(municipality=other)
    signal.refresh_from_db()
    with pytest.raises(ValidationError):
        services.case_add_signal(actor=chain_director, case=case, signal=signal)


def test_edit_case_and_link_entity_through_pages(
    case: Case, chain_director: User, police_user: User, linked_signals: tuple[Signal, Signal]
) -> None:
    first, _second = linked_signals
    client = verified_client(chain_director)
    assert client.post(f"/casussen/{case.pk}/wijzigen/", {"title": ""}).status_code == 400
    response = client.post(
        f"/casussen/{case.pk}/wijzigen/", {"title": "Nieuwe titel", "forms_of_exploitation": ["labour", "criminal"]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Nieuwe titel" and case.forms == ["labour", "criminal"]
    entity = first.entities.get(kind="phone")
    client.post(f"/casussen/{case.pk}/betrokkenen/", {"entity": entity.pk})
    assert CaseEntity.objects.filter(case=case, entity=entity).exists()
    # A partner in the case may not change it or link anything.
    police = verified_client(police_user)
    assert police.get(f"/casussen/{case.pk}/wijzigen/").status_code == 404
    assert police.post(f"/casussen/{case.pk}/betrokkenen/", {"entity": entity.pk}).status_code == 404


def test_attendance_and_agenda_order(case: Case, other_case: Case, chain_director: User, police_user: User) -> None:
    meeting = services.meeting_create(actor=chain_director, type=MeetingType.VEILIGHEIDSHUIS, starts_at=timezone.now())
    first = services.agenda_add(actor=chain_director, meeting=meeting, case=case)
    second = services.agenda_add(actor=chain_director, meeting=meeting, case=other_case)
    attendee = services.attendee_add(
        actor=chain_director, meeting=meeting, organisation=_org("Politie Oost-Nederland"), name="Agent"
    )
    assert meeting.invited_organisations.filter(name="Politie Oost-Nederland").exists()
    client = verified_client(chain_director)
    client.post(f"/casussen/overleggen/{meeting.pk}/aanwezigheid/", {f"attendee-{attendee.pk}": "present"})
    attendee.refresh_from_db()
    assert attendee.status == "present"
    client.post(f"/casussen/overleggen/{meeting.pk}/punten/{second.pk}/verplaatsen/", {"direction": "up"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.order, first.order) == (1, 2)
    police = verified_client(police_user)
    assert (
        police.post(
            f"/casussen/overleggen/{meeting.pk}/aanwezigheid/", {f"attendee-{attendee.pk}": "absent"}
        ).status_code
        == 404
    )
    attendee.refresh_from_db()
    assert attendee.status == "present"
