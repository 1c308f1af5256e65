"""Synthetic demo cases and two past case meetings, built from the synthetic demo signals.

Everything is invented: titles and minutes say "(synthetisch)". Runs once (idempotent) and
only where demo data is allowed (schakel.core.demo checks that before calling ``seed``).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.cases import services
from schakel.cases.models import ActionStatus, AttendanceStatus, Case, MeetingType
from schakel.signals.models import Signal

DIRECTOR = "ketenregisseur@demo.schakel.example"

_CASES = [
    # title, signal form field, number of signals, partners
    (
        "Uitzendconstructie loodsen Kleefse Waard (synthetisch)",
        "form_labour",
        3,
        ["Nederlandse Arbeidsinspectie", "Politie Oost-Nederland", "RIEC Oost-Nederland"],
    ),
    (
        "Kamerverhuur en online advertenties (synthetisch)",
        "form_sexual",
        2,
        ["Politie Oost-Nederland", "Moviera", "Veilig Thuis Gelderland-Midden"],
    ),
    (
        "Jongeren als drugsrunner bij het station (synthetisch)",
        "form_criminal",
        1,
        ["Politie Oost-Nederland", "Moviera"],
    ),
]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@transaction.atomic
def seed(seed: int = 2026) -> dict[str, int]:
    """Create the demo cases and meetings once; returns what was created."""
    if Case.objects.filter(is_synthetic=True).exists():
        return {"cases": 0, "case_meetings": 0}
    director = User.objects.filter(email=DIRECTOR).first()
    if director is None:
        return {"cases": 0, "case_meetings": 0}
    if not Signal.objects.filter(is_synthetic=True).exists():
        # seed_demo runs this before the signals: make them now (the same, idempotent call).
        from schakel.core.demo_signals import seed_demo_signals

        seed_demo_signals()
    today = timezone.localdate()
    used: set[int] = set()
    cases: list[Case] = []
    for title, form_field, n, partners in _CASES:
        signals = list(
            Signal.objects.filter(is_synthetic=True, municipality=director.municipality, **{form_field: True})
            .exclude(pk__in=used)
            .order_by("received_at")[:n]
        )
        if not signals:
            continue
        used |= {s.pk for s in signals}
        case = services.case_create(actor=director, title=title, signals=signals, is_synthetic=True)
        for name in partners:
            services.participant_add(actor=director, case=case, organisation=_org(name))
        cases.append(case)
    if not cases:
        return {"cases": 0, "case_meetings": 0}

    plan = {
        0: [
            ("inspection", "", "Integrale controle loodsen (synthetisch)", "Nederlandse Arbeidsinspectie", -40, True),
            (
                "barrier",
                "housing",
                "Overbewoning aanpakken met verhuurder (synthetisch)",
                "Gemeente Arnhem – Toezicht en Handhaving",
                -5,
                False,
            ),
            ("information_request", "", "Bestuurlijke rapportage RIEC (synthetisch)", "RIEC Oost-Nederland", 14, False),
        ],
        1: [
            ("care_referral", "", "Opvang en bedenktijd regelen (synthetisch)", "Moviera", -30, True),
            (
                "police_investigation",
                "",
                "Onderzoek naar de advertenties (synthetisch)",
                "Politie Oost-Nederland",
                -3,
                False,
            ),
        ],
        2: [
            (
                "care_referral",
                "",
                "Jeugdhulp en ouders betrekken (synthetisch)",
                "Veilig Thuis Gelderland-Midden",
                10,
                False,
            )
        ],
    }
    for index, case in enumerate(cases):
        for kind, barrier, text, org, days, done in plan.get(index, []):
            action = services.action_create(
                actor=director,
                case=case,
                data=services.ActionInput(
                    type=kind,
                    barrier_kind=barrier,
                    description=text,
                    organisation=_org(org),
                    deadline=today + timedelta(days=days),
                ),
            )
            if done:
                services.action_update(
                    actor=director, action=action, status=ActionStatus.DONE, outcome="Uitgevoerd (synthetisch)."
                )

    meetings = 0
    for days_ago, kind, place, orgs, case_indexes in [
        (
            28,
            MeetingType.MDO,
            "Zorg- en Veiligheidshuis, Arnhem",
            ["Moviera", "Politie Oost-Nederland", "Veilig Thuis Gelderland-Midden"],
            [1, 2],
        ),
        (
            14,
            MeetingType.RIEC,
            "RIEC Oost-Nederland, Arnhem",
            ["RIEC Oost-Nederland", "Politie Oost-Nederland", "Nederlandse Arbeidsinspectie"],
            [0],
        ),
    ]:
        starts = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
        meeting = services.meeting_create(
            actor=director,
            type=kind,
            starts_at=starts,
            place=place,
            organisations=[_org(o) for o in orgs],
            is_synthetic=True,
        )
        for org in orgs:
            attendee = services.attendee_add(
                actor=director,
                meeting=meeting,
                organisation=_org(org),
                name=f"Deelnemer {_org(org).display_name} (synthetisch)",
            )
            attendee.status = AttendanceStatus.PRESENT
            attendee.save(update_fields=["status"])
        for index in case_indexes:
            if index >= len(cases):
                continue
            item = services.agenda_add(actor=director, meeting=meeting, case=cases[index])
            services.agenda_item_record(
                actor=director,
                item=item,
                discussion="Stand van zaken besproken; partners vullen elkaar aan (synthetisch verslag).",
                decisions="Acties lopen door; volgende bespreking over vier weken (synthetisch besluit).",
            )
        meetings += 1
    return {"cases": len(cases), "case_meetings": meetings}
