"""Synthetic demo signals for all forms and doors across Arnhem's districts.

Everything is invented (names, numbers, companies; phone numbers from ranges, plates and
IBANs made up, domains under .example). Overlaps are planted on purpose, so that linking has
something to find: a hotspot address reported by several sources, a phone number in several
adverts, an employment agency housing workers at five addresses, one man written in three
spellings, a front man with many vehicles.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from schakel.accounts.models import Organisation, User
from schakel.core.models import District, Municipality
from schakel.intake.models import Indicator
from schakel.monitoring.facts import touch_signals
from schakel.signals import entities as e
from schakel.signals.models import Channel, Signal
from schakel.signals.services import Location, SignalInput, signal_submit

HOTSPOT = ("Klarendalseweg", 101, "6822GB", "WK020207")
AGENCY = ("Flexwerk Oost BV (synthetisch)", "90000012")
AGENCY_HOUSES = [
    ("Hommelseweg", 212, "6821LN", "WK020208"),
    ("Rosendaalseweg", 45, "6824KE", "WK020208"),
    ("Presikhaafweg", 88, "6826TB", "WK020204"),
    ("Huissensestraat", 301, "6833HK", "WK020216"),
    ("Kronenburgsingel", 17, "6831EX", "WK020219"),
]
SHARED_PHONE = "06-41234567"
SHARED_ADVERT = "https://www.advertenties.example/escort/883412"
VICTIM_SPELLINGS = ["Dmytro Kovalenko", "Dmitri Kovalenko", "Дмитро Коваленко"]
FRONT_MAN = "Pieter Baan (synthetisch)"
FRONT_PLATES = ["12-ABC-3", "34-XYZ-5", "G-123-BB", "99-LLL-1", "5-TTT-22", "XK-44-66"]
STREETS = [
    ("Steenstraat", "6828", "WK020201"),
    ("Hommelseweg", "6821", "WK020208"),
    ("Geitenkamp", "6815", "WK020210"),
    ("Presikhaafweg", "6826", "WK020204"),
    ("Malburgseweg", "6833", "WK020216"),
    ("Vredenburgweg", "6831", "WK020219"),
    ("Schuytgraaf", "6846", "WK020224"),
    ("Rijnkade", "6811", "WK020201"),
    ("Kemperbergerweg", "6816", "WK020213"),
    ("Elderhofseweg", "6842", "WK020221"),
    ("Sonsbeekweg", "6814", "WK020206"),
    ("Lombokstraat", "6821", "WK020214"),
]

NARRATIVES = {
    "sexual": [
        "Vrouw werkt vanuit een gehuurde kamer; afspraken worden door een man gemaakt die ook het geld int.",
        "Jonge vrouw wordt 's avonds opgehaald en 's ochtends teruggebracht; ze lijkt bang voor de chauffeur.",
        "Advertentie biedt dag en nacht diensten aan; foto's lijken op die van een eerdere advertentie in Utrecht.",
        "Massagesalon met beslagen ramen; de vrouwen slapen er en spreken geen Nederlands of Engels.",
    ],
    "labour": [
        "Twaalf arbeidsmigranten in één eengezinswoning; het uitzendbureau houdt huur in op het loon.",
        "Werknemers van een nagelsalon werken van 9 tot 23 uur, zeven dagen per week, en worden contant betaald.",
        "Man zegt dat zijn paspoort door de werkgever wordt bewaard 'voor de administratie'.",
        "Busje haalt om 5 uur 's ochtends mannen op bij het pand; ze komen pas laat terug.",
    ],
    "criminal": [
        "Jongen van 16 vervoert pakketjes voor oudere jongens en heeft plotseling dure kleding.",
        "Jongere spijbelt structureel en heeft 's nachts 'bijbaantjes'; schulden bij een groep.",
        "Vrouw sluit telefoonabonnementen af voor anderen en lijkt bang om te stoppen.",
        "Jongen aangetroffen met gestolen goederen zonder voorgeschiedenis; zegt dat hij moest.",
    ],
    "serious_disadvantage": [
        "Schoonmakers krijgen structureel minder dan het minimumloon en werken zonder vrije dagen.",
    ],
    "organ": ["Man vertelt over een ingreep in het buitenland in ruil voor kwijtschelding van een schuld."],
}
INDICATORS = {
    "sexual": ["MC-04", "MD-02", "HO-05", "ON-02", "ILO-06", "HO-06"],
    "labour": ["HO-01", "HO-03", "MD-04", "ILO-07", "ILO-11", "MD-03", "WC-01"],
    "criminal": ["CE-01", "CE-04", "MD-05", "LS-02", "CE-05", "DI-04"],
    "serious_disadvantage": ["MD-04", "EB-01", "WC-02"],
    "organ": ["OR-02", "OR-03"],
}


def _loc(street: str, number: int, postcode: str, district: str) -> Location:
    return Location(
        street=street,
        house_number=number,
        postcode=postcode,
        city="Arnhem",
        district=District.objects.filter(code=district).first(),
    )


def _random_location(rng: random.Random) -> Location:
    street, pc4, district = rng.choice(STREETS)
    letters = rng.choice(["AB", "CD", "EG", "HK", "LN", "PR", "ST", "VW"])
    return _loc(street, rng.randint(1, 250), pc4 + letters, district)


def _person(rng: random.Random, role: str) -> e.EntityData:
    given = rng.choice(
        ["Anna", "Maria", "Olena", "Ioana", "Kasia", "Mihai", "Piotr", "Ahmed", "Sem", "Lisa", "Bogdan", "Elena"]
    )
    family = rng.choice(["Nowak", "Popescu", "Ivanova", "Kowalski", "Dimitrov", "Jansen", "de Boer", "Bakker", "Stan"])
    return e.person(
        role=role,
        name=f"{given} {family} (synthetisch)",
        sex=rng.choice(["female", "male", "unknown"]),
        age=rng.randint(16, 45),
        nationality=rng.choice(["PL", "RO", "BG", "UA", "NL", "HU", "XX"]),
    )


@transaction.atomic
def seed_demo_signals(count: int = 360, seed: int = 2026) -> int:
    """Create the demo signals once; returns how many were created (0 when already there)."""
    if Signal.objects.filter(is_synthetic=True).exists():
        return 0
    rng = random.Random(seed)
    municipality = Municipality.objects.get(code="GM0202")
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.schakel.example")}
    doors: list[tuple[str, User | None, Organisation | None]] = [
        (Channel.INTERNAL, users.get("aandachtsfunctionaris"), None),
        (Channel.INTERNAL, users.get("inspecteur"), None),
        (Channel.PARTNER, users.get("politie"), None),
        (Channel.PARTNER, users.get("zorgcoordinator"), None),
        (Channel.API, None, Organisation.objects.get(short_name="NLA")),
        (Channel.PUBLIC, None, None),
    ]
    now = timezone.now()
    known = set(Indicator.objects.filter(catalogue__status="published").values_list("code", flat=True))
    created = 0
    for index in range(count):
        form = rng.choices(list(NARRATIVES), weights=[30, 35, 25, 8, 2])[0]
        channel, user, organisation = rng.choices(doors, weights=[25, 8, 20, 10, 12, 25])[0]
        received: datetime = now - timedelta(days=rng.uniform(0, 540), minutes=rng.randint(0, 1440))
        found: list[e.EntityData] = []
        location = _random_location(rng)
        if rng.random() < 0.6:
            found.append(
                _person(rng, rng.choice(["possible_victim", "possible_victim", "possible_perpetrator", "witness"]))
            )
        if rng.random() < 0.3:
            found.append(e.phone(f"06-{rng.randint(20_000_000, 58_999_999)}"))  # ranges in use for mobiles
        # Planted overlaps, spread over the set so they cross doors and months.
        if index % 37 == 0:
            location = _loc(*HOTSPOT)
        if form == "labour" and index % 11 == 0:
            found.append(e.organisation(AGENCY[0], kvk=AGENCY[1]))
            location = _loc(*AGENCY_HOUSES[(index // 11) % len(AGENCY_HOUSES)])
        if form == "sexual" and index % 9 == 0:
            found += [e.phone(SHARED_PHONE), e.advert(SHARED_ADVERT)]
        if index % 41 == 0:
            found.append(
                e.person(role="possible_victim", name=VICTIM_SPELLINGS[(index // 41) % 3], age=24, nationality="UA")
            )
        if form == "criminal" and index % 13 == 0:
            found += [e.person(role="possible_perpetrator", name=FRONT_MAN)] + [
                e.vehicle(plate) for plate in rng.sample(FRONT_PLATES, 2)
            ]
        codes = [
            code
            for code in rng.sample(INDICATORS[form], k=min(len(INDICATORS[form]), rng.randint(0, 4)))
            if code in known
        ]
        data = SignalInput(
            narrative=rng.choice(NARRATIVES[form]) + " (synthetisch demosignaal)",
            forms=[form] if rng.random() < 0.9 else [form, "unknown"],
            municipality=municipality,
            observed_on=(received - timedelta(days=rng.randint(0, 14))).date(),
            location=location,
            indicator_codes=codes,
            entities=found,
            minor_involved="yes" if form == "criminal" and rng.random() < 0.4 else rng.choice(["no", "unknown"]),
            urgency=rng.choices(["acute", "high", "normal"], weights=[4, 21, 75])[0],
            source_reliability=rng.choice(["reliable", "usually", "doubtful", "unknown"]),
            information_reliability=rng.choice(["confirmed", "probable", "hearsay", "unknown"]),
            source_label=rng.choice(["", "", "", "VIOS", "BOTOC"]) if channel == Channel.INTERNAL else "",
            is_synthetic=True,
            received_at=received,
        )
        actor: Any = user
        org = organisation or (user.organisation if user is not None else None)
        if channel == Channel.API:
            actor = None
        # Linked all at once after seeding (seed_demo), not one task per signal.
        signal_submit(actor=actor, channel=channel, data=data, organisation=org, link_after_commit=False)
        created += 1
    return created


@transaction.atomic
def seed_demo_workflow(seed: int = 7) -> int:
    """Walk the older demo signals through triage, verification, sharing and closing, and
    date the steps back so the dashboards show a realistic past. Runs once."""
    from schakel.routing.models import FeedbackOutcome, LegalBasis, Share
    from schakel.routing.services import share_create, share_feedback, suggest_partners
    from schakel.signals.models import Outcome, SignalStatus, SignalStatusChange
    from schakel.signals.workflow import transition

    if SignalStatusChange.objects.filter(signal__is_synthetic=True).exists():
        return 0
    director = User.objects.filter(email="ketenregisseur@demo.schakel.example").first()
    if director is None:
        return 0
    rng = random.Random(seed)
    partners = {
        u.organisation_id: u
        for u in User.objects.filter(email__endswith="@demo.schakel.example")
        if u.has_perm("accounts.receive_shares")
    }
    fallback_basis = LegalBasis.objects.get(code="publieke-taak-gemeentewet")
    now = timezone.now()
    processed = 0
    for signal in Signal.objects.filter(is_synthetic=True).order_by("received_at"):
        age = (now - signal.received_at).days
        if age < 3:
            continue
        transition(actor=director, signal=signal, to_status=SignalStatus.TRIAGE, reason="Triage (demo)")
        if age < 8 and rng.random() < 0.6:
            continue
        if signal.minor_involved == "yes":
            signal.veilig_thuis_route_followed = True
            signal.save(update_fields=["veilig_thuis_route_followed"])
        transition(actor=director, signal=signal, to_status=SignalStatus.VERIFICATION, reason="Verificatie (demo)")
        if age < 15 and rng.random() < 0.5:
            continue
        if rng.random() < 0.55:
            for suggestion in suggest_partners(signal)[:2]:
                share = share_create(
                    actor=director,
                    signal=signal,
                    partner=suggestion.partner,
                    purpose=suggestion.purpose,
                    legal_basis=suggestion.legal_basis or fallback_basis,
                    parts=["narrative", "location", "assessment", "details"],
                )
                partner_user = partners.get(suggestion.partner.pk)
                if partner_user is not None and age > 25:
                    share_feedback(
                        actor=partner_user,
                        share=share,
                        outcome=rng.choice(FeedbackOutcome.values),
                        text="Teruggekoppeld (synthetisch demobericht).",
                    )
        if age > 30 and rng.random() < 0.85:
            outcome = rng.choices(Outcome.values, weights=[20, 15, 8, 12, 8, 30, 0])[0]
            if signal.status == SignalStatus.VERIFICATION or signal.status in (
                SignalStatus.SHARED,
                SignalStatus.AWAITING_FEEDBACK,
            ):
                transition(
                    actor=director,
                    signal=signal,
                    to_status=SignalStatus.CLOSED,
                    outcome=outcome,
                    reason="Afgesloten (demo)",
                )
        # Date the past: verification took a few days, closing some weeks.
        verified = signal.received_at + timedelta(days=rng.uniform(0.5, 12))
        Signal.objects.filter(pk=signal.pk, verified_at__isnull=False).update(verified_at=verified)
        Signal.objects.filter(pk=signal.pk, closed_at__isnull=False).update(
            closed_at=verified + timedelta(days=rng.uniform(3, 40))
        )
        SignalStatusChange.objects.filter(signal=signal).update(at=verified)
        Share.objects.filter(signal=signal).update(shared_at=verified)
        touch_signals(Signal.objects.filter(pk=signal.pk))
        processed += 1
    return processed
