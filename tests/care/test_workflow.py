"""The care trajectory from referral to outcome, through the services and through the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.audit.models import AuditEvent
from schakel.care import services
from schakel.care.models import (
    CareTrajectory,
    EventKind,
    ReflectionReminder,
    ShelterKind,
    TrajectoryEvent,
    TrajectoryStatus,
)
from schakel.care.selectors import reflection_periods_ending
from schakel.routing.models import Notification
from tests.care.conftest import NAME
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 14)


@time_machine.travel(TODAY, tick=False)
def test_whole_trajectory_through_the_services(
    moviera_user: User, make_trajectory: Callable[..., CareTrajectory]
) -> None:
    trajectory = make_trajectory(moviera_user, referred_on=date(2025, 11, 20))
    assert trajectory.victim.code == "S-2025-0001"
    assert trajectory.status == TrajectoryStatus.REFERRED

    # A care coordinator registers only with consent, dated on or before the registration.
    with pytest.raises(ValidationError) as error:
        services.comensha_register(
            actor=moviera_user,
            trajectory=trajectory,
            registered_on=date(2025, 11, 25),
            reporter="care_coordination",
            consent=False,
            consent_on=None,
        )
    assert "consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.comensha_register(
            actor=moviera_user,
            trajectory=trajectory,
            registered_on=date(2025, 11, 25),
            reporter="care_coordination",
            consent=True,
            consent_on=date(2025, 11, 26),
        )
    assert "consent_on" in error.value.message_dict
    services.comensha_register(
        actor=moviera_user,
        trajectory=trajectory,
        registered_on=date(2025, 11, 25),
        reporter="care_coordination",
        consent=True,
        consent_on=date(2025, 11, 24),
    )
    assert trajectory.status == TrajectoryStatus.COMENSHA

    period = services.reflection_start(actor=moviera_user, trajectory=trajectory, starts_on=date(2025, 11, 30))
    assert period.ends_on == date(2026, 2, 28)
    assert trajectory.status == TrajectoryStatus.REFLECTION
    with pytest.raises(ValidationError):
        services.reflection_start(actor=moviera_user, trajectory=trajectory, starts_on=date(2025, 12, 1))
    assert [p.pk for p in reflection_periods_ending(actor=moviera_user, within_days=14)] == [period.pk]
    assert reflection_periods_ending(actor=moviera_user, within_days=13) == []

    stay = services.shelter_start(
        actor=moviera_user, trajectory=trajectory, kind=ShelterKind.CONSIDERATION_HOUSE, starts_on=date(2025, 11, 1)
    )
    assert stay.exceeds_maximum()  # 1 November + 3 months = 1 February, and it is 14 February

    with pytest.raises(ValidationError) as error:
        services.reflection_decide(
            actor=moviera_user, trajectory=trajectory, decision="report", decision_on=date(2025, 11, 29)
        )
    assert "decision_on" in error.value.message_dict
    period = services.reflection_decide(
        actor=moviera_user, trajectory=trajectory, decision="report", decision_on=date(2026, 2, 10)
    )
    assert period.residence_applied and period.residence_applied_on == date(2026, 2, 10)
    assert trajectory.status == TrajectoryStatus.SUPPORT
    assert reflection_periods_ending(actor=moviera_user, within_days=14) == []

    # Non-punishment is for criminal exploitation: first the form, then the flag with a note.
    with pytest.raises(ValidationError) as error:
        services.non_punishment_set(actor=moviera_user, trajectory=trajectory, applies=True, note="Verdachte")
    assert "applies" in error.value.message_dict
    services.victim_update(
        actor=moviera_user,
        trajectory=trajectory,
        victim=services.VictimInput(
            birth_year=1999, sex="female", nationality="Oekraïens", forms=["sexual", "criminal"]
        ),
    )
    assert trajectory.victim.forms == ["criminal", "sexual"] and trajectory.victim.code == "S-2025-0001"
    with pytest.raises(ValidationError) as error:
        services.non_punishment_set(actor=moviera_user, trajectory=trajectory, applies=True, note=" ")
    assert "note" in error.value.message_dict
    services.non_punishment_set(actor=moviera_user, trajectory=trajectory, applies=True, note="Verdachte in zaak X")
    with pytest.raises(ValidationError) as error:  # the form cannot be dropped while the flag is on
        services.victim_update(
            actor=moviera_user, trajectory=trajectory, victim=services.VictimInput(birth_year=1999, forms=["sexual"])
        )
    assert "forms" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # the birth year must match the date of birth
        services.victim_update(
            actor=moviera_user, trajectory=trajectory, victim=services.VictimInput(birth_year=2001, forms=["criminal"])
        )
    assert "birth_year" in error.value.message_dict
    services.compensation_set(actor=moviera_user, trajectory=trajectory, status="submitted", on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.trajectory_close(actor=moviera_user, trajectory=trajectory, outcome="", closed_on=date(2026, 2, 13))
    services.trajectory_close(
        actor=moviera_user, trajectory=trajectory, outcome="residence_permit", closed_on=date(2026, 2, 13)
    )
    assert trajectory.status == TrajectoryStatus.CLOSED
    stay.refresh_from_db()
    assert stay.ends_on == date(2026, 2, 13)  # open stays end with the trajectory
    with pytest.raises(ValidationError):
        services.shelter_start(actor=moviera_user, trajectory=trajectory, kind="cosm", starts_on=TODAY)
    with pytest.raises(ValidationError):
        services.trajectory_reopen(actor=moviera_user, trajectory=trajectory, reason="")
    services.trajectory_reopen(actor=moviera_user, trajectory=trajectory, reason="Nieuwe hulpvraag")
    assert trajectory.status == TrajectoryStatus.SUPPORT and trajectory.outcome == ""

    kinds = list(TrajectoryEvent.objects.filter(trajectory=trajectory).values_list("kind", flat=True))
    assert kinds[0] == EventKind.CREATED and kinds[-1] == EventKind.REOPENED
    steps = list(
        TrajectoryEvent.objects.filter(trajectory=trajectory).exclude(to_status="").values_list("to_status", flat=True)
    )
    assert steps == ["referred", "comensha", "reflection", "support", "closed", "support"]
    # Append-only history.
    event = TrajectoryEvent.objects.filter(trajectory=trajectory).first()
    assert event is not None
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    # Audited, and the audit trail carries the code, never the name.
    events = AuditEvent.objects.filter(object_type__startswith="care.")
    assert events.count() >= 8
    assert not any(NAME in str(e.detail) or NAME in e.purpose for e in events)


def test_police_registration_needs_no_consent(
    moviera_user: User, make_trajectory: Callable[..., CareTrajectory]
) -> None:
    trajectory = make_trajectory(moviera_user)
    services.comensha_register(
        actor=moviera_user,
        trajectory=trajectory,
        registered_on=date(2026, 1, 12),
        reporter="police",
        consent=None,
        consent_on=None,
    )
    assert trajectory.comensha_reporter == "police" and trajectory.comensha_consent is None


def test_victim_codes_count_per_year(moviera_user: User, make_trajectory: Callable[..., CareTrajectory]) -> None:
    codes = [make_trajectory(moviera_user, referred_on=date(2026, 1, day)).victim.code for day in (1, 2)]
    codes.append(make_trajectory(moviera_user, referred_on=date(2025, 12, 1)).victim.code)
    assert codes == ["S-2026-0001", "S-2026-0002", "S-2025-0001"]


def test_who_may_write(
    make_user: Callable[..., User], moviera_user: User, make_trajectory: Callable[..., CareTrajectory]
) -> None:
    trajectory = make_trajectory(moviera_user)
    for role, organisation in [
        (Role.PARTNER_USER, "Politie Oost-Nederland"),
        (Role.INSPECTOR, "Gemeente Arnhem – Toezicht en Handhaving"),
        (Role.ANALYST, "Gemeente Arnhem – Beleid Veiligheid"),
    ]:
        with pytest.raises(PermissionDenied):
            services.reflection_start(actor=make_user(role, organisation), trajectory=trajectory, starts_on=TODAY)


@time_machine.travel(TODAY, tick=False)
def test_reminders_are_sent_once_to_the_care_coordinators_without_personal_data(
    moviera_user: User, chain_director: User, make_trajectory: Callable[..., CareTrajectory], settings: object
) -> None:
    settings.HUEY = {"huey_class": "huey.MemoryHuey", "immediate": True}  # type: ignore[attr-defined]
    trajectory = make_trajectory(moviera_user, referred_on=date(2025, 11, 20))
    services.reflection_start(actor=moviera_user, trajectory=trajectory, starts_on=date(2025, 11, 30))  # ends 28-02
    far = make_trajectory(moviera_user, referred_on=date(2026, 2, 1))
    services.reflection_start(actor=moviera_user, trajectory=far, starts_on=date(2026, 2, 1))  # ends 1 May

    assert services.send_reflection_reminders(today=date(2026, 2, 13)) == 0  # 15 days left
    sent = services.send_reflection_reminders(today=TODAY)  # 14 days left
    assert sent == 1
    notification = Notification.objects.get(kind="care_b8_reminder")
    assert notification.recipient == moviera_user.email  # the care coordinator, not the chain director
    assert "14" in notification.body and f"/zorg/{trajectory.pk}/" in notification.body
    assert NAME not in notification.body and trajectory.victim.code not in notification.body
    assert services.send_reflection_reminders(today=TODAY) == 0  # once
    assert services.send_reflection_reminders(today=date(2026, 2, 20)) == 0  # 8 days: nothing due
    assert services.send_reflection_reminders(today=date(2026, 2, 25)) == 1  # 3 days
    assert set(ReflectionReminder.objects.values_list("days_before", flat=True)) == {14, 3}
    del mail.outbox[:]


@time_machine.travel(TODAY, tick=False)
def test_a_missed_day_sends_one_catch_up_reminder(
    moviera_user: User, make_trajectory: Callable[..., CareTrajectory]
) -> None:
    trajectory = make_trajectory(moviera_user, referred_on=date(2025, 11, 20))
    services.reflection_start(actor=moviera_user, trajectory=trajectory, starts_on=date(2025, 11, 30))
    assert services.send_reflection_reminders(today=date(2026, 2, 26)) == 1  # 2 days left, nothing sent before
    assert services.send_reflection_reminders(today=date(2026, 2, 27)) == 0
    assert ReflectionReminder.objects.count() == 2


@time_machine.travel(TODAY, tick=False)
def test_pages_walk_through_the_steps_with_errors_next_to_the_field(
    moviera_user: User,
) -> None:
    client = verified_client(moviera_user)
    response = client.post(
        "/zorg/nieuw/",
        {"municipality": "", "referred_on": "2027-01-01", "full_name": "", "birth_year": "1850", "sex": "female"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_full_name_error"' in body and "Dit veld is vereist." in body
    assert 'id="id_municipality_error"' in body
    from schakel.core.models import Municipality

    arnhem = Municipality.objects.get(code="GM0202")
    response = client.post(
        "/zorg/nieuw/",
        {
            "municipality": arnhem.pk,
            "referred_on": "2025-11-20",
            "full_name": NAME,
            "birth_year": "1850",
            "sex": "female",
            "forms_of_exploitation": ["criminal"],
        },
    )
    assert response.status_code == 400
    assert "Vul een geboortejaar in tussen" in response.content.decode()
    response = client.post(
        "/zorg/nieuw/",
        {
            "municipality": arnhem.pk,
            "referred_on": "2025-11-20",
            "full_name": NAME,
            "birth_year": "1999",
            "sex": "female",
            "forms_of_exploitation": ["criminal"],
        },
    )
    assert response.status_code == 302
    trajectory = CareTrajectory.objects.get()
    url = f"/zorg/{trajectory.pk}/"
    assert response["Location"] == url
    response = client.post(
        url + "stap/reflection_start/",
        {"reflection_start-starts_on": "2025-11-30", "reflection_start-offered_by": "police"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="b8-reminder"' in page and "14 dagen" in page and "28 februari 2026" in page
    assert NAME not in page  # the trajectory page shows the code only
    response = client.post(
        url + "stap/reflection_decision/",
        {"reflection_decision-decision": "cooperate", "reflection_decision-decision_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "reflection_decision-decision_on_error" in response.content.decode()
    response = client.post(
        url + "stap/shelter/", {"shelter-kind": "consideration_house", "shelter-starts_on": "2025-11-01"}
    )
    assert response.status_code == 302
    assert "langer dan de toegestane drie maanden" in client.get(url).content.decode()
    response = client.post(url + "stap/nonsense/", {})
    assert response.status_code == 404
    identity = client.get(url + "identiteit/")
    assert identity.status_code == 200 and NAME in identity.content.decode()
    assert identity["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(object_type="care.victimidentity", action="read").exists()


def test_demo_seed_covers_every_step_and_kind(reference_data: None) -> None:
    from schakel.care.demo import seed
    from schakel.care.models import ConsiderationHouseMonth, ReflectionPeriod, ShelterStay, SupportPointMonth
    from schakel.core.demo import seed_demo_accounts, seed_demo_data

    seed_demo_accounts()
    counts = seed_demo_data()
    assert counts["care_trajectories"] == 8
    assert set(CareTrajectory.objects.values_list("status", flat=True)) == set(TrajectoryStatus.values)
    assert set(ShelterStay.objects.values_list("kind", flat=True)) == set(ShelterKind.values)
    today = date.today()
    assert any(0 <= (p.ends_on - today).days <= 14 for p in ReflectionPeriod.objects.filter(decision=""))
    assert any(stay.exceeds_maximum() for stay in ShelterStay.objects.filter(ends_on__isnull=True))
    assert SupportPointMonth.objects.count() == 12 and ConsiderationHouseMonth.objects.count() == 12
    from schakel.care.models import VictimIdentity

    assert all("(synthetisch)" in name for name in VictimIdentity.objects.values_list("full_name", flat=True))
    import random

    assert seed(random.Random(1))["care_trajectories"] == 0  # idempotent


def test_signal_link_only_for_signals_the_user_may_see(
    make_user: Callable[..., User],
    moviera_user: User,
    chain_director: User,
    make_trajectory: Callable[..., CareTrajectory],
) -> None:
    from schakel.accounts.models import Organisation
    from schakel.core.models import Municipality
    from schakel.routing import services as routing
    from schakel.routing.models import LegalBasis
    from schakel.signals.workflow import transition
    from tests.conftest import make_signal

    liaison = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    shared, unshared = make_signal(liaison), make_signal(liaison)
    transition(actor=chain_director, signal=shared, to_status="triage")
    transition(actor=chain_director, signal=shared, to_status="verification")
    routing.share_create(
        actor=chain_director, signal=shared, partner=Organisation.objects.get(name="Moviera"), purpose="zorg",
        legal_basis=LegalBasis.objects.first(), parts=["narrative"],
    )  # fmt: skip
    arnhem = Municipality.objects.get(code="GM0202")

    def create(actor: User, signal: object) -> CareTrajectory:
        return services.trajectory_create(
            actor=actor,
            municipality=arnhem,
            referred_on=date(2026, 1, 5),
            referring_organisation=None,
            victim=services.VictimInput(),
            identity=services.IdentityInput(full_name="X (synthetisch)"),
            signal_reference=(signal.received_at.year, signal.pk),  # type: ignore[attr-defined]
        )

    assert create(moviera_user, shared).signal == shared
    with pytest.raises(ValidationError) as error:
        create(moviera_user, unshared)
    assert "signal_reference" in error.value.message_dict
    assert create(chain_director, unshared).signal == unshared


def test_victim_step_and_cosm_hint_on_the_page(
    moviera_user: User, make_trajectory: Callable[..., CareTrajectory]
) -> None:
    trajectory = make_trajectory(moviera_user)
    client = verified_client(moviera_user)
    url = f"/zorg/{trajectory.pk}/stap/"
    response = client.post(url + "victim/", {"victim-birth_year": "1800", "victim-sex": "female"})
    assert response.status_code == 400
    assert 'id="id_victim-birth_year_error"' in response.content.decode()
    response = client.post(
        url + "victim/",
        {"victim-birth_year": "1999", "victim-sex": "female", "victim-forms_of_exploitation": ["criminal"]},
    )
    assert response.status_code == 302
    trajectory.victim.refresh_from_db()
    assert trajectory.victim.forms == ["criminal"]
    response = client.post(url + "shelter/", {"shelter-kind": "cosm", "shelter-starts_on": "2026-01-12"}, follow=True)
    assert "COSM-opvang is voor niet-Nederlandse volwassenen in de bedenktijd" in response.content.decode()


def test_the_periodic_task_runs_the_reminders(reference_data: None) -> None:
    from huey.api import PeriodicTask

    from schakel.care.tasks import reflection_reminders

    assert isinstance(reflection_reminders.task_class(), PeriodicTask)
    assert reflection_reminders.call_local() == 0
