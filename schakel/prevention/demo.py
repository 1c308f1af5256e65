"""Synthetic prevention activities for the demo (``make run``): invented, no real events or people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from schakel.accounts.models import LiaisonOfficer, LiaisonTraining, Organisation
from schakel.core.models import Municipality
from schakel.prevention.models import Activity, ActivityType, Attendance, OfficerAttendance, TargetGroup

# (type, title, organiser short name, target groups, topics, place)
_ACTIVITIES = [
    (
        ActivityType.TRAINING,
        "Basistraining signaleren mensenhandel",
        "Ketenregie",
        ["civil_affairs"],
        ["labour", "sexual"],
        "Stadhuis",
    ),
    (
        ActivityType.TRAINING,
        "Training documentfraude en uitbuiting",
        "Ketenregie",
        ["civil_affairs"],
        ["labour", "criminal"],
        "Stadhuis",
    ),
    (
        ActivityType.AWARENESS,
        "Bewustwordingsbijeenkomst interne meldpunt",
        "Ketenregie",
        ["municipal_staff"],
        ["labour", "criminal", "sexual"],
        "Stadskantoor",
    ),
    (
        ActivityType.AWARENESS,
        "Lunchlezing mensenhandel in Arnhem",
        "Ketenregie",
        ["municipal_staff"],
        ["criminal"],
        "Stadskantoor",
    ),
    (
        ActivityType.INFORMATION,
        "MEE-voorlichting LVB en uitbuiting",
        "MEE",
        ["lvb_professionals"],
        ["sexual", "criminal"],
        "MEE Gelderse Poort",
    ),
    (
        ActivityType.INFORMATION,
        "Voorlichting loverboyproblematiek",
        "Moviera",
        ["young_people", "parents"],
        ["sexual"],
        "Wijkcentrum",
    ),
    (
        ActivityType.INFORMATION,
        "Rechten en plichten in het werk",
        "Moviera",
        ["labour_migrants"],
        ["labour"],
        "Huisvestingslocatie",
    ),
    (
        ActivityType.RESILIENCE,
        "Weerbaarheidstraining 'Sterk in je schoenen'",
        "MEE",
        ["people_lvb"],
        ["sexual", "criminal"],
        "Dagbesteding",
    ),
    (
        ActivityType.NETWORK,
        "Expertmeeting zorg en veiligheid",
        "ZVH",
        ["care_and_safety"],
        ["labour", "criminal"],
        "Zorg- en Veiligheidshuis",
    ),
    (
        ActivityType.NETWORK,
        "Netwerkbijeenkomst ketenpartners",
        "Ketenregie",
        ["care_and_safety"],
        ["labour"],
        "Stadhuis",
    ),
    (ActivityType.CAMPAIGN, "Nep-loverboyactie", "Ketenregie", ["young_people"], ["sexual"], "Online"),
    (
        ActivityType.CAMPAIGN,
        "Hotelcampagne 'Kijk verder'",
        "Handhaving",
        ["hotel_staff"],
        ["sexual", "labour"],
        "Binnenstad",
    ),
    (ActivityType.SCHOOL, "Gastles uitbuiting op het mbo", "Moviera", ["young_people"], ["criminal", "sexual"], "ROC"),
    (ActivityType.OTHER, "Spreekuur steunpunt sekswerkers", "Moviera", ["sex_workers"], ["sexual"], "Steunpunt"),
]
_ORGS_ATTENDING = ["Burgerzaken", "W&I", "Wmo", "Leerplicht", "Handhaving", "Politie", "Vivare", "MEE"]


@transaction.atomic
def seed(*, rng: random.Random, municipality: Municipality | None = None, count: int = 25) -> int:
    """About ``count`` activities of every type over 2025–2026 with attendance; idempotent."""
    municipality = municipality or Municipality.objects.get(code="GM0202")
    if Activity.objects.filter(municipality=municipality).exists():
        return 0
    today = timezone.localdate()
    start = date(2025, 1, 6)
    span = max(1, (min(today, date(2026, 12, 31)) - start).days)
    officers = list(
        LiaisonOfficer.objects.filter(is_active=True, organisation__municipalities=municipality)
        .distinct()
        .order_by("full_name")
    )
    # Keep two officers untrained since long ago, so the "training needed" list has something to show.
    long_ago = officers[:2]
    trainable = officers[2:]
    created = 0
    for index in range(count):
        type_, title, organiser, groups, topics, place = _ACTIVITIES[index % len(_ACTIVITIES)]
        day = start + timedelta(days=rng.randint(0, span))
        activity = Activity.objects.create(
            municipality=municipality,
            type=type_,
            title=title,
            organiser=Organisation.objects.get(short_name=organiser),
            target_groups=[g for g in groups if g in TargetGroup.values],
            topics=topics,
            date=day,
            place=place,
            description="Synthetische demo-activiteit.",
            materials="https://example.org/materiaal (synthetisch)",
        )
        for short_name in rng.sample(_ORGS_ATTENDING, rng.randint(1, 3)):
            Attendance.objects.create(
                activity=activity,
                organisation=Organisation.objects.get(short_name=short_name),
                count=rng.randint(2, 25),
            )
        if type_ == ActivityType.CAMPAIGN or type_ == ActivityType.SCHOOL:
            Attendance.objects.create(
                activity=activity, department="Bereikt publiek (schatting)", count=rng.randint(40, 400)
            )
        if type_ in (ActivityType.TRAINING, ActivityType.AWARENESS) and trainable:
            for officer in rng.sample(trainable, min(len(trainable), rng.randint(1, 3))):
                if day > today or OfficerAttendance.objects.filter(activity=activity, officer=officer).exists():
                    continue
                training = LiaisonTraining.objects.create(
                    officer=officer, date=day, title=f"{activity.get_type_display()}: {title}"
                )
                OfficerAttendance.objects.create(activity=activity, officer=officer, training=training)
        created += 1
    for officer in long_ago:
        # Synthetic: their only training was years ago.
        LiaisonTraining.objects.filter(officer=officer).delete()
        LiaisonTraining.objects.create(
            officer=officer, date=date(2023, 3, 14), title="Basistraining signaleren mensenhandel"
        )
    return created
