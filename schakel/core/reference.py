"""Loading reference data (partners, districts, indicator catalogue, plan targets).

Every loader is idempotent: it updates what exists by its natural key and adds what is new,
so running ``load_reference_data`` twice changes nothing the second time. Administrator edits
to fields the seed does not set are kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from schakel.accounts.models import Covenant, Organisation
from schakel.core.models import District, Municipality
from schakel.intake.models import CatalogueStatus, Indicator, IndicatorCatalogue
from schakel.monitoring.models import PlanTarget

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference_data"
ALL_FORMS = ["sexual", "labour", "criminal", "organ", "serious_disadvantage"]
# Indicators that weigh double in the indicative score: core ILO coercion indicators.
STRONG_INDICATORS = {"ILO-05", "ILO-06", "ILO-07", "ILO-09", "DI-05", "MD-01", "MD-02"}


def _yaml(name: str) -> Any:
    return yaml.safe_load((REFERENCE_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_partners() -> Municipality:
    data = _yaml("arnhem-partners.yaml")
    municipality, _ = Municipality.objects.update_or_create(
        code=data["municipality"]["code"], defaults={"name": data["municipality"]["name"]}
    )
    covenants = {}
    for item in data["covenants"]:
        covenant, _ = Covenant.objects.update_or_create(
            name=item["name"], defaults={"legal_basis": item["legal_basis"]}
        )
        covenants[covenant.name] = covenant
    for item in data["organisations"]:
        organisation, _created = Organisation.objects.get_or_create(
            name=item["name"],
            defaults={
                "short_name": item.get("short", ""),
                "type": item["type"],
                "contact_mailbox": item.get("mailbox", ""),
                "role_description": item.get("role", ""),
            },
        )
        organisation.municipalities.add(municipality)
        wanted = item.get("covenants", [])
        if wanted == "all":
            organisation.covenants.add(*covenants.values())
        else:
            organisation.covenants.add(*[covenants[name] for name in wanted])
    return municipality


@transaction.atomic
def load_districts(municipality: Municipality) -> int:
    geojson = json.loads((REFERENCE_DIR / "arnhem-wijken.geojson").read_text(encoding="utf-8"))
    count = 0
    for feature in geojson["features"]:
        props = feature["properties"]
        District.objects.update_or_create(
            code=props["statcode"],
            defaults={"municipality": municipality, "name": props["statnaam"], "geometry": feature["geometry"]},
        )
        count += 1
    return count


@transaction.atomic
def load_indicator_catalogue(version: str = "0.1", filename: str = "indicators-v0.1.yaml") -> IndicatorCatalogue:
    catalogue, created = IndicatorCatalogue.objects.get_or_create(
        version=version,
        defaults={"source": "Concept-indicatorenlijst (ILO, NLA, CKM, CCV, Veilig Thuis, plan)."},
    )
    if created and not IndicatorCatalogue.objects.filter(status=CatalogueStatus.PUBLISHED).exists():
        catalogue.status = CatalogueStatus.PUBLISHED
        catalogue.published_at = timezone.now()
        catalogue.save(update_fields=["status", "published_at"])
    if not created:
        # A catalogue version is immutable once loaded: signals refer to its indicators.
        return catalogue
    for item in _yaml(filename):
        forms = ALL_FORMS if item["forms"] == ["all"] else list(item["forms"])
        weight = 2 if item["id"] in STRONG_INDICATORS else 1
        Indicator.objects.create(
            catalogue=catalogue,
            code=item["id"],
            category=item["cat"],
            forms=forms,
            weights={form: weight for form in forms},
            label_nl=item["nl"],
            label_en=item["en"],
        )
    return catalogue


@transaction.atomic
def load_plan_targets() -> int:
    rows = _yaml("plan-targets-2026.yaml")
    for row in rows:
        PlanTarget.objects.update_or_create(
            code=row["code"],
            defaults={
                "pillar": row["pillar"],
                "ambition": row.get("ambition"),
                "title_nl": row["title_nl"],
                "title_en": row["title_en"],
                "measure": row["measure"],
                "kind": row["kind"],
            },
        )
    return len(rows)


@transaction.atomic
def load_routing() -> dict[str, int]:
    """Legal bases, the reporting route and the deadline rules (only what is missing is added,
    so administrator edits survive a reload)."""
    from schakel.routing.models import LegalBasis, RoutingRule
    from schakel.signals.models import DeadlineRule

    data = _yaml("routing.yaml")
    bases = {}
    for item in data["legal_bases"]:
        basis, _created = LegalBasis.objects.get_or_create(
            code=item["code"],
            defaults={"title": item["title"], "gdpr_article": item["gdpr"], "statute": item["statute"]},
        )
        bases[basis.code] = basis
    if not RoutingRule.objects.exists():
        for item in data["rules"]:
            rule = RoutingRule.objects.create(
                order=item["order"],
                name=item["name"],
                minor_involved=item.get("minor_involved"),
                form=item.get("form", ""),
                person_role=item.get("person_role", ""),
                urgency=item.get("urgency", ""),
                purpose=item["purpose"],
                legal_basis=bases[item["basis"]],
            )
            rule.partners.set(Organisation.objects.filter(short_name__in=item["partners"]))
    for status, by_urgency in data["deadlines"].items():
        for urgency, days in by_urgency.items():
            DeadlineRule.objects.get_or_create(
                status=status, form="", urgency="" if urgency == "normal" else urgency, defaults={"working_days": days}
            )
    return {"legal_bases": LegalBasis.objects.count(), "routing_rules": RoutingRule.objects.count()}


def load_all() -> dict[str, int]:
    municipality = load_partners()
    routing = load_routing()
    return {
        **routing,
        "organisations": Organisation.objects.count(),
        "districts": load_districts(municipality),
        "indicators": load_indicator_catalogue().indicators.count(),
        "plan_targets": load_plan_targets(),
    }
