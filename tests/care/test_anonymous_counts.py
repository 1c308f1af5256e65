"""Anonymous monthly counts of the sex-worker support point and the overweeghuis."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.accounts.models import User
from schakel.care import services
from schakel.care.models import ConsiderationHouseMonth, SupportPointMonth
from schakel.core.models import Municipality
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _post(client: object, kind: str, **data: object) -> object:
    arnhem = Municipality.objects.get(code="GM0202")
    return client.post(f"/zorg/tellingen/{kind}/nieuw/", {"municipality": arnhem.pk, **data})  # type: ignore[attr-defined]


@time_machine.travel(date(2026, 3, 15), tick=False)
def test_support_point_month_form_validates_next_to_the_field(moviera_user: User) -> None:
    client = verified_client(moviera_user)
    response = _post(client, "steunpunt", month="2026-02", visits="-1", new_clients="abc", referrals="")
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert 'id="id_visits_error"' in body and "Een aantal kan niet negatief zijn." in body
    assert 'id="id_new_clients_error"' in body and "Vul een heel getal in." in body
    assert 'id="id_referrals_error"' in body and "Vul een aantal in (0 als er niets was)." in body
    assert 'aria-invalid="true"' in body

    response = _post(client, "steunpunt", month="2026-13", visits="3", new_clients="1", referrals="0")
    assert 'id="id_month_error"' in response.content.decode()  # type: ignore[attr-defined]
    response = _post(client, "steunpunt", month="2026-04", visits="3", new_clients="1", referrals="0")
    assert "Deze maand ligt in de toekomst." in response.content.decode()  # type: ignore[attr-defined]
    response = _post(client, "steunpunt", month="2026-02", visits="3", new_clients="5", referrals="0")
    body = response.content.decode()  # type: ignore[attr-defined]
    assert 'id="id_new_clients_error"' in body and "niet meer nieuwe cliënten" in body
    assert not SupportPointMonth.objects.exists()  # nothing half-saved

    response = _post(client, "steunpunt", month="2026-02", visits="30", new_clients="5", referrals="2")
    assert response.status_code == 302  # type: ignore[attr-defined]
    record = SupportPointMonth.objects.get()
    assert record.month == date(2026, 2, 1) and record.visits == 30 and record.entered_by == moviera_user

    # Unique per month: a second entry for February is refused; editing the first works.
    response = _post(client, "steunpunt", month="2026-02", visits="1", new_clients="0", referrals="0")
    assert "al ingevoerd" in response.content.decode()  # type: ignore[attr-defined]
    edit = client.post(  # type: ignore[attr-defined]
        f"/zorg/tellingen/steunpunt/{record.pk}/",
        {
            "municipality": record.municipality_id,
            "month": "2026-02",
            "visits": "31",
            "new_clients": "5",
            "referrals": "2",
        },
    )
    assert edit.status_code == 302
    record.refresh_from_db()
    assert record.visits == 31 and SupportPointMonth.objects.count() == 1
    page = client.get("/zorg/tellingen/").content.decode()  # type: ignore[attr-defined]
    assert "februari 2026" in page and ">31<" in page


@time_machine.travel(date(2026, 3, 15), tick=False)
def test_consideration_house_month_rules(moviera_user: User) -> None:
    client = verified_client(moviera_user)
    response = _post(client, "overweeghuis", month="2026-01", stays_started="2", exits="1", exits_left_sex_work="2")
    body = response.content.decode()  # type: ignore[attr-defined]
    assert 'id="id_exits_left_sex_work_error"' in body
    assert (
        _post(
            client, "overweeghuis", month="2026-01", stays_started="2", exits="1", exits_left_sex_work="1"
        ).status_code
        == 302
    )  # type: ignore[attr-defined]
    assert ConsiderationHouseMonth.objects.get().exits_left_sex_work == 1
    assert client.get("/zorg/tellingen/onbekend/nieuw/").status_code == 404  # type: ignore[attr-defined]


def test_service_refuses_negative_numbers_and_outsiders(moviera_user: User, police_user: User) -> None:
    arnhem = Municipality.objects.get(code="GM0202")
    with pytest.raises(ValidationError) as error:
        services.month_save(
            actor=moviera_user,
            kind="overweeghuis",
            municipality=arnhem,
            month=date(2026, 1, 1),
            counts={"stays_started": -2, "exits": 0, "exits_left_sex_work": 0},
        )
    assert "stays_started" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.month_save(
            actor=police_user,
            kind="steunpunt",
            municipality=arnhem,
            month=date(2026, 1, 1),
            counts={"visits": 1, "new_clients": 0, "referrals": 0},
        )
