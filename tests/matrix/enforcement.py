"""Access-matrix entries for the enforcement app (see tests/test_access_matrix.py).

Need-to-know (docs/adr/0013-premises-inspections-measures.md, schakel/enforcement/selectors.py):
the managers — the inspector (``accounts.manage_inspections``) and the chain director
(``accounts.manage_cases``) — see and write everything of their municipality. A partner
organisation's user reads, read only, the inspections its organisation took part in and those
inspections' premises; never a measure. Everyone else gets a 404, also when their (municipal)
department is listed as taking part: only organisations outside the municipality are partners.

Scopes: ``own`` — an inspection the viewer's organisation took part in (with its premises and a
measure after it); ``other`` — one only NLA took part in; ``none`` — one without partners.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.enforcement import services
from schakel.enforcement.models import (
    Inspection,
    InspectionType,
    Measure,
    MeasureType,
    Premises,
    PremisesType,
    Sector,
)
from schakel.signals.services import published_catalogue_with_codes
from tests.matrix.base import ApiRecord, Open, Page, Record, World

MANAGERS = frozenset({Role.CHAIN_DIRECTOR, Role.INSPECTOR})
# The roles whose test organisation is no municipal department (Politie, Moviera): they read
# what their organisation took part in.
PARTICIPANTS = frozenset({Role.PARTNER_USER, Role.CARE_COORDINATOR})
READERS = MANAGERS | PARTICIPANTS


def _bundle(world: World, organisation: Organisation | None) -> tuple[Premises, Inspection, Measure]:
    """A premises, a done inspection of it with ``organisation`` taking part (none: no
    partner), its anonymous findings and a measure after it; made by the inspector through
    the services."""
    key = ("enforcement", organisation.pk if organisation else None)
    if key not in world.cache:
        inspector = world.user_for(Role.INSPECTOR)
        municipality = inspector.municipality
        number = sum(1 for k in world.cache if isinstance(k, tuple) and k[:1] == ("enforcement",)) + 1
        premises = services.premises_save(
            actor=inspector,
            premises=Premises(
                municipality=municipality, name=f"Matrixpand {number} (synthetisch)", type=PremisesType.ROOM_RENTAL,
                street="Matrixstraat", house_number=str(number), postcode="6811AB", city="Arnhem",
                operator_name="Matrix Verhuur BV",
            ),
        )  # fmt: skip
        inspection = services.inspection_save(
            actor=inspector,
            inspection=Inspection(
                municipality=municipality, type=InspectionType.BUILDING_ACTION, sector=Sector.HOUSING,
                date=timezone.localdate() - timedelta(days=7),
            ),
            premises=[premises],
            partners=[organisation] if organisation else [],
        )  # fmt: skip
        _catalogue, codes = published_catalogue_with_codes()
        services.inspection_record_findings(
            actor=inspector,
            inspection=inspection,
            findings=services.Findings(
                seen=sorted(codes)[:1], counts=[services.CountRow("female", "18_23", "RO", 2)],
                irregularities="Matrix: te veel bedden.",
            ),
        )  # fmt: skip
        measure = services.measure_create(
            actor=inspector,
            measure=Measure(
                municipality=municipality, type=MeasureType.WARNING, legal_basis="Huisvestingsverordening",
                premises=premises, inspection=inspection,
            ),
        )  # fmt: skip
        world.cache[key] = (premises, inspection, measure)
    premises, inspection, measure = world.cache[key]
    return premises, inspection, measure


def _organisation(world: World, scope: str, role: str) -> Organisation | None:
    if scope == "own":
        return world.org_of(role)
    if scope == "other":
        return world.other_user.organisation
    return None


def _premises(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": _bundle(world, _organisation(world, scope, role))[0].pk}


def _inspection(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": _bundle(world, _organisation(world, scope, role))[1].pk}


def _measure(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": _bundle(world, _organisation(world, scope, role))[2].pk}


def _participation(world: World) -> dict[str, Any]:
    """The register lists open to a partner once its organisation took part in an inspection
    (and are a 404 before that): make Politie and Moviera take part in one."""
    for role in PARTICIPANTS:
        _bundle(world, world.org_of(role))
    return {}


ENTRIES: dict[str, Record | Page | ApiRecord | Open] = {
    # --- premises register ------------------------------------------------------------------
    "enforcement:premises_list": Page(READERS, kwargs=_participation),
    "enforcement:premises_new": Page(MANAGERS),
    "enforcement:premises_detail": Record(_premises, READERS, MANAGERS, MANAGERS),
    "enforcement:premises_edit": Record(_premises, MANAGERS, MANAGERS, MANAGERS),
    # --- inspections ------------------------------------------------------------------------
    "enforcement:inspection_list": Page(READERS, kwargs=_participation),
    "enforcement:inspection_new": Page(MANAGERS),
    "enforcement:inspection_detail": Record(_inspection, READERS, MANAGERS, MANAGERS),
    "enforcement:inspection_edit": Record(_inspection, MANAGERS, MANAGERS, MANAGERS),
    "enforcement:inspection_findings": Record(_inspection, MANAGERS, MANAGERS, MANAGERS),
    "enforcement:inspection_signals": Record(_inspection, MANAGERS, MANAGERS, MANAGERS, method="post"),
    # --- administrative measures (managers only; partners never, not even after their inspection)
    "enforcement:measure_list": Page(MANAGERS),
    "enforcement:measure_new": Page(MANAGERS),
    "enforcement:measure_detail": Record(_measure, MANAGERS, MANAGERS, MANAGERS),
}
