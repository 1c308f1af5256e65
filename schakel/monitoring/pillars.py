"""Dashboard tables for the pillars "combat" and "protect", and for cases: counts only.

Each table counts every record once (additive), so the small-number suppression of
``selectors._table`` applies to them exactly as to the signal tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from schakel.care.models import CareTrajectory, TrajectoryStatus
from schakel.cases.models import Case, CaseOutcome, CaseStatus
from schakel.core.models import Municipality
from schakel.enforcement.models import Inspection, InspectionStatus, InspectionType, Measure, MeasureStatus, MeasureType


def _labels(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
    return {str(code): str(label) for code, label in choices}


def pillar_counts(
    municipality: Municipality, period_from: date, period_to: date
) -> dict[str, tuple[str, str, dict[str, int], dict[str, str]]]:
    """Per table key: (title, column heading, counts, labels) for the period."""
    inspections = Inspection.objects.filter(
        municipality=municipality, status=InspectionStatus.DONE, date__gte=period_from, date__lte=period_to
    )
    measures = Measure.objects.filter(
        municipality=municipality, created_at__date__gte=period_from, created_at__date__lte=period_to
    )
    cases = Case.objects.filter(
        municipality=municipality, created_at__date__gte=period_from, created_at__date__lte=period_to
    )
    closed_cases = Case.objects.filter(
        municipality=municipality, closed_at__date__gte=period_from, closed_at__date__lte=period_to
    ).exclude(outcome=CaseOutcome.MERGED)
    trajectories = CareTrajectory.objects.filter(
        municipality=municipality, referred_on__gte=period_from, referred_on__lte=period_to
    )
    return {
        "case_status": (
            _("Casussen (gestart in de periode) per status"),
            _("Status"),
            dict(cases.values_list("status").annotate(n=Count("id")).order_by()),
            _labels(CaseStatus.choices),
        ),
        "case_outcome": (
            _("Casussen (afgesloten in de periode) per uitkomst"),
            _("Uitkomst"),
            dict(closed_cases.values_list("outcome").annotate(n=Count("id")).order_by()),
            _labels([c for c in CaseOutcome.choices if c[0] != CaseOutcome.MERGED]),
        ),
        "inspection_type": (
            _("Uitgevoerde controles per soort"),
            _("Soort controle"),
            dict(inspections.values_list("type").annotate(n=Count("id")).order_by()),
            _labels(InspectionType.choices),
        ),
        "measure_type": (
            _("Bestuurlijke maatregelen per soort"),
            _("Soort maatregel"),
            dict(measures.values_list("type").annotate(n=Count("id")).order_by()),
            _labels(MeasureType.choices),
        ),
        "measure_status": (
            _("Bestuurlijke maatregelen per stand van zaken"),
            _("Stand van zaken"),
            dict(measures.values_list("status").annotate(n=Count("id")).order_by()),
            _labels(MeasureStatus.choices),
        ),
        "care_status": (
            _("Zorgtrajecten per stap"),
            _("Stap"),
            dict(trajectories.values_list("status").annotate(n=Count("id")).order_by()),
            _labels(TrajectoryStatus.choices),
        ),
    }
