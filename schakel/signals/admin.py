from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.signals.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(AuditedModelAdmin):
    """Revoke (deactivate) partner-system clients; create them with `manage.py create_api_client`."""

    list_display = ["name", "organisation", "token_prefix", "is_active", "created_at"]
    list_filter = ["is_active", "organisation"]
    fields = ["name", "organisation", "token_prefix", "is_active", "created_at"]
    readonly_fields = ["organisation", "token_prefix", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
