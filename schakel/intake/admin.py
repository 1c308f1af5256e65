from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.intake.models import CatalogueStatus, Indicator, IndicatorCatalogue
from schakel.intake.services import catalogue_new_draft, catalogue_publish


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "category", "forms", "weights", "label_nl", "label_en", "help_nl"]

    def _frozen(self, obj: Any) -> bool:
        # A published or retired version is what signals were assessed with: never edited.
        return obj is not None and obj.status != CatalogueStatus.DRAFT

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(IndicatorCatalogue)
class IndicatorCatalogueAdmin(AuditedModelAdmin):
    list_display = ["version", "status", "published_at"]
    readonly_fields = ["status", "published_at"]
    inlines = [IndicatorInline]
    actions = ["new_draft", "publish"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Nieuwe conceptversie maken (kopie)"))
    def new_draft(self, request: HttpRequest, queryset: Any) -> None:
        user = request.user
        assert isinstance(user, User)
        for source in queryset:
            version = f"{source.version}-{timezone.localdate():%Y%m%d}"
            try:
                draft = catalogue_new_draft(actor=user, source=source, version=version)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Conceptversie %(v)s gemaakt.") % {"v": draft.version})

    @admin.action(description=_("Publiceren (in gebruik nemen)"))
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        user = request.user
        assert isinstance(user, User)
        if queryset.count() != 1:
            messages.error(request, _("Kies precies één versie om te publiceren."))
            return
        try:
            catalogue = catalogue_publish(actor=user, catalogue=queryset.get())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Versie %(v)s is nu in gebruik.") % {"v": catalogue.version})
