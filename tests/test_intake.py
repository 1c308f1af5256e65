"""The internal and partner doors, the inbox, need-to-know, meldcode and scoring."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from PIL import Image

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.audit.models import AuditAction, AuditEvent
from schakel.core.models import District
from schakel.intake.meldcode import decide
from schakel.intake.models import Indicator
from schakel.intake.scoring import indicative_scores
from schakel.signals.models import Channel, EntityKind, Signal, SignalAttachment, SignalEntity
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "narrative": "Bij de nagelsalon werken jonge vrouwen tot laat; ze slapen er ook.",
        "forms_of_exploitation": ["labour", "sexual"],
        "urgency": "high",
        "minor_involved": "no",
        "observed_on": "2026-11-20",
        "street": "Steenstraat",
        "house_number": "12a",
        "postcode": "6828 cc",
        "city": "Arnhem",
        "district": "",
        "location_description": "",
        "indicators": ["HO-02", "ILO-07"],
        "source_reliability": "usually",
        "information_reliability": "confirmed",
        "form_token": "token-1",
        "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "20",
        "persons-0-role": "possible_victim",
        "persons-0-name": "Olena Kovalenko",
        "persons-0-description": "",
        "persons-0-sex": "female",
        "persons-0-age": "19",
        "persons-0-birth_date": "",
        "persons-0-nationality": "UA",
        "persons-0-languages": "Oekraïens",
        "details-TOTAL_FORMS": "3",
        "details-INITIAL_FORMS": "0",
        "details-MIN_NUM_FORMS": "0",
        "details-MAX_NUM_FORMS": "40",
        "details-0-kind": "phone",
        "details-0-value": "06-12345678",
        "details-0-extra": "",
        "details-1-kind": "vehicle",
        "details-1-value": "12-ABC-3",
        "details-1-extra": "",
        "details-2-kind": "bank_account",
        "details-2-value": "NL91 ABNA 0417 1643 00",
        "details-2-extra": "",
    }
    data.update(extra)
    return data


def test_internal_door_stores_a_complete_normalised_signal(make_user: Callable[..., User]) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    client = verified_client(reporter)
    assert client.get("/signalen/nieuw/").status_code == 200
    district = District.objects.get(code="WK020201")
    response = client.post("/signalen/nieuw/", _form(district=str(district.pk)))
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert response["Location"] == f"/signalen/{signal.pk}/ontvangen/"
    assert signal.channel == Channel.INTERNAL and signal.reporter == reporter
    assert signal.municipality.code == "GM0202" and signal.district == district
    assert signal.forms == ["sexual", "labour"]
    assert (signal.postcode, signal.house_number, signal.house_letter, signal.address_key) == (
        "6828CC",
        12,
        "A",
        "6828CC:12A",
    )
    assert sorted(signal.indicators.values_list("code", flat=True)) == ["HO-02", "ILO-07"]
    assert signal.catalogue.version == "0.1"
    keys = dict(signal.entities.values_list("kind", "match_key"))
    assert keys[EntityKind.PHONE] == "+31612345678"
    assert keys[EntityKind.BANK_ACCOUNT] == "NL91ABNA0417164300"
    assert keys[EntityKind.VEHICLE] == "12ABC3"
    victim = signal.entities.get(kind=EntityKind.PERSON)
    assert victim.role == "possible_victim" and victim.attributes["nationality"] == "UA"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="signals.signal", object_id=str(signal.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert signal.reference in page


def test_double_submit_creates_one_signal(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    first = client.post("/signalen/nieuw/", _form())
    second = client.post("/signalen/nieuw/", _form())
    assert Signal.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("extra", "field_message"),
    [
        ({"narrative": ""}, "Beschrijf wat je hebt gezien of gehoord."),
        ({"postcode": "0123 AB"}, "Een postcode bestaat uit 4 cijfers en 2 letters"),
        ({"house_number": "", "street": "Steenstraat"}, "Vul ook het huisnummer in."),
        ({"observed_on": "2099-01-01"}, "Deze datum ligt in de toekomst."),
        ({"details-0-value": "12345"}, "Dit is geen geldig telefoonnummer."),
        ({"details-2-value": "NL91 ABNA 0417 1643 01"}, "Dit is geen geldig IBAN."),
        ({"details-1-value": "ABC"}, "Dit is geen geldig kenteken."),
        ({"persons-0-name": "", "persons-0-description": ""}, "Vul een naam of een omschrijving van de persoon in."),
        ({"persons-0-age": "130"}, "Zorg ervoor dat deze waarde hoogstens 120 is."),
        ({"details-0-kind": "", "details-0-value": "06-12345678"}, "Kies wat voor gegeven dit is."),
    ],
)
def test_bad_input_gets_a_dutch_error_next_to_the_field_and_nothing_is_saved(
    make_user: Callable[..., User], extra: dict[str, object], field_message: str
) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    response = client.post("/signalen/nieuw/", _form(**extra))
    assert response.status_code == 400
    body = response.content.decode()
    assert field_message in body
    assert 'aria-invalid="true"' in body
    assert Signal.objects.count() == 0 and SignalEntity.objects.count() == 0


def test_add_person_row_without_javascript_keeps_input_and_saves_nothing(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    response = client.post("/signalen/nieuw/", _form(add_person="1"))
    body = response.content.decode()
    assert 'name="persons-1-name"' in body
    assert "Olena Kovalenko" in body
    assert Signal.objects.count() == 0


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "advertentie.png"
    return buffer


def test_attachment_is_stored_privately_and_served_after_a_check(
    make_user: Callable[..., User], chain_director: User, police_user: User
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    client = verified_client(reporter)
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": [_png()]})
    assert response.status_code == 302
    attachment = SignalAttachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.file.name.startswith("signals/")
    url = f"/signalen/{attachment.signal_id}/bijlagen/{attachment.pk}/"
    download = verified_client(chain_director).get(url)
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert verified_client(police_user).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_attachment_type_is_checked_by_content_not_name(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    fake = io.BytesIO(b"<script>alert(1)</script>")
    fake.name = "foto.png"
    response = client.post("/signalen/nieuw/", {**_form(), "attachments": [fake]})
    assert response.status_code == 400
    assert "is geen PDF, PNG of JPEG" in response.content.decode()
    assert Signal.objects.count() == 0 and SignalAttachment.objects.count() == 0


def test_partner_door_records_partner_channel_and_reference(police_user: User) -> None:
    client = verified_client(police_user)
    page = client.get("/signalen/nieuw/").content.decode()
    assert 'name="partner_reference"' in page
    response = client.post("/signalen/nieuw/", _form(partner_reference="PL0600-2026-123"))
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.channel == Channel.PARTNER and signal.partner_reference == "PL0600-2026-123"
    assert signal.reporter_organisation == police_user.organisation


def test_inbox_shows_every_door_most_urgent_first(
    chain_director: User, police_user: User, make_user: Callable[..., User]
) -> None:
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    normal = make_signal(liaison, narrative="normaal", urgency="normal")
    acute = make_signal(police_user, channel=Channel.PARTNER, urgency="acute")
    public = make_signal(None, channel=Channel.PUBLIC, urgency="high")
    body = verified_client(chain_director).get("/signalen/").content.decode()
    positions = [body.index(s.reference) for s in (acute, public, normal)]
    assert positions == sorted(positions)
    assert "3 signalen" in body


def test_inbox_filters_and_search(chain_director: User, make_user: Callable[..., User]) -> None:
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    sexual = make_signal(liaison, forms=["sexual"])
    labour = make_signal(liaison, forms=["labour"])
    client = verified_client(chain_director)
    body = client.get("/signalen/", {"form": "sexual"}).content.decode()
    assert sexual.reference in body and labour.reference not in body
    body = client.get("/signalen/", {"q": labour.reference}).content.decode()
    assert labour.reference in body and sexual.reference not in body
    body = client.get("/signalen/", {"channel": "public"}).content.decode()
    assert "Geen signalen gevonden." in body
    body = client.get("/signalen/", {"date_from": "2026-02-02", "date_to": "2026-02-01"}).content.decode()
    assert "De einddatum ligt vóór de begindatum." in body


def test_inbox_keyset_paging_visits_every_signal_once(chain_director: User, make_user: Callable[..., User]) -> None:
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    created = {make_signal(liaison, urgency=["acute", "high", "normal"][i % 3]).reference for i in range(57)}
    client = verified_client(chain_director)
    seen: list[str] = []
    url, params = "/signalen/", {}
    for _ in range(5):
        response = client.get(url, params)
        page = response.context["page"]
        seen.extend(s.reference for s in page.signals)
        if not page.next_cursor:
            break
        params = {"na": page.next_cursor}
    assert len(seen) == 57 and set(seen) == created


def test_need_to_know_for_signals(
    chain_director: User, police_user: User, moviera_user: User, make_user: Callable[..., User]
) -> None:
    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    colleague = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    analyst = make_user(Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid")
    own = make_signal(liaison, narrative="EIGEN-MELDING-LIAISON")
    police_signal = make_signal(police_user, channel=Channel.PARTNER, narrative="EIGEN-MELDING-POLITIE")
    police_colleague = make_user(Role.PARTNER_USER, "Politie Oost-Nederland")
    # the reporter and the chain director see the internal signal
    assert verified_client(liaison).get(f"/signalen/{own.pk}/").status_code == 200
    assert verified_client(chain_director).get(f"/signalen/{own.pk}/").status_code == 200
    # colleagues, other partners and the analyst do not, not even in lists
    for outsider in (colleague, police_user, moviera_user, analyst):
        client = verified_client(outsider)
        assert client.get(f"/signalen/{own.pk}/").status_code == 404
        assert client.get(f"/signalen/{own.pk}/ontvangen/").status_code == 404
        listing = client.get("/signalen/")
        assert listing.status_code == 404 or "EIGEN-MELDING-LIAISON" not in listing.content.decode()
    # a partner's organisation sees what it submitted; others do not
    assert verified_client(police_colleague).get(f"/signalen/{police_signal.pk}/").status_code == 200
    assert verified_client(moviera_user).get(f"/signalen/{police_signal.pk}/").status_code == 404
    assert verified_client(liaison).get(f"/signalen/{police_signal.pk}/").status_code == 404
    assert verified_client(analyst).get("/signalen/").status_code == 404


def test_reading_a_signal_is_audited(chain_director: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    verified_client(chain_director).get(f"/signalen/{signal.pk}/")
    assert AuditEvent.objects.filter(
        actor_id=chain_director.pk, action=AuditAction.READ, object_id=str(signal.pk)
    ).exists()


def test_chain_director_of_another_municipality_sees_nothing(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    from schakel.accounts.models import Organisation
    from schakel.core.models import Municipality

    other = Municipality.objects.create(code="GM0228", name="Ede")
    org = Organisation.objects.create(name="Gemeente Ede – Ketenregie", type="municipality_department")
    org.municipalities.add(other)
    other_director = make_user(Role.CHAIN_DIRECTOR, org.name)
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    client = verified_client(other_director)
    assert client.get(f"/signalen/{signal.pk}/").status_code == 404
    assert signal.reference not in client.get("/signalen/").content.decode()


def test_meldcode_weighing_framework() -> None:
    assert decide({}, minor_involved=True).report_to_veilig_thuis is True
    assert decide({"suspicion": False}, minor_involved=False).report_to_veilig_thuis is False
    assert decide({"suspicion": True, "danger": True}, minor_involved=False).report_to_veilig_thuis is True
    assert decide({"suspicion": True}, minor_involved=False).report_to_veilig_thuis is True  # danger unknown
    no_help = {"suspicion": True, "danger": False, "can_help": False}
    assert decide(no_help, minor_involved=False).report_to_veilig_thuis is True
    refused = {"suspicion": True, "danger": False, "can_help": True, "help_accepted": False}
    assert decide(refused, minor_involved=False).report_to_veilig_thuis is True
    fine = {"suspicion": True, "danger": False, "can_help": True, "help_accepted": True, "help_in_time": True}
    assert decide(fine, minor_involved=False).report_to_veilig_thuis is False
    assert decide({**fine, "help_in_time": False}, minor_involved=False).report_to_veilig_thuis is True


def test_minor_always_leads_to_veilig_thuis_even_if_answers_say_no(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    answers = {
        "meldcode_suspicion": "yes",
        "meldcode_danger": "no",
        "meldcode_can_help": "yes",
        "meldcode_help_accepted": "yes",
        "meldcode_help_in_time": "yes",
    }
    client.post("/signalen/nieuw/", _form(minor_involved="yes", meldcode_applicable="on", **answers))
    signal = Signal.objects.get()
    assert signal.meldcode_report_to_veilig_thuis is True
    assert "minderjarige" in signal.meldcode_reason


def test_meldcode_answers_are_stored_with_the_outcome(make_user: Callable[..., User]) -> None:
    client = verified_client(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    answers = {
        "meldcode_suspicion": "yes",
        "meldcode_danger": "no",
        "meldcode_can_help": "yes",
        "meldcode_help_accepted": "yes",
        "meldcode_help_in_time": "yes",
    }
    client.post("/signalen/nieuw/", _form(meldcode_applicable="on", **answers))
    signal = Signal.objects.get()
    assert signal.meldcode_report_to_veilig_thuis is False
    assert signal.meldcode_answers == {
        "suspicion": True,
        "danger": False,
        "can_help": True,
        "help_accepted": True,
        "help_in_time": True,
    }


def test_indicative_score_never_calls_one_indicator_a_finding(reference_data: None) -> None:
    one = indicative_scores(Indicator.objects.filter(code="ILO-07"))
    assert all(score.count == 1 and "op zichzelf geen aanwijzing" in score.band for score in one)
    several = indicative_scores(Indicator.objects.filter(code__in=["ILO-07", "HO-01", "MD-04", "WC-01"]))
    labour = next(s for s in several if s.form == "labour")
    assert labour.score == 5 and labour.count == 4 and labour.band == "meerdere indicatoren"
    assert several[0].form == "labour"


def test_detail_page_shows_indicative_score_label(chain_director: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(
        make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"), indicator_codes=["ILO-07", "HO-01"]
    )
    body = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    assert "Indicatieve score per vorm – geen conclusie" in body


def test_script_in_narrative_is_escaped(chain_director: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(
        make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"), narrative="<script>alert('x')</script>"
    )
    body = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_publishing_a_new_catalogue_version_keeps_old_signals_on_theirs(
    admin_user_: User, make_user: Callable[..., User]
) -> None:
    from schakel.intake.models import CatalogueStatus, IndicatorCatalogue
    from schakel.intake.services import catalogue_new_draft, catalogue_publish

    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    old_version = IndicatorCatalogue.objects.get(status=CatalogueStatus.PUBLISHED)
    before = make_signal(reporter, indicator_codes=["ILO-07"])
    draft = catalogue_new_draft(actor=admin_user_, source=old_version, version="0.2")
    draft.indicators.filter(code="ILO-07").update(weights={"labour": 3})
    catalogue_publish(actor=admin_user_, catalogue=draft)
    after = make_signal(reporter, indicator_codes=["ILO-07"])
    old_version.refresh_from_db()
    assert old_version.status == CatalogueStatus.RETIRED
    assert before.catalogue == old_version and before.indicators.get().catalogue == old_version
    assert after.catalogue.version == "0.2" and after.indicators.get().weights == {"labour": 3}
    with pytest.raises(Exception, match="conceptversie"):
        catalogue_publish(actor=admin_user_, catalogue=draft)


def test_published_catalogue_indicators_are_frozen_in_the_admin(admin_user_: User) -> None:
    from schakel.intake.models import IndicatorCatalogue

    published = IndicatorCatalogue.objects.get(status="published")
    body = (
        verified_client(admin_user_).get(f"/beheer/intake/indicatorcatalogue/{published.pk}/change/").content.decode()
    )
    assert "ILO-07" in body
    assert 'name="indicators-0-label_nl"' not in body  # shown read-only, not as an input
