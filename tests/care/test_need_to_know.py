"""Need-to-know: only the care coordinator and the chain director ever see a victim.

Everyone else gets a 404 on every care page (never a 403 that confirms the record exists), and
the pages they can see are searched for the withheld name, date of birth, phone and ID number.
The analyst sees counts only, with small numbers suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.accounts.roles import Role
from schakel.care import models as care_models
from schakel.care import services
from schakel.care.dates import add_months
from schakel.care.models import CareTrajectory, SupportPointMonth
from schakel.care.selectors import care_counts, reflection_periods_ending, visible_trajectories
from schakel.core.models import Municipality
from tests.care.conftest import DOB, ID_NUMBER, NAME, PHONE
from tests.conftest import ALL_ROLE_ORGS, make_signal, verified_client

pytestmark = pytest.mark.django_db

WITHHELD = [NAME, PHONE, ID_NUMBER, f"{DOB:%d-%m-%Y}", DOB.isoformat(), "17 april 1999", "Teststraat 1"]
OUTSIDERS = [r for r in ALL_ROLE_ORGS if r not in (Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR)]


@pytest.fixture
def world(make_user: Callable[..., User], make_trajectory: Callable[..., CareTrajectory]) -> dict[str, object]:
    users = {role: make_user(role, org) for role, org in ALL_ROLE_ORGS.items()}
    users["nla"] = make_user(Role.PARTNER_USER, "Nederlandse Arbeidsinspectie")
    users["riec"] = make_user(Role.PARTNER_USER, "RIEC Oost-Nederland")
    # A care coordinator of another region: same role, other municipality.
    elsewhere = Municipality.objects.create(code="GM9999", name="Testdorp")
    other_care = Organisation.objects.create(name="Zorgcoördinatie Testdorp", type=OrganisationType.CARE_COORDINATION)
    other_care.municipalities.add(elsewhere)
    users["other_care"] = make_user(Role.CARE_COORDINATOR, "Zorgcoördinatie Testdorp")
    carer = users[Role.CARE_COORDINATOR]
    # A signal the liaison reported with the same victim's name must not be what leaks it: use
    # a signal without names, linked to the trajectory.
    signal = make_signal(users[Role.INTERNAL_LIAISON])
    trajectory = make_trajectory(carer, referred_on=date(2026, 1, 10))
    trajectory.signal = signal
    trajectory.save(update_fields=["signal"])
    # A B8 period that ends in about five days: the reminder is due.
    start = add_months(date.today(), -3) + timedelta(days=5)
    services.reflection_start(actor=carer, trajectory=trajectory, starts_on=start)
    month = services.month_save(
        actor=carer,
        kind="steunpunt",
        municipality=Municipality.objects.get(code="GM0202"),
        month=date(2026, 1, 1),
        counts={"visits": 40, "new_clients": 6, "referrals": 2},
    )
    pk = trajectory.pk
    return {
        "users": users,
        "trajectory": trajectory,
        "list_urls": [
            "/zorg/",
            "/zorg/?status=all",
            "/zorg/nieuw/",
            "/zorg/tellingen/",
            "/zorg/tellingen/steunpunt/nieuw/",
            "/zorg/tellingen/overweeghuis/nieuw/",
        ],
        "record_urls": [f"/zorg/{pk}/", f"/zorg/{pk}/identiteit/", f"/zorg/tellingen/steunpunt/{month.pk}/"],
        "posts": [
            f"/zorg/{pk}/stap/close/",
            f"/zorg/{pk}/stap/reflection_decision/",
            f"/zorg/{pk}/identiteit/",
        ],
    }


VISIBLE_PAGES = [
    "/",
    "/signalen/",
    "/gedeeld/",
    "/aard-en-omvang/",
    "/zorg/",
    "/zorg/?status=all",
    "/zorg/tellingen/",
    "/zorg/cijfers/",
    "/beheer/",
    "/audit/",
    "/account/",
    "/ketenpartners/",
]


@pytest.mark.parametrize("who", [*OUTSIDERS, "nla", "riec", "other_care"])
def test_outsiders_get_404_everywhere_and_never_see_the_victim(world: dict[str, object], who: str) -> None:
    user = world["users"][who]  # type: ignore[index]
    client = verified_client(user)
    # A care coordinator elsewhere has the care pages, but not these records.
    urls = world["record_urls"] if who == "other_care" else [*world["list_urls"], *world["record_urls"]]  # type: ignore[misc]
    for url in urls:
        assert client.get(url).status_code == 404, (who, url)
    for url in world["posts"]:  # type: ignore[attr-defined]
        assert client.post(url, {"close-outcome": "other", "close-closed_on": "2026-01-11"}).status_code == 404
    trajectory = world["trajectory"]
    assert isinstance(trajectory, CareTrajectory)
    trajectory.refresh_from_db()
    assert trajectory.status != "closed"
    assert not visible_trajectories(actor=user).exists()
    assert reflection_periods_ending(actor=user, within_days=365) == []
    seen = 0
    for url in VISIBLE_PAGES:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        seen += 1
        body = response.content.decode()
        for value in WITHHELD:
            assert value not in body, (who, url, value)
        # Not even the pseudonymised code or a link to the trajectory.
        assert trajectory.victim.code not in body and f"/zorg/{trajectory.pk}/" not in body, (who, url)
    assert seen >= 1


@pytest.mark.parametrize("who", [Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR])
def test_care_coordinator_and_chain_director_see_the_victim(world: dict[str, object], who: str) -> None:
    client = verified_client(world["users"][who])  # type: ignore[index]
    trajectory = world["trajectory"]
    assert isinstance(trajectory, CareTrajectory)
    for url in [*world["list_urls"], *world["record_urls"]]:  # type: ignore[misc]
        assert client.get(url).status_code == 200, (who, url)
    identity = client.get(f"/zorg/{trajectory.pk}/identiteit/").content.decode()
    assert NAME in identity and PHONE in identity and f"{DOB:%d-%m-%Y}" in identity
    # The list, the trajectory page and the home page show the code, never the name.
    for url in ["/", "/zorg/", f"/zorg/{trajectory.pk}/"]:
        body = client.get(url).content.decode()
        assert trajectory.victim.code in body, (who, url)
        assert NAME not in body and PHONE not in body, (who, url)


def test_home_shows_the_b8_reminder_to_care_roles_only(world: dict[str, object]) -> None:
    users = world["users"]
    assert isinstance(users, dict)
    for who in (Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR):
        assert 'data-testid="b8-reminder"' in verified_client(users[who]).get("/").content.decode()
    for who in OUTSIDERS:
        assert 'data-testid="b8-reminder"' not in verified_client(users[who]).get("/").content.decode()


def test_no_care_record_is_in_the_admin() -> None:
    for model in (
        care_models.Victim,
        care_models.VictimIdentity,
        care_models.CareTrajectory,
        care_models.ReflectionPeriod,
        care_models.ShelterStay,
        care_models.TrajectoryEvent,
    ):
        assert not admin.site.is_registered(model)


def test_analyst_sees_counts_only_with_small_numbers_suppressed(
    make_user: Callable[..., User], make_trajectory: Callable[..., CareTrajectory], moviera_user: User
) -> None:
    for day in range(1, 4):
        make_trajectory(moviera_user, referred_on=date(2026, 1, day), forms=["labour"])
    analyst = make_user(Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid")
    counts = care_counts(actor=analyst, period_from=date(2025, 1, 1), period_to=date(2026, 12, 31))
    assert counts.total == 3 and counts.by_form == {"labour": 3} and counts.by_month == {"2026-01": 3}
    response = verified_client(analyst).get("/zorg/cijfers/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="suppression-note"' in body
    tables = {table["key"]: table for table in response.context["tables"]}
    for key in ("status", "form", "month"):
        values = dict(tables[key]["rows"])
        assert 3 not in values.values(), key
        assert tables[key]["total"] == "< 5"
    # Anonymous monthly counts: a month with 3 new clients is hidden from the analyst.
    services.month_save(
        actor=moviera_user,
        kind="steunpunt",
        municipality=Municipality.objects.get(code="GM0202"),
        month=date.today().replace(day=1),
        counts={"visits": 40, "new_clients": 3, "referrals": 1},
    )
    tables = {t["key"]: t for t in verified_client(analyst).get("/zorg/cijfers/").context["tables"]}
    this_month = f"{date.today():%Y-%m}"
    assert dict(tables["visits"]["rows"])[this_month] == 40
    assert dict(tables["new_clients"]["rows"])[this_month] == "< 5"
    exact_tables = {t["key"]: t for t in verified_client(moviera_user).get("/zorg/cijfers/").context["tables"]}
    assert dict(exact_tables["new_clients"]["rows"])[this_month] == 3
    for value in WITHHELD:
        assert value not in body
    # Who may neither manage care nor see aggregates does not get the counts.
    police = make_user(Role.PARTNER_USER, "Politie Oost-Nederland")
    assert verified_client(police).get("/zorg/cijfers/").status_code == 404
    # The care coordinator sees the exact counts.
    exact = verified_client(moviera_user).get("/zorg/cijfers/")
    assert exact.context["tables"][0]["total"] == 3


def test_a_role_without_the_organisation_area_sees_nothing(make_user: Callable[..., User], moviera_user: User) -> None:
    """Both capabilities are needed: view_victim_details alone (a custom role) is not enough."""
    group, _ = Group.objects.get_or_create(name="victim_viewer_only")
    from django.contrib.auth.models import Permission

    group.permissions.set([Permission.objects.get(codename="view_victim_details")])
    user = make_user(Role.PARTNER_USER, "Moviera")
    user.groups.add(group)
    user = User.objects.get(pk=user.pk)
    assert not visible_trajectories(actor=user).exists()
    assert verified_client(user).get("/zorg/").status_code == 404


def test_anonymous_counts_hold_no_personal_fields() -> None:
    names = {field.name for field in SupportPointMonth._meta.get_fields()}
    assert names == {"id", "municipality", "month", "entered_by", "entered_at", "visits", "new_clients", "referrals"}
