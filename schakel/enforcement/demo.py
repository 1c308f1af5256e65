"""Synthetic demo data for the premises register, inspections and measures.

Everything here is invented: names carry "(synthetisch)", addresses are plausible Arnhem
streets with made-up numbers, KvK numbers are fictitious. Findings are anonymous counts.
Called from ``schakel.core.demo.seed_demo_data``; runs once (idempotent).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from schakel.accounts.models import Organisation
from schakel.core.models import District, Municipality
from schakel.enforcement.models import (
    BibobStatus,
    HousingAddress,
    Inspection,
    InspectionIndicator,
    InspectionStatus,
    Measure,
    MeasureStatus,
    MeasureStatusChange,
    PersonCount,
    Premises,
    PremisesType,
)
from schakel.enforcement.services import _apply_address, operator_key
from schakel.enforcement.terms import measure_deadline
from schakel.intake.models import CatalogueStatus, Indicator

T = PremisesType
# name, type, street, number, postcode, district, operator, kvk, extra fields
PREMISES: list[tuple[str, str, str, str, str, str, str, str, dict[str, Any]]] = [
    (
        "Club Rood (synthetisch)",
        T.LICENSED_SEX,
        "Spoorwegstraat",
        "14",
        "6828AL",
        "WK020201",
        "Rood Exploitatie B.V. (synthetisch)",
        "90000001",
        {
            "permit_number": "SI-2024-001",
            "bibob_status": BibobStatus.NO_RISK,
            "permit_conditions": "Openingstijden 12.00–02.00 uur; intakegesprek met elke sekswerker; geen alcohol op de kamers.",
        },
    ),
    (
        "Privéhuis De Linde (synthetisch)",
        T.LICENSED_SEX,
        "Lindelaan",
        "3",
        "6814GA",
        "WK020206",
        "Linde Ontspanning V.O.F. (synthetisch)",
        "90000002",
        {
            "permit_number": "SI-2024-002",
            "bibob_status": BibobStatus.NO_RISK,
            "permit_conditions": "Maximaal vier werkplekken; bedrijfsplan met maatregelen tegen mensenhandel.",
        },
    ),
    (
        "Raamexploitatie Spoorzicht (synthetisch)",
        T.LICENSED_SEX,
        "Spoorzichtweg",
        "21",
        "6824BC",
        "WK020208",
        "Spoorzicht Vastgoed B.V. (synthetisch)",
        "90000003",
        {
            "permit_number": "SI-2025-003",
            "bibob_status": BibobStatus.IN_PROGRESS,
            "permit_conditions": "Zes ramen; verhuur alleen aan sekswerkers met een intakegesprek.",
        },
    ),
    (
        "Woning Kemperbergerweg (synthetisch)",
        T.UNLICENSED,
        "Kemperbergerweg",
        "250",
        "6816RW",
        "WK020213",
        "",
        "",
        {"notes": "Advertenties met dit adres; geen vergunning."},
    ),
    (
        "Thai Massage Lotus (synthetisch)",
        T.MASSAGE_BEAUTY,
        "Steenstraat",
        "88",
        "6828CK",
        "WK020201",
        "Lotus Wellness (synthetisch)",
        "90000004",
        {},
    ),
    (
        "Nagelstudio Glamour (synthetisch)",
        T.MASSAGE_BEAUTY,
        "Presikhaafweg",
        "12",
        "6826LA",
        "WK020204",
        "Glamour Nails (synthetisch)",
        "90000005",
        {},
    ),
    (
        "Café De Zwaan (synthetisch)",
        T.HORECA,
        "Korenmarkt",
        "7",
        "6811GV",
        "WK020201",
        "Zwaan Horeca B.V. (synthetisch)",
        "90000006",
        {"permit_number": "DHW-2023-117"},
    ),
    (
        "Shisha Lounge Oost (synthetisch)",
        T.HORECA,
        "Hommelseweg",
        "140",
        "6821LH",
        "WK020208",
        "Oost Lounge (synthetisch)",
        "90000007",
        {"bibob_status": BibobStatus.SERIOUS_RISK},
    ),
    (
        "Logement Klarendal (synthetisch)",
        T.ROOM_RENTAL,
        "Klarendalseweg",
        "101",
        "6822GB",
        "WK020207",
        "Kamers Klarendal B.V. (synthetisch)",
        "90000008",
        {"notes": "Hotspot-adres uit de signalen."},
    ),
    (
        "Hotel Rijnzicht (synthetisch)",
        T.HOTEL,
        "Rijnkade",
        "40",
        "6811HB",
        "WK020201",
        "Rijnzicht Hotels B.V. (synthetisch)",
        "90000009",
        {"quality_mark": True},
    ),
    (
        "Budget Inn Arnhem-Zuid (synthetisch)",
        T.HOTEL,
        "Malburgseweg",
        "9",
        "6833AA",
        "WK020216",
        "Budget Inn (synthetisch)",
        "90000010",
        {},
    ),
    (
        "FlexWerk Oost B.V. (synthetisch)",
        T.EMPLOYMENT_AGENCY,
        "Westervoortsedijk",
        "73",
        "6827AT",
        "WK020203",
        "FlexWerk Oost B.V. (synthetisch)",
        "90000011",
        {},
    ),
    (
        "Autowasstraat Schuytgraaf (synthetisch)",
        T.OTHER,
        "Schuytgraaf",
        "500",
        "6846DA",
        "WK020224",
        "Wash & Go (synthetisch)",
        "90000012",
        {},
    ),
]

HOUSING = [
    ("Geitenkamp", "17", "6815AP", 8),
    ("Lombokstraat", "52", "6821BV", 6),
    ("Vredenburgweg", "112", "6831AB", 11),
    ("Elderhofseweg", "30", "6842CE", 7),
    ("Sonsbeekweg", "4", "6814BB", 5),
]

# type, sector, premises names, partners, status, checklist filled
INSPECTIONS: list[tuple[str, str, list[str], list[str], str, bool]] = [
    (
        "integral",
        "massage_beauty",
        ["Thai Massage Lotus (synthetisch)", "Nagelstudio Glamour (synthetisch)"],
        ["Politie Oost-Nederland", "Nederlandse Arbeidsinspectie"],
        "done",
        True,
    ),
    (
        "integral",
        "car_wash",
        ["Autowasstraat Schuytgraaf (synthetisch)"],
        ["Nederlandse Arbeidsinspectie", "RIEC Oost-Nederland"],
        "done",
        True,
    ),
    ("integral", "horeca", ["Shisha Lounge Oost (synthetisch)"], ["Politie Oost-Nederland"], "planned", False),
    (
        "building_action",
        "housing",
        ["Logement Klarendal (synthetisch)"],
        ["Politie Oost-Nederland", "Volkshuisvesting Arnhem"],
        "done",
        True,
    ),
    (
        "building_action",
        "housing",
        ["FlexWerk Oost B.V. (synthetisch)"],
        ["Nederlandse Arbeidsinspectie"],
        "done",
        True,
    ),
    ("building_action", "housing", ["Woning Kemperbergerweg (synthetisch)"], ["Politie Oost-Nederland"], "done", True),
    ("building_action", "housing", ["Budget Inn Arnhem-Zuid (synthetisch)"], ["Politie Oost-Nederland"], "done", False),
    ("building_action", "housing", ["Logement Klarendal (synthetisch)"], ["Vivare"], "done", True),
    (
        "building_action",
        "housing",
        ["FlexWerk Oost B.V. (synthetisch)"],
        ["Nederlandse Arbeidsinspectie"],
        "planned",
        False,
    ),
    ("building_action", "housing", ["Woning Kemperbergerweg (synthetisch)"], [], "planned", False),
    ("horeca", "horeca", ["Café De Zwaan (synthetisch)"], [], "done", True),
    ("horeca", "horeca", ["Shisha Lounge Oost (synthetisch)"], ["Politie Oost-Nederland"], "done", True),
    ("horeca", "horeca", ["Hotel Rijnzicht (synthetisch)"], [], "done", False),
    ("prostitution", "prostitution", ["Club Rood (synthetisch)"], ["Politie Oost-Nederland"], "done", True),
    ("prostitution", "prostitution", ["Privéhuis De Linde (synthetisch)"], ["Politie Oost-Nederland"], "done", True),
    (
        "prostitution",
        "prostitution",
        ["Raamexploitatie Spoorzicht (synthetisch)"],
        ["Politie Oost-Nederland"],
        "done",
        True,
    ),
    ("other", "other", ["Hotel Rijnzicht (synthetisch)"], [], "done", False),
]

# type, premises, legal basis, path of statuses after the intention
MEASURES: list[tuple[str, str, str, list[str]]] = [
    (
        "closure_174a",
        "Woning Kemperbergerweg (synthetisch)",
        "Artikel 174a Gemeentewet (sluiting wegens verstoring openbare orde)",
        ["view_heard", "decision", "executed"],
    ),
    (
        "permit_suspension",
        "Raamexploitatie Spoorzicht (synthetisch)",
        "Artikel 3:9 APV Arnhem (schorsing exploitatievergunning)",
        ["view_heard"],
    ),
    ("bibob_refusal", "Shisha Lounge Oost (synthetisch)", "Artikel 3 Wet Bibob", ["decision", "objection"]),
    (
        "penalty_order",
        "Logement Klarendal (synthetisch)",
        "Artikel 5:32 Awb en artikel 125 Gemeentewet (last onder dwangsom overbewoning)",
        ["decision"],
    ),
    ("warning", "Nagelstudio Glamour (synthetisch)", "Beleidsregels handhaving Arnhem", []),
    (
        "fine",
        "Café De Zwaan (synthetisch)",
        "Artikel 44a Alcoholwet (bestuurlijke boete)",
        ["decision", "objection", "appeal"],
    ),
    ("closure_13b", "Budget Inn Arnhem-Zuid (synthetisch)", "Artikel 13b Opiumwet", ["withdrawn"]),
    (
        "permit_withdrawal",
        "Privéhuis De Linde (synthetisch)",
        "Artikel 3:10 APV Arnhem (intrekking exploitatievergunning)",
        ["view_heard", "withdrawn"],
    ),
]


# Indicators plausibly seen per sector (codes of the published catalogue; unknown codes are skipped).
SEEN_BY_SECTOR = {
    "prostitution": ["MC-04", "MD-02", "HO-05", "ILO-06", "MC-05"],
    "massage_beauty": ["HO-05", "WC-01", "ILO-11", "MC-02", "ILO-07"],
    "horeca": ["ILO-11", "WC-01", "MD-04", "ILO-02"],
    "housing": ["HO-01", "HO-03", "MD-04", "DI-03", "MC-02"],
    "car_wash": ["ILO-11", "WC-01", "ILO-07", "MD-03"],
    "other": ["ILO-02", "ILO-10", "MC-01"],
}
# Walked through and not seen.
NOT_SEEN = ["ILO-03", "ILO-04", "ILO-05", "ILO-08", "ILO-09", "DI-01", "DI-05", "MC-01"]


def _spread(start: date, end: date, n: int, k: int) -> date:
    span = max((end - start).days, 0)
    return start + timedelta(days=span * (k + 1) // (n + 1))


def seed(rng: random.Random | None = None, *, today: date | None = None) -> dict[str, int]:
    """Create the synthetic register, this year's inspections and measures; once."""
    if Premises.objects.filter(is_synthetic=True).exists():
        return {"premises": 0, "inspections": 0, "measures": 0}
    rng = rng or random.Random(2026)
    today = today or timezone.localdate()
    municipality = Municipality.objects.get(code="GM0202")
    districts = {d.code: d for d in District.objects.filter(municipality=municipality)}
    by_name: dict[str, Premises] = {}
    for name, type_, street, number, postcode, district, operator, kvk, extra in PREMISES:
        premises = Premises(
            municipality=municipality,
            name=name,
            type=type_,
            street=street,
            house_number=number,
            postcode=postcode,
            city="Arnhem",
            district=districts.get(district),
            operator_name=operator,
            operator_kvk=kvk,
            is_synthetic=True,
            **extra,
        )
        if type_ == T.LICENSED_SEX:
            premises.permit_valid_from = date(today.year - 1, 7, 1)
            premises.permit_valid_until = date(today.year + 3, 6, 30)
        _apply_address(premises)
        premises.operator_key = operator_key(operator, kvk)
        premises.save()
        by_name[name] = premises
    agency = by_name["FlexWerk Oost B.V. (synthetisch)"]
    for street, number, postcode, workers in HOUSING:
        address = HousingAddress(
            premises=agency, street=street, house_number=number, postcode=postcode, city="Arnhem", workers=workers
        )
        _apply_address(address)
        address.save()

    indicators = list(Indicator.objects.filter(catalogue__status=CatalogueStatus.PUBLISHED).order_by("code"))
    catalogue = indicators[0].catalogue if indicators else None
    year_start, year_end = date(today.year, 1, 2), date(today.year, 12, 31)
    n_done = sum(1 for row in INSPECTIONS if row[4] == "done")
    n_planned = len(INSPECTIONS) - n_done
    seen_done = seen_planned = 0
    organisations = {o.name: o for o in Organisation.objects.all()}
    inspections: dict[int, Inspection] = {}
    for index, (type_, sector, names, partners, status, checklist) in enumerate(INSPECTIONS):
        if status == "done":
            when = _spread(year_start, today, n_done, seen_done)
            seen_done += 1
        else:
            when = _spread(min(today + timedelta(days=1), year_end), year_end, n_planned, seen_planned)
            seen_planned += 1
        inspection = Inspection.objects.create(
            municipality=municipality,
            type=type_,
            sector=sector,
            date=when,
            status=InspectionStatus.DONE if status == "done" else InspectionStatus.PLANNED,
            description="Synthetische democontrole.",
            is_synthetic=True,
        )
        inspection.premises.set([by_name[name] for name in names])
        inspection.partners.set([organisations[name] for name in partners if name in organisations])
        if status == "done":
            if checklist and indicators:
                by_code = {ind.code: ind for ind in indicators}
                pool = [c for c in SEEN_BY_SECTOR.get(sector, SEEN_BY_SECTOR["other"]) if c in by_code]
                seen = set(rng.sample(pool, min(3, len(pool))))
                rows = [
                    InspectionIndicator(inspection=inspection, indicator=by_code[c], seen=True) for c in sorted(seen)
                ]
                rows += [
                    InspectionIndicator(inspection=inspection, indicator=by_code[c], seen=False)
                    for c in NOT_SEEN
                    if c in by_code and c not in seen
                ]
                InspectionIndicator.objects.bulk_create(rows)
                inspection.catalogue = catalogue
                inspection.checklist_filled = True
            for _ in range(rng.randint(1, 3)):
                PersonCount.objects.create(
                    inspection=inspection,
                    sex=rng.choice(["female", "male"]),
                    age_band=rng.choice(["18_23", "24_35", "36_50"]),
                    nationality=rng.choice(["RO", "PL", "BG", "HU", "TH", "NL"]),
                    count=rng.randint(1, 8),
                )
            inspection.irregularities = rng.choice(
                [
                    "Geen onregelmatigheden.",
                    "Overbewoning: meer bedden dan toegestaan.",
                    "Brandveiligheid: nooduitgang geblokkeerd.",
                    "Administratie van werktijden ontbreekt.",
                ]
            )
            inspection.findings_recorded_at = timezone.now()
            inspection.save()
        inspections[index] = inspection

    for index, (type_, name, basis, path) in enumerate(MEASURES):
        premises = by_name[name]
        steps = [MeasureStatus.INTENTION, *path]
        first = today - timedelta(days=20 * len(steps) + 10 + index)
        measure = Measure.objects.create(
            municipality=municipality,
            type=type_,
            legal_basis=basis,
            premises=premises,
            organisation_name=premises.operator_name,
            organisation_kvk=premises.operator_kvk,
            description="Synthetische demomaatregel.",
            amount=5000 if type_ in ("fine", "penalty_order") else None,
            is_synthetic=True,
        )
        previous = ""
        for step_index, status in enumerate(steps):
            on = first + timedelta(days=20 * step_index)
            deadline = measure_deadline(status, on)
            MeasureStatusChange.objects.create(
                measure=measure, from_status=previous, to_status=status, on_date=on, deadline=deadline, note="Demo."
            )
            measure.status, measure.status_entered_on, measure.deadline = status, on, deadline
            previous = status
        measure.save()
    return {"premises": len(by_name), "inspections": len(inspections), "measures": len(MEASURES)}
