"""Access-matrix entries for the care app (see tests/test_access_matrix.py).

Need-to-know (docs/adr/0014-victim-care.md, schakel/care/selectors.py): care records exist only
for users with BOTH ``accounts.manage_care`` and ``accounts.view_victim_details``
(``selectors.may_manage_care``: the care coordinator and the chain director), and only for the
municipalities their organisation serves (``selectors.care_municipalities``). Everyone else gets
a 404 on every care page. The analyst (``accounts.view_aggregates``) sees the aggregate counts
page ``care:counts`` only, never a record or the monthly-counts pages (``views.counts``).

What the scopes mean here, decided from the code:

- Trajectories (detail, step, identity). ``selectors.visible_trajectories`` filters on the
  trajectory's municipality only; the referring organisation grants nothing. So the scopes are
  the referring organisation of a trajectory in Arnhem (the municipality every test
  organisation serves): ``own`` = referred by the viewer's organisation (for the partner user:
  a trajectory the police referred), ``other`` = referred by NLA (``world.other_user``),
  ``none`` = no referring organisation. All three give the same answer: the two care roles
  see it, everyone else (the referring police officer included) gets a 404. A trajectory
  outside the organisation's area (a care coordinator of another region) is covered by
  tests/care/test_need_to_know.py.
- Anonymous monthly counts (``care:month_edit``). A month has no organisation at all, only a
  municipality (``selectors.support_point_months``): ``own`` = a month of Arnhem, the
  viewer's municipality; ``other`` = a month of a municipality no test organisation serves
  (nobody may open it, not even the care roles); ``none`` does not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from schakel.accounts.models import Organisation
from schakel.accounts.roles import Role
from schakel.care import services
from schakel.care.models import SupportPointMonth
from schakel.core.models import Municipality
from tests.matrix.base import NOBODY, ApiRecord, Open, Page, Record, World

CARE = frozenset({Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR})
COUNTS = CARE | {Role.ANALYST}
CARE_RECORD = {"own": CARE, "other": CARE, "none": CARE}


def _arnhem() -> Municipality:
    return Municipality.objects.get(code="GM0202")


def _referrer(world: World, scope: str, role: str) -> Organisation | None:
    if scope == "own":
        return world.org_of(role)
    if scope == "other":
        return world.other_user.organisation
    return None


def _trajectory(world: World, scope: str, role: str) -> dict[str, Any]:
    referrer = _referrer(world, scope, role)
    key = ("care.trajectory", referrer.pk if referrer else None)
    if key not in world.cache:
        world.cache[key] = services.trajectory_create(
            actor=world.user_for(Role.CARE_COORDINATOR),
            municipality=_arnhem(),
            referred_on=date(2026, 1, 10),
            referring_organisation=referrer,
            victim=services.VictimInput(birth_year=1999, sex="female", nationality="Oekraïens", forms=["sexual"]),
            identity=services.IdentityInput(full_name="Oksana Matrixivna", date_of_birth=date(1999, 4, 17)),
        )
    return {"pk": world.cache[key].pk}


def _trajectory_step(world: World, scope: str, role: str) -> dict[str, Any]:
    # Closing with an empty form: refused with field errors (400), never carried out.
    return {**_trajectory(world, scope, role), "step": "close"}


def _month(world: World, scope: str, role: str) -> dict[str, Any] | None:
    if scope == "none":
        return None  # a monthly count always belongs to a municipality
    key = ("care.month", scope)
    if key not in world.cache:
        if scope == "own":
            world.cache[key] = services.month_save(
                actor=world.user_for(Role.CARE_COORDINATOR),
                kind="steunpunt",
                municipality=_arnhem(),
                month=date(2026, 1, 1),
                counts={"visits": 40, "new_clients": 6, "referrals": 2},
            )
        else:
            # The service only lets a care user of the municipality enter it: a model row.
            elsewhere, _created = Municipality.objects.get_or_create(code="GM9998", defaults={"name": "Elders"})
            world.cache[key] = SupportPointMonth.objects.create(
                municipality=elsewhere, month=date(2026, 1, 1), visits=10, new_clients=2, referrals=1
            )
    return {"kind": "steunpunt", "pk": world.cache[key].pk}


ENTRIES: dict[str, Record | Page | ApiRecord | Open] = {
    "care:list": Page(CARE),
    "care:new": Page(CARE),
    "care:detail": Record(_trajectory, **CARE_RECORD),
    "care:identity": Record(_trajectory, **CARE_RECORD),
    "care:step": Record(_trajectory_step, **CARE_RECORD, method="post"),
    "care:months": Page(CARE),
    "care:month_new": Page(CARE, kwargs=lambda w: {"kind": "steunpunt"}),
    "care:month_edit": Record(_month, CARE, NOBODY, None),
    # Aggregates only: the analyst with small numbers suppressed, the care roles exact.
    "care:counts": Page(COUNTS),
}
