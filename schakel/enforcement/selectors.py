"""Reads of premises, inspections and measures: the only way views get them (rule 1).

Who sees what:
- a manager (``accounts.manage_inspections`` — the inspector — or ``accounts.manage_cases`` —
  the chain director) with a municipality: everything of that municipality;
- a partner's user: the inspections their organisation took part in, and those inspections'
  premises, read only; no measures;
- everyone else (the analyst too): nothing — a 404. The analyst sees the year's counts only
  (``inspection_year_summary``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from schakel.accounts.models import OrganisationType, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.models import Municipality
from schakel.enforcement.models import (
    Inspection,
    InspectionStatus,
    InspectionType,
    Measure,
    Premises,
)
from schakel.enforcement.terms import PLAN_BUILDING_ACTIONS, PLAN_INTEGRAL_CONTROLS
from schakel.signals.models import EntityKind, Signal
from schakel.signals.selectors import visible_signals

MANAGE_PERMS = ("accounts.manage_inspections", "accounts.manage_cases")


def managed_municipality(actor: Any) -> Municipality | None:
    """The municipality whose register the actor manages, or None."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        return None
    if not any(actor.has_perm(perm) for perm in MANAGE_PERMS):
        return None
    return actor.municipality


def can_manage(actor: Any, municipality: Municipality | None) -> bool:
    managed = managed_municipality(actor)
    return managed is not None and municipality is not None and managed.pk == municipality.pk


def _partner_organisation_id(actor: Any) -> int | None:
    if not isinstance(actor, User) or not actor.is_authenticated or actor.organisation is None:
        return None
    if actor.organisation.type == OrganisationType.MUNICIPALITY_DEPARTMENT:
        return None
    return actor.organisation_id


def visible_inspections(*, actor: Any) -> QuerySet[Inspection]:
    municipality = managed_municipality(actor)
    if municipality is not None:
        return Inspection.objects.filter(municipality=municipality)
    organisation_id = _partner_organisation_id(actor)
    if organisation_id is not None:
        return Inspection.objects.filter(partners=organisation_id).distinct()
    return Inspection.objects.none()


def visible_premises(*, actor: Any) -> QuerySet[Premises]:
    municipality = managed_municipality(actor)
    if municipality is not None:
        return Premises.objects.filter(municipality=municipality)
    organisation_id = _partner_organisation_id(actor)
    if organisation_id is not None:
        return Premises.objects.filter(inspections__partners=organisation_id).distinct()
    return Premises.objects.none()


def visible_measures(*, actor: Any) -> QuerySet[Measure]:
    municipality = managed_municipality(actor)
    if municipality is not None:
        return Measure.objects.filter(municipality=municipality)
    return Measure.objects.none()


def _get(queryset: QuerySet[Any], *, actor: Any, pk: int, purpose: str) -> Any:
    try:
        obj = queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    audit_record(actor=actor, action=AuditAction.READ, obj=obj, purpose=purpose)
    return obj


def premises_get(*, actor: Any, pk: int, purpose: str = "pand inzien") -> Premises:
    queryset = visible_premises(actor=actor).select_related("district", "municipality")
    premises: Premises = _get(queryset, actor=actor, pk=pk, purpose=purpose)
    return premises


def inspection_get(*, actor: Any, pk: int, purpose: str = "controle inzien") -> Inspection:
    queryset = visible_inspections(actor=actor).select_related("municipality", "catalogue")
    inspection: Inspection = _get(queryset, actor=actor, pk=pk, purpose=purpose)
    return inspection


def measure_get(*, actor: Any, pk: int, purpose: str = "maatregel inzien") -> Measure:
    queryset = visible_measures(actor=actor).select_related("premises", "inspection", "municipality")
    measure: Measure = _get(queryset, actor=actor, pk=pk, purpose=purpose)
    return measure


def premises_list(*, actor: Any, type_: str = "", query: str = "") -> QuerySet[Premises]:
    queryset = visible_premises(actor=actor).select_related("district")
    if type_:
        queryset = queryset.filter(type=type_)
    if query.strip():
        text = query.strip()
        queryset = queryset.filter(
            Q(name__icontains=text)
            | Q(street__icontains=text)
            | Q(operator_name__icontains=text)
            | Q(postcode__iexact=text.replace(" ", "").upper())
        )
    audit_record(actor=actor, action=AuditAction.LIST, object_type="enforcement.premises", purpose="panden")
    return queryset


def inspection_list(*, actor: Any, year: int) -> QuerySet[Inspection]:
    audit_record(actor=actor, action=AuditAction.LIST, object_type="enforcement.inspection", purpose="controles")
    return (
        visible_inspections(actor=actor)
        .filter(date__year=year)
        .prefetch_related("premises", "partners")
        .order_by("date", "pk")
    )


def measure_list(*, actor: Any, status: str = "") -> QuerySet[Measure]:
    queryset = visible_measures(actor=actor).select_related("premises")
    if status:
        queryset = queryset.filter(status=status)
    audit_record(actor=actor, action=AuditAction.LIST, object_type="enforcement.measure", purpose="maatregelen")
    return queryset


def premises_address_keys(premises: Premises) -> set[str]:
    keys = {premises.address_key} if premises.address_key else set()
    keys |= {key for key in premises.housing_addresses.values_list("address_key", flat=True) if key}
    return keys


def premises_signals(*, actor: Any, premises: Premises) -> QuerySet[Signal]:
    """The signals about this premises the actor may see: same address key as the location or
    an address mentioned in the signal (the agency's housing addresses too), or the operator
    as a mentioned organisation. Through ``visible_signals``, so need-to-know holds."""
    keys = premises_address_keys(premises)
    condition = Q(pk__in=[])
    if keys:
        condition |= Q(address_key__in=keys)
        condition |= Q(entities__kind=EntityKind.ADDRESS, entities__match_key__in=keys)
    if premises.operator_key:
        condition |= Q(entities__kind=EntityKind.ORGANISATION, entities__match_key=premises.operator_key)
    signals = visible_signals(actor=actor).filter(condition).distinct().order_by("-received_at")
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        object_type="signals.signal",
        purpose="signalen bij pand",
        detail={"premises": premises.pk},
    )
    return signals


@dataclass
class YearSummary:
    year: int
    integral_controls: int
    integral_planned: int
    building_actions: int
    building_planned: int
    horeca_controls: int
    horeca_with_checklist: int
    prostitution_controls: int
    integral_target: int = PLAN_INTEGRAL_CONTROLS
    building_target: int = PLAN_BUILDING_ACTIONS

    @property
    def integral_met(self) -> bool:
        return self.integral_controls >= self.integral_target

    @property
    def building_met(self) -> bool:
        return self.building_actions >= self.building_target

    @property
    def horeca_all_with_checklist(self) -> bool:
        return self.horeca_controls > 0 and self.horeca_with_checklist == self.horeca_controls


def inspection_year_summary(year: int, *, municipality: Municipality | None = None) -> YearSummary:
    """This year's plan against actuals, counted from the inspection records.

    Counts only (no personal data), so the monitoring plan tracker and the analyst may use
    it. Done inspections count as actuals; planned ones are shown beside them.
    """
    queryset = Inspection.objects.filter(date__year=year)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    done = queryset.filter(status=InspectionStatus.DONE)
    planned = queryset.filter(status=InspectionStatus.PLANNED)
    horeca = done.filter(type=InspectionType.HORECA)
    return YearSummary(
        year=year,
        integral_controls=done.filter(type=InspectionType.INTEGRAL).count(),
        integral_planned=planned.filter(type=InspectionType.INTEGRAL).count(),
        building_actions=done.filter(type=InspectionType.BUILDING_ACTION).count(),
        building_planned=planned.filter(type=InspectionType.BUILDING_ACTION).count(),
        horeca_controls=horeca.count(),
        horeca_with_checklist=horeca.filter(checklist_filled=True).count(),
        prostitution_controls=done.filter(type=InspectionType.PROSTITUTION).count(),
    )
