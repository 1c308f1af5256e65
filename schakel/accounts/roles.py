"""The roles of PRODUCT.md as groups with explicit permissions: this table is the truth.

``sync_role_groups`` runs after every migrate and makes the groups match it exactly.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _


class Role:
    CHAIN_DIRECTOR = "chain_director"
    INTERNAL_LIAISON = "internal_liaison"
    PARTNER_USER = "partner_user"
    CARE_COORDINATOR = "care_coordinator"
    INSPECTOR = "inspector"
    ANALYST = "analyst"
    FUNCTIONAL_ADMIN = "functional_admin"
    AUDITOR = "auditor"


ROLE_LABELS = {
    Role.CHAIN_DIRECTOR: _("Ketenregisseur"),
    Role.INTERNAL_LIAISON: _("Interne aandachtsfunctionaris"),
    Role.PARTNER_USER: _("Ketenpartner"),
    Role.CARE_COORDINATOR: _("Zorgcoördinator"),
    Role.INSPECTOR: _("Toezichthouder / inspecteur"),
    Role.ANALYST: _("Analist / beleidsadviseur"),
    Role.FUNCTIONAL_ADMIN: _("Functioneel beheerder"),
    Role.AUDITOR: _("Auditor / privacyfunctionaris"),
}

_REFERENCE_MODELS = [
    "accounts.organisation",
    "accounts.covenant",
    "accounts.liaisonofficer",
    "accounts.liaisontraining",
    "core.municipality",
    "core.district",
    "intake.indicatorcatalogue",
    "intake.indicator",
    "monitoring.plantarget",
    "signals.apiclient",
    "signals.deadlinerule",
    "routing.legalbasis",
    "routing.routingrule",
    "entities.patternsettings",
    "privacy.retentionrule",
]


def _crud(model: str, actions: tuple[str, ...] = ("add", "change", "view")) -> list[str]:
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CHAIN_DIRECTOR: [
        "accounts.view_all_signals",
        "accounts.report_signal",
        "accounts.view_victim_details",
        "accounts.manage_care",
        "accounts.manage_cases",
        "accounts.view_aggregates",
        "accounts.view_liaison_registry",
        *_crud("prevention.activity"),
    ],
    Role.INTERNAL_LIAISON: ["accounts.report_signal"],
    Role.PARTNER_USER: ["accounts.report_signal", "accounts.receive_shares"],
    Role.CARE_COORDINATOR: [
        "accounts.view_victim_details",
        "accounts.manage_care",
        "accounts.receive_shares",
        "accounts.report_signal",
    ],
    Role.INSPECTOR: ["accounts.manage_inspections", "accounts.report_signal"],
    Role.ANALYST: ["accounts.view_aggregates"],
    Role.FUNCTIONAL_ADMIN: [
        "accounts.manage_reference_data",
        "accounts.manage_users",
        "accounts.view_liaison_registry",
        *_crud("accounts.user"),
        *[perm for model in _REFERENCE_MODELS for perm in _crud(model)],
        "routing.view_notification",
        "routing.change_notification",
    ],
    Role.AUDITOR: ["accounts.view_audit_trail", "privacy.manage_privacy"],
}


def sync_role_groups(sender: Any = None, *, using: str = "default", apps: Any = global_apps, **kwargs: Any) -> None:
    """Create the role groups and give each exactly the permissions in ROLE_PERMISSIONS."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate fires per app; permissions of apps migrated later may not exist yet.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        permissions = []
        for name in perm_names:
            app_label, codename = name.split(".")
            permissions.append(
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
