"""Synthetic demo data for victim care, for ``make run`` only.

Everything is invented: the names carry "(synthetisch)", the phone numbers and addresses are
made up. Dates are relative to today so the demo always has a B8 period ending within 14 days
and an overweeghuis stay past its three months. Written through the services (with audit), as
the demo care coordinator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.care import services
from schakel.care.dates import add_months
from schakel.care.models import CareTrajectory, ShelterKind
from schakel.core.demo_constants import DEMO_DOMAIN
from schakel.core.models import Municipality


def _identity(name: str, birth: date, rng: random.Random) -> services.IdentityInput:
    return services.IdentityInput(
        full_name=f"{name} (synthetisch)",
        date_of_birth=birth,
        phone=f"06-{rng.randint(10000000, 99999999)}",
        address=f"Verzonnenstraat {rng.randint(1, 200)}, Arnhem",
    )


@transaction.atomic
def seed(rng: random.Random, today: date | None = None) -> dict[str, int]:
    """Trajectories in every step, shelter stays of every kind, 12 months of anonymous counts.

    Idempotent: does nothing when Arnhem already has care trajectories or the demo care
    coordinator does not exist.
    """
    today = today or timezone.localdate()
    actor = User.objects.filter(email="zorgcoordinator@" + DEMO_DOMAIN).first()
    arnhem = Municipality.objects.filter(code="GM0202").first()
    if actor is None or arnhem is None or CareTrajectory.objects.filter(municipality=arnhem).exists():
        return {"care_trajectories": 0, "care_months": 0}
    police = Organisation.objects.get(short_name="Politie")
    nla = Organisation.objects.get(short_name="NLA")
    vt = Organisation.objects.get(short_name="Veilig Thuis")

    def new(
        days_ago: int, name: str, birth: date, sex: str, nationality: str, forms: list[str], by: Organisation | None
    ) -> CareTrajectory:
        return services.trajectory_create(
            actor=actor,
            municipality=arnhem,
            referred_on=today - timedelta(days=days_ago),
            referring_organisation=by,
            victim=services.VictimInput(birth_year=birth.year, sex=sex, nationality=nationality, forms=forms),
            identity=_identity(name, birth, rng),
        )

    # 1. Just referred.
    new(3, "Marek Nowicki", date(1988, 3, 2), "male", "Pools", ["labour"], nla)

    # 2. Registered with CoMensha by the police (no consent needed); criminal exploitation,
    #    registered as a suspect: non-punishment.
    second = new(40, "Jayden Vermeer", date(2006, 9, 14), "male", "Nederlands", ["criminal"], police)
    services.comensha_register(
        actor=actor,
        trajectory=second,
        registered_on=today - timedelta(days=35),
        reporter="police",
        consent=None,
        consent_on=None,
    )
    services.non_punishment_set(
        actor=actor, trajectory=second, applies=True, note="Als verdachte aangehouden bij drugstransport (synthetisch)."
    )

    # 3. In the B8 period, which ends in ten days; COSM shelter through CoMensha.
    third = new(95, "Blessing Okafor", date(1997, 6, 21), "female", "Nigeriaans", ["sexual"], police)
    services.comensha_register(
        actor=actor,
        trajectory=third,
        registered_on=today - timedelta(days=92),
        reporter="police",
        consent=None,
        consent_on=None,
    )
    start = add_months(today + timedelta(days=10), -3)
    services.reflection_start(actor=actor, trajectory=third, starts_on=start, offered_by="police")
    services.shelter_start(actor=actor, trajectory=third, kind=ShelterKind.COSM, starts_on=start)

    # 4. In the B8 period that started recently (KMar), consent-based CoMensha registration.
    fourth = new(25, "Ana Popescu", date(1993, 1, 30), "female", "Roemeens", ["labour", "sexual"], vt)
    services.comensha_register(
        actor=actor,
        trajectory=fourth,
        registered_on=today - timedelta(days=20),
        reporter="care_coordination",
        consent=True,
        consent_on=today - timedelta(days=21),
    )
    services.reflection_start(actor=actor, trajectory=fourth, starts_on=today - timedelta(days=18), offered_by="kmar")

    # 5. Support after the decision to report (counts as a residence application); compensation claimed.
    fifth = new(200, "Thi Lan Nguyen", date(1990, 11, 5), "female", "Vietnamees", ["labour"], nla)
    services.reflection_start(actor=actor, trajectory=fifth, starts_on=today - timedelta(days=190))
    services.reflection_decide(
        actor=actor, trajectory=fifth, decision="report", decision_on=today - timedelta(days=150)
    )
    services.shelter_start(
        actor=actor,
        trajectory=fifth,
        kind=ShelterKind.OTHER,
        starts_on=today - timedelta(days=190),
        ends_on=today - timedelta(days=60),
    )
    services.compensation_set(actor=actor, trajectory=fifth, status="submitted", on=today - timedelta(days=30))

    # 6. Referred, in the overweeghuis for longer than three months (the warning shows).
    sixth = new(120, "Sofia Marin", date(1995, 4, 8), "female", "Moldavisch", ["sexual"], None)
    services.shelter_start(
        actor=actor, trajectory=sixth, kind=ShelterKind.CONSIDERATION_HOUSE, starts_on=today - timedelta(days=100)
    )

    # 7. Closed: returned home after a stay in the overweeghuis within the three months.
    seventh = new(300, "Irina Volkova", date(1999, 8, 12), "female", "Oekraïens", ["sexual"], None)
    services.shelter_start(
        actor=actor,
        trajectory=seventh,
        kind=ShelterKind.CONSIDERATION_HOUSE,
        starts_on=today - timedelta(days=290),
        ends_on=today - timedelta(days=220),
    )
    services.trajectory_close(
        actor=actor, trajectory=seventh, outcome="returned", closed_on=today - timedelta(days=210)
    )

    # 8. Closed after the decision not to report.
    eighth = new(260, "Mehmet Yildiz", date(1984, 2, 19), "male", "Turks", ["labour"], nla)
    services.reflection_start(actor=actor, trajectory=eighth, starts_on=today - timedelta(days=255))
    services.reflection_decide(
        actor=actor, trajectory=eighth, decision="no_report", decision_on=today - timedelta(days=200)
    )
    services.trajectory_close(
        actor=actor, trajectory=eighth, outcome="independent", closed_on=today - timedelta(days=120)
    )

    months = 0
    first_of_month = today.replace(day=1)
    for back in range(1, 13):
        month = add_months(first_of_month, -back)
        visits = rng.randint(25, 70)
        services.month_save(
            actor=actor,
            kind="steunpunt",
            municipality=arnhem,
            month=month,
            counts={"visits": visits, "new_clients": rng.randint(2, 9), "referrals": rng.randint(0, 5)},
        )
        exits = rng.randint(0, 3)
        services.month_save(
            actor=actor,
            kind="overweeghuis",
            municipality=arnhem,
            month=month,
            counts={"stays_started": rng.randint(0, 3), "exits": exits, "exits_left_sex_work": rng.randint(0, exits)},
        )
        months += 2
    return {"care_trajectories": 8, "care_months": months}
