"""Data-subject requests: search through the matching engine, report, rectify and erase."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from schakel.accounts.models import User
from schakel.audit.models import AuditAction, AuditEvent
from schakel.privacy import services
from schakel.privacy.models import LegalHold
from schakel.signals.models import SignalEntity
from tests.conftest import verified_client
from tests.privacy.helpers import ANNA, BORIS, signal_about

pytestmark = pytest.mark.django_db


def _request(auditor: User) -> services.DataSubjectRequest:
    return services.dsr_create(actor=auditor, reference="AVG-2026-017", kind="access", reason="inzageverzoek per brief")


def _audit_text(since: int) -> str:
    return json.dumps([e.canonical_payload() for e in AuditEvent.objects.filter(seq__gt=since)], default=str)


def _last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_search_finds_misspelt_name_and_other_phone_format(auditor: User, police_user: User) -> None:
    anna_signal = signal_about(police_user, ANNA)
    boris_signal = signal_about(police_user, BORIS)
    dsr = _request(auditor)
    since = _last_seq()

    hits = services.dsr_search(
        actor=auditor,
        request=dsr,
        terms=services.SearchTerms(name="Ana Kowalsky", birth_date=date(1994, 3, 12), phone="+31 6 1234 5678"),
    )
    found = {(hit.entity.signal_id, hit.entity.kind) for hit in hits}
    assert (anna_signal.pk, "person") in found
    assert (anna_signal.pk, "phone") in found
    assert all(hit.entity.signal_id != boris_signal.pk for hit in hits)
    person_hit = next(hit for hit in hits if hit.entity.kind == "person")
    assert 0 < person_hit.score <= 1 and person_hit.contributions
    # The search is audited, without the values searched for.
    event = AuditEvent.objects.filter(seq__gt=since, purpose="verzoek betrokkene: zoeken").get()
    assert event.detail == {"fields": ["name", "birth_date", "phone"], "hits": len(hits)}
    text = _audit_text(since)
    for value in ("Kowalsky", "1234 5678", "+31612345678", "1994"):
        assert value not in text


def test_search_needs_privacy_officer(police_user: User, chain_director: User, auditor: User) -> None:
    dsr = _request(auditor)
    with pytest.raises(Exception) as info:
        services.dsr_search(actor=chain_director, request=dsr, terms=services.SearchTerms(name="Anna"))
    assert info.type.__name__ == "Http404"


def test_report_contains_the_person_and_not_another(auditor: User, police_user: User) -> None:
    both = signal_about(police_user, ANNA)
    # Boris appears in Anna's signal as well: his details must not reach her report.
    from schakel.signals.entities import person, phone

    for data in (person(role="possible_perpetrator", name=BORIS["name"]), phone(BORIS["phone"])):
        SignalEntity.objects.create(
            signal=both, kind=data.kind, role=data.role, attributes=data.attributes, display=data.display
        )
    type(both).objects.filter(pk=both.pk).update(narrative=ANNA["narrative"] + " Zij werkt voor Boris Petrov.")
    dsr = _request(auditor)
    hits = services.dsr_search(
        actor=auditor, request=dsr, terms=services.SearchTerms(name="Anna Kowalska", phone="0612345678")
    )
    anna_ids = [hit.entity.pk for hit in hits if "Boris" not in hit.entity.display and hit.entity.signal_id == both.pk]
    client = verified_client(auditor)
    since = _last_seq()
    html = client.get(f"/privacy/verzoeken/{dsr.pk}/rapport/", {"entiteit": anna_ids}).content.decode()
    assert "Anna Kowalska" in html and "+31612345678" in html
    assert "Boris" not in html and "Petrov" not in html and "87654321" not in html
    assert "[derde]" in html
    response = client.get(f"/privacy/verzoeken/{dsr.pk}/rapport.pdf", {"entiteit": anna_ids})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Anna Kowalska" in text and "Boris" not in text and "Petrov" not in text
    exports = AuditEvent.objects.filter(
        seq__gt=since, action=AuditAction.EXPORT, object_type="privacy.datasubjectrequest"
    )
    assert exports.count() == 2
    assert AuditEvent.objects.filter(seq__gt=since, action=AuditAction.READ, object_id=str(both.pk)).count() == 2


def test_rectify_is_normalised_and_audited(auditor: User, police_user: User) -> None:
    signal = signal_about(police_user, ANNA)
    entity = signal.entities.get(kind="person")
    phone_entity = signal.entities.get(kind="phone")
    dsr = _request(auditor)
    since = _last_seq()
    client = verified_client(auditor)
    response = client.post(
        f"/privacy/verzoeken/{dsr.pk}/gegeven/{entity.pk}/corrigeren/",
        {"name": "Anna Kowalska-Nowak", "birth_date": "1994-03-21"},
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.attributes["name"] == "Anna Kowalska-Nowak"
    assert entity.attributes["birth_date"] == "1994-03-21"
    services.rectify_entity(actor=auditor, request=dsr, entity=phone_entity, data={"value": "06 11112222"})
    phone_entity.refresh_from_db()
    assert phone_entity.match_key == "+31611112222"
    events = AuditEvent.objects.filter(seq__gt=since, purpose="verzoek betrokkene: rectificatie", action="update")
    assert events.count() == 2
    assert "Nowak" not in _audit_text(since) and "11112222" not in _audit_text(since)
    bad = client.post(f"/privacy/verzoeken/{dsr.pk}/gegeven/{phone_entity.pk}/corrigeren/", {"value": "geen nummer"})
    assert bad.status_code == 400


def test_erase_removes_entity_and_scrubs_free_text(auditor: User, police_user: User) -> None:
    signal = signal_about(police_user, ANNA)
    entity = signal.entities.get(kind="person")
    dsr = _request(auditor)
    since = _last_seq()
    response = verified_client(auditor).post(f"/privacy/verzoeken/{dsr.pk}/gegeven/{entity.pk}/wissen/")
    assert response.status_code == 302
    assert not SignalEntity.objects.filter(pk=entity.pk).exists()
    signal.refresh_from_db()
    assert "Kowalska" not in signal.narrative and "[gewist]" in signal.narrative
    assert "Kowalska" not in signal.outcome_note
    event = AuditEvent.objects.get(seq__gt=since, action=AuditAction.DELETE, object_id=str(entity.pk))
    assert event.detail["request"] == dsr.pk and event.detail["replacements"] >= 1
    assert "Kowalska" not in _audit_text(since)


def test_erase_refused_under_legal_hold(auditor: User, police_user: User) -> None:
    signal = signal_about(police_user, ANNA)
    LegalHold.objects.create(municipality=signal.municipality, record_type="signal", object_id=signal.pk, reason="x")
    dsr = _request(auditor)
    with pytest.raises(ValidationError):
        services.erase_entity(actor=auditor, request=dsr, entity=signal.entities.get(kind="person"))
    assert signal.entities.filter(kind="person").exists()


def test_dsr_needs_reference_and_reason(auditor: User) -> None:
    with pytest.raises(ValidationError):
        services.dsr_create(actor=auditor, reference="", kind="access", reason="x")
    response = verified_client(auditor).post(
        "/privacy/verzoeken/", {"reference": "A-1", "kind": "access", "reason": ""}
    )
    assert response.status_code == 400
    assert not services.DataSubjectRequest.objects.exists()


def test_search_page_shows_hits_with_score(auditor: User, police_user: User) -> None:
    signal_about(police_user, ANNA)
    dsr = _request(auditor)
    response = verified_client(auditor).post(
        f"/privacy/verzoeken/{dsr.pk}/", {"name": "Anna Kowalski", "phone": "", "email": "", "address": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Kowalska" in html and "achternaam: " in html and "surname" not in html


def test_search_by_email_and_address_in_other_notation(auditor: User, police_user: User) -> None:
    anna_signal = signal_about(police_user, ANNA)
    signal_about(police_user, BORIS)
    dsr = _request(auditor)
    hits = services.dsr_search(
        actor=auditor,
        request=dsr,
        terms=services.SearchTerms(email="Anna.Kowalska@EXAMPLE.org", address="rozenstraat 12, 6811ab arnhem"),
    )
    assert {(h.entity.signal_id, h.entity.kind) for h in hits} == {
        (anna_signal.pk, "email"),
        (anna_signal.pk, "address"),
    }


def test_report_of_another_municipality_is_empty(
    auditor: User, police_user: User, make_user: Callable[..., User]
) -> None:
    from schakel.accounts.models import Organisation, OrganisationType
    from schakel.accounts.roles import Role
    from schakel.core.models import Municipality

    anna = signal_about(police_user, ANNA)
    elsewhere = Municipality.objects.create(code="GM0228", name="Ede")
    organisation = Organisation.objects.create(
        name="Gemeente Ede – Privacy", type=OrganisationType.MUNICIPALITY_DEPARTMENT
    )
    organisation.municipalities.add(elsewhere)
    foreign = make_user(Role.AUDITOR, organisation.name)
    own = services.dsr_create(actor=foreign, reference="EDE-1", kind="access", reason="brief")
    ids = list(anna.entities.values_list("pk", flat=True))
    html = verified_client(foreign).get(f"/privacy/verzoeken/{own.pk}/rapport/", {"entiteit": ids}).content.decode()
    assert "Kowalska" not in html and "Er zijn geen gegevens geselecteerd" in html
    pdf = verified_client(foreign).get(f"/privacy/verzoeken/{own.pk}/rapport.pdf", {"entiteit": ids})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kowalska" not in text
    for entity_id in ids:
        assert (
            verified_client(foreign).get(f"/privacy/verzoeken/{own.pk}/gegeven/{entity_id}/wissen/").status_code == 404
        )
    assert anna.entities.count() == 4
