"""Access-matrix entries for the prevention app (see tests/test_access_matrix.py).

Prevention activities belong to a municipality and are managed by the chain director only (the
model permissions ``prevention.*_activity``, ADR 0015); the analyst sees them only as aggregates.
An activity's organiser is an organisation: ``own`` = organised by the viewer's organisation,
``other`` = organised by NLA; an activity always has an organiser, so there is no ``none``.
The list of officers due for training needs the liaison-registry right. The yearly progress
report (``monitoring:report_*``) has the dashboard's audience.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from schakel.accounts.models import LiaisonKind, LiaisonOfficer
from schakel.accounts.roles import Role
from schakel.prevention import services
from schakel.prevention.models import Activity, ActivityType, TargetGroup
from tests.matrix.base import DIRECTOR, ApiRecord, Open, Page, Record, World

REGISTRY = frozenset({Role.CHAIN_DIRECTOR, Role.FUNCTIONAL_ADMIN})  # accounts.view_liaison_registry
AGGREGATES = frozenset({Role.CHAIN_DIRECTOR, Role.ANALYST})  # accounts.view_aggregates


def _officer(world: World) -> LiaisonOfficer:
    if "prevention:officer" not in world.cache:
        world.cache["prevention:officer"] = LiaisonOfficer.objects.create(
            full_name="Matrix Aandachtsfunctionaris",
            kind=LiaisonKind.INTERNAL,
            organisation=world.org_of(Role.CHAIN_DIRECTOR),
        )
    return world.cache["prevention:officer"]


def _activity(world: World, scope: str, role: str) -> Activity | None:
    """An activity of the municipality, organised by the viewer's organisation or by NLA, with
    one attendance row and one trained liaison officer."""
    if scope == "none":
        return None  # Activity.organiser is required
    organiser = world.org_of(role) if scope == "own" else world.other_user.organisation
    assert organiser is not None
    key = ("prevention:activity", organiser.pk)
    if key not in world.cache:
        activity = services.activity_save(
            actor=world.director,
            data=services.ActivityInput(
                type=ActivityType.TRAINING,
                title="Matrix-training",
                organiser=organiser,
                date=timezone.localdate() - timedelta(days=7),
                target_groups=[TargetGroup.CIVIL_AFFAIRS],
            ),
        )
        services.attendance_add(actor=world.director, activity=activity, count=12, department="Burgerzaken")
        services.officer_attendance_add(actor=world.director, activity=activity, officer=_officer(world))
        world.cache[key] = activity
    return world.cache[key]


def _pk(world: World, scope: str, role: str) -> dict[str, Any] | None:
    activity = _activity(world, scope, role)
    return {"pk": activity.pk} if activity else None


def _attendance_row(world: World, scope: str, role: str) -> dict[str, Any] | None:
    activity = _activity(world, scope, role)
    return {"pk": activity.pk, "row": activity.attendance.get().pk} if activity else None


def _officer_link(world: World, scope: str, role: str) -> dict[str, Any] | None:
    activity = _activity(world, scope, role)
    return {"pk": activity.pk, "link": activity.officers.get().pk} if activity else None


def _this_year(world: World) -> dict[str, Any]:
    return {"year": timezone.localdate().year}


ENTRIES: dict[str, Record | Page | ApiRecord | Open] = {
    "prevention:list": Page(DIRECTOR),
    "prevention:create": Page(DIRECTOR),
    "prevention:training_due": Page(REGISTRY),
    "prevention:detail": Record(_pk, DIRECTOR, DIRECTOR, None),
    "prevention:edit": Record(_pk, DIRECTOR, DIRECTOR, None),
    "prevention:attendance_add": Record(_pk, DIRECTOR, DIRECTOR, None, method="post", data={"count": "0"}),
    "prevention:attendance_remove": Record(_attendance_row, DIRECTOR, DIRECTOR, None, method="post"),
    "prevention:officer_add": Record(_pk, DIRECTOR, DIRECTOR, None, method="post", data={"officer": "0"}),
    "prevention:officer_remove": Record(_officer_link, DIRECTOR, DIRECTOR, None, method="post"),
    # --- the yearly progress report (monitoring; aggregates only, as the dashboard) ----------
    "monitoring:report_html": Page(AGGREGATES, kwargs=_this_year),
    "monitoring:report_pdf": Page(AGGREGATES, kwargs=_this_year),
}
