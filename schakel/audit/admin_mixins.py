"""Audit for the administrator's back office (Django admin): writes and reads of records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                obj=obj,
                detail={"fields": sorted(form.changed_data)} if change else {},
                purpose="beheer",
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj, purpose="beheer")
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj, purpose="beheer")
            super().delete_queryset(request, queryset)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            audit_record(
                actor=request.user,
                action=AuditAction.READ,
                object_type=f"{self.model._meta.app_label}.{self.model._meta.model_name}",
                object_id=object_id,
                purpose="beheer",
            )
        return super().change_view(request, object_id, form_url, extra_context)
