"""Prevention activities, attendance, liaison officers' training (issue 8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.accounts.models import LiaisonKind, LiaisonOfficer, LiaisonTraining, Organisation, User
from schakel.accounts.roles import Role
from schakel.audit.models import AuditEvent
from schakel.core.models import Municipality
from schakel.prevention import selectors, services
from schakel.prevention.models import Activity, OfficerAttendance
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _input(**overrides: object) -> services.ActivityInput:
    values: dict[str, object] = {
        "type": "training",
        "title": "Basistraining signaleren",
        "organiser": Organisation.objects.get(short_name="Ketenregie"),
        "date": date(2026, 3, 10),
        "target_groups": ["civil_affairs"],
        "topics": ["labour"],
    }
    values.update(overrides)
    return services.ActivityInput(**values)  # type: ignore[arg-type]


def _officer(name: str = "Ruben (synthetisch)", org: str = "Burgerzaken") -> LiaisonOfficer:
    return LiaisonOfficer.objects.create(
        full_name=name, kind=LiaisonKind.INTERNAL, organisation=Organisation.objects.get(short_name=org)
    )


@time_machine.travel(date(2026, 6, 1))
def test_director_creates_activity_with_attendance_and_audit(chain_director: User) -> None:
    activity = services.activity_save(actor=chain_director, data=_input())
    assert activity.municipality.code == "GM0202" and activity.target_groups == ["civil_affairs"]
    services.attendance_add(actor=chain_director, activity=activity, count=12, department="Balie")
    services.attendance_add(
        actor=chain_director, activity=activity, count=3, organisation=Organisation.objects.get(short_name="Politie")
    )
    assert AuditEvent.objects.filter(object_type="prevention.activity", object_id=str(activity.pk)).exists()
    assert AuditEvent.objects.filter(object_type="prevention.attendance").count() == 2
    body = verified_client(chain_director).get(f"/preventie/{activity.pk}/").content.decode()
    assert 'data-testid="attendance-total">15<' in body


@time_machine.travel(date(2026, 6, 1))
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"type": "party"}, "type"),
        ({"title": "  "}, "title"),
        ({"target_groups": [], "target_group_other": ""}, "target_groups"),
        ({"target_groups": ["aliens"]}, "target_groups"),
        ({"topics": ["gardening"]}, "topics"),
        ({"date": date(2027, 12, 1)}, "date"),
    ],
)
def test_activity_validation(chain_director: User, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.activity_save(actor=chain_director, data=_input(**overrides))
    assert field in error.value.message_dict
    assert not Activity.objects.exists()


def test_free_text_target_group_is_enough(chain_director: User) -> None:
    activity = services.activity_save(
        actor=chain_director, data=_input(target_groups=[], target_group_other="Taxichauffeurs")
    )
    assert activity.target_group_labels() == ["Taxichauffeurs"]


@time_machine.travel(date(2026, 6, 1))
def test_attendance_validation(chain_director: User) -> None:
    activity = services.activity_save(actor=chain_director, data=_input())
    with pytest.raises(ValidationError):
        services.attendance_add(actor=chain_director, activity=activity, count=5)
    with pytest.raises(ValidationError):
        services.attendance_add(actor=chain_director, activity=activity, count=0, department="x")
    response = verified_client(chain_director).post(f"/preventie/{activity.pk}/aanwezigheid/", {"count": "4"})
    assert response.status_code == 400 and "Kies een organisatie" in response.content.decode()


def test_others_may_not_write(chain_director: User, analyst: User, police_user: User) -> None:
    for user in (analyst, police_user):
        with pytest.raises(PermissionDenied):
            services.activity_save(actor=user, data=_input())
    activity = services.activity_save(actor=chain_director, data=_input())
    for user in (analyst, police_user):
        client = verified_client(user)
        for url in (
            "/preventie/",
            "/preventie/nieuw/",
            f"/preventie/{activity.pk}/",
            f"/preventie/{activity.pk}/wijzigen/",
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert (
            client.post(f"/preventie/{activity.pk}/aanwezigheid/", {"count": 3, "department": "x"}).status_code == 404
        )


def test_other_municipalitys_activity_is_404(chain_director: User, make_user: Callable[..., User]) -> None:
    ede = Municipality.objects.create(code="GM0228", name="Ede")
    organisation = Organisation.objects.create(name="Gemeente Ede – Ketenregie", type="municipality_department")
    organisation.municipalities.add(ede)
    ede_director = make_user(Role.CHAIN_DIRECTOR, organisation.name)
    theirs = services.activity_save(actor=ede_director, data=_input(title="Ede-training"))
    client = verified_client(chain_director)
    assert client.get(f"/preventie/{theirs.pk}/").status_code == 404
    assert client.get(f"/preventie/{theirs.pk}/wijzigen/").status_code == 404
    assert client.post(f"/preventie/{theirs.pk}/aanwezigheid/", {"count": 3, "department": "x"}).status_code == 404
    assert "Ede-training" not in client.get("/preventie/").content.decode()
    with pytest.raises(PermissionDenied):
        services.activity_save(actor=chain_director, data=_input(), activity=theirs)


def test_create_and_edit_through_the_pages(chain_director: User) -> None:
    client = verified_client(chain_director)
    organiser = Organisation.objects.get(short_name="Moviera")
    response = client.post(
        "/preventie/nieuw/",
        {"type": "information", "title": "Voorlichting", "organiser": organiser.pk, "date": "2026-02-02",
         "target_groups": ["labour_migrants", "young_people"], "topics": ["labour"]},
    )  # fmt: skip
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/preventie/{activity.pk}/"
    response = client.post(
        f"/preventie/{activity.pk}/wijzigen/",
        {"type": "campaign", "title": "Nep-loverboyactie", "organiser": organiser.pk, "date": "2026-02-03",
         "target_groups": ["young_people"]},
    )  # fmt: skip
    activity.refresh_from_db()
    assert activity.type == "campaign" and activity.topics == []
    bad = client.post("/preventie/nieuw/", {"type": "training", "title": "", "date": "x"})
    assert bad.status_code == 200 and "utrecht-form-field--invalid" in bad.content.decode()


@time_machine.travel(date(2026, 6, 1))
def test_officer_attendance_is_the_registry_training(chain_director: User) -> None:
    officer = _officer()
    activity = services.activity_save(actor=chain_director, data=_input(date=date(2026, 5, 20)))
    response = verified_client(chain_director).post(
        f"/preventie/{activity.pk}/aandachtsfunctionarissen/", {"officer": officer.pk}
    )
    assert response.status_code == 302
    training = LiaisonTraining.objects.get(officer=officer)
    assert training.date == date(2026, 5, 20) and "Basistraining" in training.title
    assert officer.last_trained_on == date(2026, 5, 20)
    detail = verified_client(chain_director).get(f"/preventie/{activity.pk}/").content.decode()
    assert "laatst getraind 20 mei 2026" in detail
    # Editing the activity keeps the registry in step (one source of truth).
    services.activity_save(actor=chain_director, data=_input(date=date(2026, 5, 21)), activity=activity)
    training.refresh_from_db()
    assert training.date == date(2026, 5, 21)
    with pytest.raises(ValidationError):
        services.officer_attendance_add(actor=chain_director, activity=activity, officer=officer)
    link = OfficerAttendance.objects.get()
    services.officer_attendance_remove(actor=chain_director, link=link)
    assert not LiaisonTraining.objects.exists()


@time_machine.travel(date(2026, 6, 1))
def test_no_officer_attendance_for_future_activities(chain_director: User) -> None:
    activity = services.activity_save(actor=chain_director, data=_input(date=date(2026, 9, 1)))
    with pytest.raises(ValidationError):
        services.officer_attendance_add(actor=chain_director, activity=activity, officer=_officer())


@time_machine.travel(date(2026, 6, 1))
def test_officers_not_trained_in_12_months(chain_director: User, analyst: User) -> None:
    recent = _officer("Recent (synthetisch)")
    LiaisonTraining.objects.create(officer=recent, date=date(2025, 6, 2), title="x")
    old = _officer("Oud (synthetisch)")
    LiaisonTraining.objects.create(officer=old, date=date(2025, 5, 31), title="x")
    never = _officer("Nooit (synthetisch)")
    inactive = _officer("Inactief (synthetisch)")
    inactive.is_active = False
    inactive.save()
    due = list(selectors.officers_due_training(actor=chain_director))
    assert [o.full_name for o in due] == [never.full_name, old.full_name]
    assert due[1].last_training == date(2025, 5, 31)
    body = verified_client(chain_director).get("/").content.decode()
    assert 'data-testid="home-training-due"' in body and "Oud (synthetisch)" in body and "Recent" not in body
    page = verified_client(chain_director).get("/preventie/training-nodig/").content.decode()
    assert "Nooit (synthetisch)" in page and "Recent (synthetisch)" not in page
    with time_machine.travel(date(2026, 6, 3)):
        assert recent in selectors.officers_due_training(actor=chain_director)
    assert verified_client(analyst).get("/preventie/training-nodig/").status_code == 404
    assert "home-training-due" not in verified_client(analyst).get("/").content.decode()


def test_demo_seed_covers_every_type_and_leaves_officers_due(chain_director: User) -> None:
    from schakel.core.demo import seed_demo_data
    from schakel.prevention.models import ActivityType

    with time_machine.travel(date(2026, 11, 1)):
        counts = seed_demo_data()
        assert counts["prevention_activities"] >= 25
        assert set(Activity.objects.values_list("type", flat=True)) == set(ActivityType.values)
        assert Activity.objects.filter(date__year=2025).exists() and Activity.objects.filter(date__year=2026).exists()
        assert all(a.attendance.exists() for a in Activity.objects.all())
        assert OfficerAttendance.objects.exists()
        assert len(selectors.officers_due_training(actor=chain_director)) >= 2
        assert seed_demo_data()["prevention_activities"] == 0


@time_machine.travel(date(2026, 6, 1))
def test_officer_of_another_municipality_cannot_be_recorded(chain_director: User) -> None:
    ede = Municipality.objects.create(code="GM0228", name="Ede")
    organisation = Organisation.objects.create(name="Gemeente Ede – Burgerzaken", type="municipality_department")
    organisation.municipalities.add(ede)
    stranger = LiaisonOfficer.objects.create(
        full_name="E (synthetisch)", kind=LiaisonKind.INTERNAL, organisation=organisation
    )
    activity = services.activity_save(actor=chain_director, data=_input())
    with pytest.raises(ValidationError):
        services.officer_attendance_add(actor=chain_director, activity=activity, officer=stranger)
    response = verified_client(chain_director).post(
        f"/preventie/{activity.pk}/aandachtsfunctionarissen/", {"officer": stranger.pk}
    )
    assert response.status_code == 400 and not LiaisonTraining.objects.exists()
