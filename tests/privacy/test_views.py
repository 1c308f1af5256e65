"""The privacy pages: need-to-know (404 for everyone but the privacy officer), the preview, legal
holds through the pages, tombstones and the access review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.audit.models import AuditAction, AuditEvent
from schakel.audit.services import audit_read
from schakel.privacy import services
from schakel.privacy.adapters import add_months
from schakel.privacy.models import LegalHold, Tombstone
from schakel.privacy.retention import apply_retention
from schakel.privacy.selectors import access_review
from schakel.signals.models import Signal
from tests.conftest import ALL_ROLE_ORGS, verified_client
from tests.privacy.helpers import ANNA, BORIS, closed_signal, signal_about

pytestmark = pytest.mark.django_db


def _urls(dsr_pk: int, entity_pk: int, hold_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", "/privacy/"),
        ("post", "/privacy/bewaarplicht/"),
        ("post", f"/privacy/bewaarplicht/{hold_pk}/opheffen/"),
        ("get", "/privacy/grafstenen/"),
        ("get", "/privacy/verzoeken/"),
        ("post", "/privacy/verzoeken/"),
        ("get", f"/privacy/verzoeken/{dsr_pk}/"),
        ("post", f"/privacy/verzoeken/{dsr_pk}/"),
        ("get", f"/privacy/verzoeken/{dsr_pk}/rapport/?entiteit={entity_pk}"),
        ("get", f"/privacy/verzoeken/{dsr_pk}/rapport.pdf?entiteit={entity_pk}"),
        ("get", f"/privacy/verzoeken/{dsr_pk}/gegeven/{entity_pk}/corrigeren/"),
        ("post", f"/privacy/verzoeken/{dsr_pk}/gegeven/{entity_pk}/corrigeren/"),
        ("get", f"/privacy/verzoeken/{dsr_pk}/gegeven/{entity_pk}/wissen/"),
        ("post", f"/privacy/verzoeken/{dsr_pk}/gegeven/{entity_pk}/wissen/"),
        ("get", "/privacy/toegangsreview/"),
    ]


@pytest.mark.parametrize("role", [role for role in ALL_ROLE_ORGS if role != Role.AUDITOR])
def test_every_privacy_page_is_404_for_other_roles(
    role: str, make_user: Callable[..., User], auditor: User, police_user: User
) -> None:
    signal = signal_about(police_user, ANNA)
    entity = signal.entities.get(kind="person")
    dsr = services.dsr_create(actor=auditor, reference="AVG-1", kind="access", reason="brief")
    hold = services.legal_hold_place(actor=auditor, record_type="signal", reference=signal.reference, reason="klacht")
    other = verified_client(make_user(role, ALL_ROLE_ORGS[role], staff=role == Role.FUNCTIONAL_ADMIN))
    data = {"reference": signal.reference, "reason": "x", "name": "Anna", "value": "06 11112222", "kind": "access"}
    for method, url in _urls(dsr.pk, entity.pk, hold.pk):
        response = getattr(other, method)(url, data) if method == "post" else other.get(url)
        assert response.status_code == 404, (role, method, url, response.status_code)
    assert "Kowalska" in Signal.objects.get(pk=signal.pk).narrative
    assert LegalHold.objects.get(pk=hold.pk).lifted_at is None


def test_anonymous_is_sent_to_sign_in() -> None:
    response = Client().get("/privacy/")
    assert response.status_code == 302 and "aanmelden" in response["Location"]


def test_privacy_officer_of_another_municipality_sees_nothing(
    auditor: User, make_user: Callable[..., User], police_user: User
) -> None:
    from schakel.accounts.models import Organisation, OrganisationType
    from schakel.core.models import Municipality

    elsewhere = Municipality.objects.create(code="GM0228", name="Ede")
    organisation = Organisation.objects.create(
        name="Gemeente Ede – Privacy", type=OrganisationType.MUNICIPALITY_DEPARTMENT
    )
    organisation.municipalities.add(elsewhere)
    foreign = make_user(Role.AUDITOR, organisation.name)
    signal = signal_about(police_user, ANNA)
    entity = signal.entities.get(kind="person")
    dsr = services.dsr_create(actor=auditor, reference="AVG-1", kind="access", reason="brief")
    hold = services.legal_hold_place(actor=auditor, record_type="signal", reference=signal.reference, reason="klacht")
    client = verified_client(foreign)
    for method, url in _urls(dsr.pk, entity.pk, hold.pk):
        if url in (
            "/privacy/",
            "/privacy/bewaarplicht/",
            "/privacy/grafstenen/",
            "/privacy/verzoeken/",
            "/privacy/toegangsreview/",
        ):
            continue  # their own (empty) pages
        response = getattr(client, method)(url, {"reason": "x"}) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url)
    # A hold on a signal of another municipality cannot be placed by reference either.
    with pytest.raises(Exception, match="Geen signaal"):
        services.legal_hold_place(actor=foreign, record_type="signal", reference=signal.reference, reason="x")
    assert signal.reference not in client.get("/privacy/").content.decode()
    own_dsr = services.dsr_create(actor=foreign, reference="EDE-1", kind="access", reason="brief")
    hits = services.dsr_search(actor=foreign, request=own_dsr, terms=services.SearchTerms(name="Anna Kowalska"))
    assert hits == []


def test_preview_page_and_legal_hold_through_the_pages(auditor: User, chain_director: User, police_user: User) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    soon = closed_signal(police_user, chain_director, ANNA, closed_on=add_months(today, -12) + timedelta(days=10))
    client = verified_client(auditor)
    html = client.get("/privacy/").content.decode()
    assert soon.reference in html
    assert "Kowalska" not in html and "Rozenstraat" not in html
    response = client.post("/privacy/bewaarplicht/", {"reference": soon.reference.lower(), "reason": "Klacht 2026-3"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(object_id=soon.pk)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="privacy.legalhold", object_id=str(hold.pk)
    ).exists()
    assert "Ja, wordt overgeslagen" in client.get("/privacy/").content.decode()
    again = client.post("/privacy/bewaarplicht/", {"reference": soon.reference, "reason": "nogmaals"})
    assert again.status_code == 400 and "al een bewaarplicht" in again.content.decode()
    unknown = client.post("/privacy/bewaarplicht/", {"reference": "SG-2020-999999", "reason": "x"})
    assert unknown.status_code == 400
    client.post(f"/privacy/bewaarplicht/{hold.pk}/opheffen/", {"reason": ""})
    hold.refresh_from_db()
    assert hold.lifted_at is None
    client.post(f"/privacy/bewaarplicht/{hold.pk}/opheffen/", {"reason": "Klacht afgehandeld"})
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == auditor
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="privacy.legalhold").exists()


def test_tombstones_page_lists_without_content(auditor: User, chain_director: User, police_user: User) -> None:
    from django.utils import timezone

    old = closed_signal(police_user, chain_director, ANNA, closed_on=add_months(timezone.localdate(), -13))
    apply_retention()
    assert Tombstone.objects.filter(object_id=old.pk).exists()
    html = verified_client(auditor).get("/privacy/grafstenen/").content.decode()
    assert old.reference in html and "Kowalska" not in html


def test_access_review_flags_a_heavy_reader(auditor: User, make_user: Callable[..., User], police_user: User) -> None:
    signals = [signal_about(police_user, BORIS) for _ in range(3)]
    directors = [make_user(Role.CHAIN_DIRECTOR, ALL_ROLE_ORGS[Role.CHAIN_DIRECTOR]) for _ in range(4)]
    for director in directors[:3]:
        for signal in signals[:2]:
            audit_read(actor=director, obj=signal)
    heavy = directors[3]
    for _ in range(12):
        for signal in signals:
            audit_read(actor=heavy, obj=signal)
    review = access_review(actor=auditor)
    flagged = {row.actor_id: row for row in review.flagged}
    assert set(flagged) == {heavy.pk}
    assert flagged[heavy.pk].reads == 36 and flagged[heavy.pk].records == 3
    assert flagged[heavy.pk].role_median == 2
    assert flagged[heavy.pk].reasons == ["multiple"]
    # An absolute threshold flags too, whatever the peers do.
    low = access_review(actor=auditor, absolute=5)
    assert {row.actor_id for row in low.flagged} == {heavy.pk}
    page = verified_client(auditor).get("/privacy/toegangsreview/", {"multiple": "3", "absolute": "500"})
    html = page.content.decode()
    assert heavy.email in html and 'data-flagged="true"' in html
    assert AuditEvent.objects.filter(purpose="toegangsreview").count() == 3


def test_privacy_nav_link_only_for_the_privacy_officer(auditor: User, chain_director: User) -> None:
    assert 'href="/privacy/"' in verified_client(auditor).get("/").content.decode()
    assert 'href="/privacy/"' not in verified_client(chain_director).get("/").content.decode()


def test_home_card_for_the_privacy_officer(auditor: User) -> None:
    html = verified_client(auditor).get("/").content.decode()
    assert "Bewaartermijnen, bewaarplicht" in html
