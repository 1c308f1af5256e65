"""Pages: the happy path for managers, and need-to-know negatives (404) for everyone else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.accounts.roles import Role
from schakel.core.models import Municipality
from schakel.enforcement import services
from schakel.enforcement.models import Inspection, InspectionSignal, Measure, MeasureStatus, Premises, PremisesType
from schakel.signals.models import Channel, Signal
from schakel.signals.services import Location
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    make_premises: Callable[..., Premises],
    make_inspection: Callable[..., Inspection],
    inspector: User,
    arnhem: Municipality,
) -> dict[str, object]:
    premises = make_premises(name="Kamerverhuur Zuid (synthetisch)", operator_name="Zuid Kamers B.V.")
    other = make_premises(name="Salon Noord (synthetisch)", type=PremisesType.MASSAGE_BEAUTY, house_number="3")
    with_nla = make_inspection(premises=[premises], partners=["Nederlandse Arbeidsinspectie"])
    without = make_inspection(premises=[other], type="integral", sector="massage_beauty")
    services.inspection_record_findings(
        actor=inspector,
        inspection=with_nla,
        findings=services.Findings(seen=["HO-01"], counts=[services.CountRow("male", "24_35", "PL", 4)]),
    )
    measure = services.measure_create(
        actor=inspector,
        measure=Measure(municipality=arnhem, type="warning", legal_basis="APV Arnhem", premises=premises),
        on_date=date(2026, 3, 12),
    )
    return {"premises": premises, "other": other, "with_nla": with_nla, "without": without, "measure": measure}


def _urls(world: dict[str, object]) -> dict[str, list[str]]:
    p, o = world["premises"], world["other"]
    i, j, m = world["with_nla"], world["without"], world["measure"]
    assert isinstance(p, Premises) and isinstance(o, Premises) and isinstance(i, Inspection)
    assert isinstance(j, Inspection) and isinstance(m, Measure)
    return {
        "read_participated": [
            reverse("enforcement:premises_detail", args=[p.pk]),
            reverse("enforcement:inspection_detail", args=[i.pk]),
        ],
        "lists": [reverse("enforcement:premises_list"), reverse("enforcement:inspection_list")],
        "other_org": [
            reverse("enforcement:premises_detail", args=[o.pk]),
            reverse("enforcement:inspection_detail", args=[j.pk]),
        ],
        "manager_only": [
            reverse("enforcement:premises_new"),
            reverse("enforcement:premises_edit", args=[p.pk]),
            reverse("enforcement:inspection_new"),
            reverse("enforcement:inspection_edit", args=[i.pk]),
            reverse("enforcement:inspection_findings", args=[i.pk]),
            reverse("enforcement:measure_list"),
            reverse("enforcement:measure_new"),
            reverse("enforcement:measure_detail", args=[m.pk]),
        ],
    }


@pytest.mark.parametrize("role", ["inspector", "chain_director"])
def test_managers_open_every_page(world: dict[str, object], role: str, request: pytest.FixtureRequest) -> None:
    client = verified_client(request.getfixturevalue(role))
    urls = _urls(world)
    for url in urls["read_participated"] + urls["lists"] + urls["other_org"] + urls["manager_only"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["analyst", "moviera_user", "police_user", "auditor"])
def test_everyone_else_gets_404_everywhere(world: dict[str, object], role: str, request: pytest.FixtureRequest) -> None:
    client = verified_client(request.getfixturevalue(role))
    urls = _urls(world)
    for url in urls["read_participated"] + urls["lists"] + urls["other_org"] + urls["manager_only"]:
        assert client.get(url).status_code == 404, url
    inspection = world["with_nla"]
    assert isinstance(inspection, Inspection)
    response = client.post(reverse("enforcement:inspection_signals", args=[inspection.pk]), {"narrative": "x"})
    assert response.status_code == 404


def test_a_participating_partner_reads_only_what_it_took_part_in(world: dict[str, object], nla_user: User) -> None:
    client = verified_client(nla_user)
    urls = _urls(world)
    for url in urls["read_participated"] + urls["lists"]:
        assert client.get(url).status_code == 200, url
    for url in urls["other_org"] + urls["manager_only"]:
        assert client.get(url).status_code == 404, url
    page = client.get(urls["read_participated"][1]).content.decode()
    assert "Bevindingen vastleggen" not in page and "Signalen maken" not in page
    listing = client.get(reverse("enforcement:premises_list")).content.decode()
    assert "Kamerverhuur Zuid" in listing and "Salon Noord" not in listing
    premises = world["premises"]
    assert isinstance(premises, Premises)
    assert "Maatregel" not in client.get(urls["read_participated"][0]).content.decode()
    response = client.post(reverse("enforcement:premises_detail", args=[premises.pk]), {"housing-street": "x"})
    assert response.status_code == 404


def test_a_chain_director_of_another_municipality_sees_nothing(world: dict[str, object], reference_data: None) -> None:
    other = Municipality.objects.create(code="GM0200", name="Apeldoorn (test)")
    organisation = Organisation.objects.create(
        name="Gemeente Apeldoorn – Ketenregie (test)", type=OrganisationType.MUNICIPALITY_DEPARTMENT
    )
    organisation.municipalities.add(other)
    user = User.objects.create_user(
        email="kr@apeldoorn.example", password="x-Very-long-9", full_name="Test", organisation=organisation
    )
    user.groups.add(Group.objects.get(name=Role.CHAIN_DIRECTOR))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    client = verified_client(user)
    urls = _urls(world)
    for url in urls["read_participated"] + urls["other_org"]:
        assert client.get(url).status_code == 404, url
    assert "Kamerverhuur Zuid" not in client.get(reverse("enforcement:premises_list")).content.decode()
    measure = world["measure"]
    assert isinstance(measure, Measure)
    assert client.get(reverse("enforcement:measure_detail", args=[measure.pk])).status_code == 404


def test_premises_page_shows_only_signals_the_user_may_see(
    world: dict[str, object], chain_director: User, nla_user: User
) -> None:
    signal = make_signal(chain_director, location=Location(house_number=12, house_letter="A", postcode="6811AB"))
    premises = world["premises"]
    assert isinstance(premises, Premises)
    url = reverse("enforcement:premises_detail", args=[premises.pk])
    assert signal.reference in verified_client(chain_director).get(url).content.decode()
    assert signal.reference not in verified_client(nla_user).get(url).content.decode()


def test_plan_findings_signals_and_measure_through_the_pages(
    make_premises: Callable[..., Premises], inspector: User, chain_director: User
) -> None:
    premises = make_premises(name="Logement West (synthetisch)", house_number="77", postcode="6824 AA")
    client = verified_client(inspector)
    response = client.post(
        reverse("enforcement:inspection_new"),
        {
            "type": "building_action",
            "sector": "housing",
            "date": "2026-04-02",
            "premises": [premises.pk],
            "partners": [Organisation.objects.get(name="Politie Oost-Nederland").pk],
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/controles/{inspection.pk}/")
    findings = {
        "ind_HO-01": "seen",
        "ind_ILO-07": "seen",
        "ind_ILO-05": "not_seen",
        "irregularities": "Overbewoning.",
        "counts-TOTAL_FORMS": "1",
        "counts-INITIAL_FORMS": "0",
        "counts-MIN_NUM_FORMS": "0",
        "counts-MAX_NUM_FORMS": "40",
        "counts-0-sex": "male",
        "counts-0-age_band": "24_35",
        "counts-0-nationality": "RO",
        "counts-0-count": "6",
    }
    assert client.post(reverse("enforcement:inspection_findings", args=[inspection.pk]), findings).status_code == 302
    page = client.get(reverse("enforcement:inspection_detail", args=[inspection.pk])).content.decode()
    assert "Signalen maken" in page and "HO-01" in page
    response = client.post(
        reverse("enforcement:inspection_signals", args=[inspection.pk]),
        {
            "premises": [premises.pk],
            "forms_of_exploitation": ["labour"],
            "urgency": "high",
            "narrative": "Zes mannen, paspoorten bij de beheerder.",
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get(channel=Channel.INSPECTION)
    assert InspectionSignal.objects.get(signal=signal).inspection == inspection
    inbox = verified_client(chain_director).get(reverse("signals:list") + "?channel=inspection").content.decode()
    assert signal.reference in inbox
    response = client.post(
        reverse("enforcement:measure_new"),
        {
            "type": "closure_174a",
            "legal_basis": "artikel 174a Gemeentewet",
            "premises": premises.pk,
            "inspection": inspection.pk,
            "intention_date": "2026-04-03",
        },
    )
    measure = Measure.objects.get()
    assert response.status_code == 302 and measure.status == MeasureStatus.INTENTION
    response = client.post(
        reverse("enforcement:measure_detail", args=[measure.pk]), {"to_status": "objection", "on_date": "2026-04-10"}
    )
    assert response.status_code == 200 and "id_to_status_error" in response.content.decode()
    response = client.post(
        reverse("enforcement:measure_detail", args=[measure.pk]), {"to_status": "decision", "on_date": "2026-04-10"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.deadline) == (MeasureStatus.DECISION, date(2026, 5, 22))


def test_forms_give_dutch_errors_next_to_the_field(inspector: User) -> None:
    client = verified_client(inspector)
    response = client.post(
        reverse("enforcement:premises_new"),
        {
            "name": "X",
            "type": "licensed_sex",
            "street": "Straat",
            "house_number": "abc",
            "postcode": "68",
            "city": "Arnhem",
            "bibob_status": "none",
            "operator_kvk": "12",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een huisnummer begint met een getal" in page
    assert "Een postcode bestaat uit 4 cijfers" in page
    assert "Een vergunde seksinrichting heeft een vergunningnummer." in page
    assert "Een KvK-nummer bestaat uit 8 cijfers." in page
    assert not Premises.objects.exists()


def test_home_shows_plan_against_actuals(
    world: dict[str, object], chain_director: User, inspector: User, analyst: User, police_user: User
) -> None:
    for user in (chain_director, inspector, analyst):
        page = verified_client(user).get(reverse("core:home")).content.decode()
        assert 'data-testid="inspection-plan"' in page
        assert 'data-testid="plan-building">1<' in page
    assert (
        'data-testid="inspection-plan"' not in verified_client(police_user).get(reverse("core:home")).content.decode()
    )


def test_a_partner_does_not_see_signals_made_from_the_inspection(
    world: dict[str, object], inspector: User, police_user: User
) -> None:
    premises, inspection = world["premises"], world["with_nla"]
    assert isinstance(premises, Premises) and isinstance(inspection, Inspection)
    inspection.partners.add(Organisation.objects.get(name="Politie Oost-Nederland"))
    (signal,) = services.inspection_create_signals(
        actor=inspector, inspection=inspection, premises=[premises], narrative="Zes mannen.", forms=["labour"]
    )
    police = verified_client(police_user)
    for url in (
        reverse("enforcement:inspection_detail", args=[inspection.pk]),
        reverse("enforcement:premises_detail", args=[premises.pk]),
    ):
        response = police.get(url)
        assert response.status_code == 200
        assert signal.reference not in response.content.decode()
    assert police.get(reverse("signals:detail", args=[signal.pk])).status_code == 404
    assert (
        signal.reference
        in verified_client(inspector)
        .get(reverse("enforcement:inspection_detail", args=[inspection.pk]))
        .content.decode()
    )


def test_reads_and_lists_are_audited(world: dict[str, object], inspector: User) -> None:
    from schakel.audit.models import AuditEvent

    premises = world["premises"]
    assert isinstance(premises, Premises)
    client = verified_client(inspector)
    before = AuditEvent.objects.count()
    client.get(reverse("enforcement:premises_detail", args=[premises.pk]))
    client.get(reverse("enforcement:inspection_list"))
    client.get(reverse("enforcement:measure_list"))
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[before:])
    assert actions.count("read") >= 1 and actions.count("list") >= 3


def test_housing_addresses_of_an_agency_through_the_page(
    make_premises: Callable[..., Premises], inspector: User
) -> None:
    agency = make_premises(name="Uitzend Test (synthetisch)", type=PremisesType.EMPLOYMENT_AGENCY)
    room = make_premises(name="Kamers Test (synthetisch)", house_number="8")
    client = verified_client(inspector)
    url = reverse("enforcement:premises_detail", args=[agency.pk])
    data = {
        "housing-street": "Woonstraat",
        "housing-house_number": "5b",
        "housing-postcode": "6825 bb",
        "housing-city": "Arnhem",
        "housing-workers": "9",
    }
    assert client.post(url, data).status_code == 302
    address = agency.housing_addresses.get()
    assert (address.postcode, address.house_number, address.address_key) == ("6825BB", "5B", "6825BB:5B")
    assert "Woonstraat 5B" in client.get(url).content.decode()
    bad = client.post(url, data | {"housing-postcode": "68"})
    assert bad.status_code == 200 and "Een postcode bestaat uit 4 cijfers" in bad.content.decode()
    assert client.post(reverse("enforcement:premises_detail", args=[room.pk]), data).status_code == 404


def test_a_premises_is_created_through_the_page_with_normalised_keys(inspector: User) -> None:
    response = verified_client(inspector).post(
        reverse("enforcement:premises_new"),
        {
            "name": "Club Test (synthetisch)",
            "type": "licensed_sex",
            "street": "Spoorwegstraat",
            "house_number": "14-2",
            "postcode": "6828 al",
            "city": "Arnhem",
            "operator_name": "Test Exploitatie B.V.",
            "operator_kvk": "KvK 9000 0001",
            "permit_number": "SI-1",
            "permit_valid_from": "2026-01-01",
            "permit_valid_until": "2029-12-31",
            "bibob_status": "no_risk",
        },
    )
    premises = Premises.objects.get()
    assert response.status_code == 302
    assert (premises.postcode, premises.address_key, premises.operator_key) == ("6828AL", "6828AL:14-2", "kvk:90000001")
