"""Need-to-know: a partner sees only cases it takes part in, and then only the partner-facing
part; pages, exports and calendar files of others are 404; minutes are searched for values
that must be withheld."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditEvent
from schakel.cases import services
from schakel.cases.models import AgendaItem, Case, Meeting, MeetingType
from schakel.signals.models import Signal
from tests.conftest import verified_client

POLICE_DECISION = "BESLUIT-POLITIE-7731"
NLA_DECISION = "BESLUIT-NLA-GEHEIM-4410"
NLA_ACTION = "GEHEIM-NLA-CONTROLE"


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@pytest.fixture
def meeting(case: Case, other_case: Case, chain_director: User) -> Meeting:
    meeting = services.meeting_create(
        actor=chain_director,
        type=MeetingType.RIEC,
        starts_at=timezone.now() + timedelta(days=2),
        place="Stadhuis, zaal 3",
        organisations=[_org("Politie Oost-Nederland"), _org("Nederlandse Arbeidsinspectie")],
    )
    police_item = services.agenda_add(actor=chain_director, meeting=meeting, case=case)
    nla_item = services.agenda_add(actor=chain_director, meeting=meeting, case=other_case)
    services.agenda_item_record(
        actor=chain_director, item=police_item, discussion="Besproken", decisions=POLICE_DECISION
    )
    services.agenda_item_record(
        actor=chain_director, item=nla_item, discussion="NLA-BESPREKING", decisions=NLA_DECISION
    )
    services.attendee_add(
        actor=chain_director, meeting=meeting, organisation=_org("Politie Oost-Nederland"), name="Agent"
    )
    return meeting


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_partner_not_in_case_gets_404_everywhere(
    case: Case, other_case: Case, meeting: Meeting, chain_director: User, police_user: User
) -> None:
    document = services.document_upload(
        actor=chain_director,
        case=other_case,
        upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        title="Rapport",
        shared=True,
    )
    action = other_case.actions.get()
    nla_item = AgendaItem.objects.get(meeting=meeting, case=other_case)
    client = verified_client(police_user)
    for url in [
        f"/casussen/{other_case.pk}/",
        f"/casussen/{other_case.pk}/acties/{action.pk}/",
        f"/casussen/{other_case.pk}/documenten/{document.pk}/",
        f"/casussen/{other_case.pk}/splitsen/",
        f"/casussen/overleggen/{meeting.pk}/punten/{nla_item.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/casussen/{other_case.pk}/status/",
        f"/casussen/{other_case.pk}/acties/",
        f"/casussen/{other_case.pk}/samenvoegen/",
        f"/casussen/{case.pk}/acties/",  # in the case, but not the chain director
        f"/casussen/overleggen/{meeting.pk}/punten/{nla_item.pk}/",
        f"/casussen/overleggen/{meeting.pk}/agenda/",
    ]:
        assert client.post(url, {}).status_code == 404, url
    listing = client.get("/casussen/?status=alle").content.decode()
    assert case.code in listing and other_case.code not in listing


def test_outsider_sees_no_case_meeting_or_export(
    case: Case, meeting: Meeting, moviera_user: User, auditor: User
) -> None:
    for user in (moviera_user, auditor):
        client = verified_client(user)
        for url in [
            f"/casussen/{case.pk}/",
            f"/casussen/overleggen/{meeting.pk}/",
            f"/casussen/overleggen/{meeting.pk}/verslag/",
            f"/casussen/overleggen/{meeting.pk}/verslag.pdf",
            f"/casussen/overleggen/{meeting.pk}/overleg.ics",
            "/casussen/nieuw/",
            "/casussen/overleggen/nieuw/",
        ]:
            assert client.get(url).status_code == 404, (user.email, url)
        assert case.code not in client.get("/casussen/?status=alle").content.decode()


def test_partner_in_case_sees_partner_fields_only(
    case: Case, chain_director: User, police_user: User, linked_signals: tuple[Signal, Signal]
) -> None:
    first, _second = linked_signals
    services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="care_referral", description="ZORG-VOOR-SLACHTOFFER", organisation=_org("Moviera")
        ),
    )
    services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="criminal_report", description="AANGIFTE-POLITIE", organisation=_org("Politie Oost-Nederland")
        ),
    )
    page = verified_client(police_user).get(f"/casussen/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert case.code in html and "AANGIFTE-POLITIE" in html
    for withheld in ["ZORG-VOOR-SLACHTOFFER", first.reference, "Dwarsstraat (eerste", "Olena", "+31641234567"]:
        assert withheld not in html, withheld
    assert AuditEvent.objects.filter(
        actor_id=police_user.pk, object_type="cases.case", object_id=str(case.pk), action="read"
    ).exists()


def test_partner_sees_only_own_agenda_items_and_minutes(
    case: Case, other_case: Case, meeting: Meeting, police_user: User, nla_user: User
) -> None:
    client = verified_client(police_user)
    page = client.get(f"/casussen/overleggen/{meeting.pk}/").content.decode()
    assert case.code in page and POLICE_DECISION in page
    assert other_case.code not in page and NLA_DECISION not in page
    minutes = client.get(f"/casussen/overleggen/{meeting.pk}/verslag/").content.decode()
    assert POLICE_DECISION in minutes
    for withheld in [NLA_DECISION, "NLA-BESPREKING", other_case.code, other_case.title, NLA_ACTION]:
        assert withheld not in minutes
    # Asking for another partner's version changes nothing for a partner.
    nla_pk = _org("Nederlandse Arbeidsinspectie").pk
    pdf = client.get(f"/casussen/overleggen/{meeting.pk}/verslag.pdf?organisatie={nla_pk}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert POLICE_DECISION in text and case.code in text
    for withheld in [NLA_DECISION, "NLA-BESPREKING", other_case.code, other_case.title]:
        assert withheld not in text
    nla_text = _pdf_text(verified_client(nla_user).get(f"/casussen/overleggen/{meeting.pk}/verslag.pdf").content)
    assert NLA_DECISION in nla_text and POLICE_DECISION not in nla_text and case.code not in nla_text


def test_director_exports_one_partners_version(
    case: Case, other_case: Case, meeting: Meeting, chain_director: User
) -> None:
    client = verified_client(chain_director)
    full = _pdf_text(client.get(f"/casussen/overleggen/{meeting.pk}/verslag.pdf").content)
    assert POLICE_DECISION in full and NLA_DECISION in full
    police_pk = _org("Politie Oost-Nederland").pk
    police = _pdf_text(client.get(f"/casussen/overleggen/{meeting.pk}/verslag.pdf?organisatie={police_pk}").content)
    assert POLICE_DECISION in police and NLA_DECISION not in police and other_case.code not in police


def test_ics_has_time_and_place_but_no_case_content(case: Case, meeting: Meeting, police_user: User) -> None:
    from icalendar import Calendar

    response = verified_client(police_user).get(f"/casussen/overleggen/{meeting.pk}/overleg.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["location"]) == "Stadhuis, zaal 3"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=meeting.duration_minutes)
    body = response.content.decode()
    for withheld in [case.code, case.title, POLICE_DECISION]:
        assert withheld not in body


def test_chain_director_of_another_municipality_gets_404(
    case: Case, meeting: Meeting, make_user: Callable[..., User]
) -> None:
    from schakel.accounts.models import OrganisationType
    from schakel.accounts.roles import Role
    from schakel.core.models import Municipality

    renkum = Municipality.objects.create(code="GM0274", name="Renkum")
    org = Organisation.objects.create(
        name="Gemeente Renkum – Ketenregie", type=OrganisationType.MUNICIPALITY_DEPARTMENT
    )
    org.municipalities.add(renkum)
    director = make_user(Role.CHAIN_DIRECTOR, org.name)
    client = verified_client(director)
    for url in [
        f"/casussen/{case.pk}/",
        f"/casussen/overleggen/{meeting.pk}/",
        f"/casussen/overleggen/{meeting.pk}/verslag.pdf",
        f"/casussen/overleggen/{meeting.pk}/overleg.ics",
    ]:
        assert client.get(url).status_code == 404, url
    assert case.code not in client.get("/casussen/?status=alle").content.decode()


@pytest.mark.parametrize(
    ("role", "org_name"),
    [
        ("internal_liaison", "Gemeente Arnhem – Burgerzaken"),
        ("analyst", "Gemeente Arnhem – Beleid Veiligheid"),
        ("functional_admin", "Gemeente Arnhem – Informatievoorziening"),
        ("auditor", "Gemeente Arnhem – Privacy (FG)"),
    ],
)
def test_non_partner_roles_see_no_case_even_when_their_department_takes_part(
    role: str, org_name: str, case: Case, chain_director: User, make_user: Callable[..., User]
) -> None:
    """Found by the access matrix: any user of a participating organisation saw the case,
    also an analyst (aggregates only), an auditor or a functional administrator."""
    department = _org(org_name)
    action = services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(
            type="other",
            description="AFDELING-ACTIE",
            organisation=department,
            deadline=timezone.localdate() - timedelta(days=2),
        ),
    )
    meeting = services.meeting_create(
        actor=chain_director, type=MeetingType.MDO, starts_at=timezone.now(), organisations=[department]
    )
    item = services.agenda_add(actor=chain_director, meeting=meeting, case=case)
    client = verified_client(make_user(role, org_name))
    for url in [
        "/casussen/",
        "/casussen/overleggen/",
        f"/casussen/{case.pk}/",
        f"/casussen/{case.pk}/acties/{action.pk}/",
        f"/casussen/overleggen/{meeting.pk}/",
        f"/casussen/overleggen/{meeting.pk}/punten/{item.pk}/",
        f"/casussen/overleggen/{meeting.pk}/verslag/",
        f"/casussen/overleggen/{meeting.pk}/overleg.ics",
    ]:
        assert client.get(url).status_code == 404, (role, url)
    assert "Acties uit casussen over de termijn" not in client.get("/").content.decode()


def test_inspector_of_a_participating_department_sees_the_partner_view(
    case: Case, chain_director: User, make_user: Callable[..., User]
) -> None:
    department = _org("Gemeente Arnhem – Toezicht en Handhaving")
    action = services.action_create(
        actor=chain_director,
        case=case,
        data=services.ActionInput(type="inspection", description="CONTROLE-TH", organisation=department),
    )
    client = verified_client(make_user("inspector", department.name))
    assert client.get(f"/casussen/{case.pk}/acties/{action.pk}/").status_code == 200
    assert case.code in client.get("/casussen/?status=alle").content.decode()
