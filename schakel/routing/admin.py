from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.routing.models import LegalBasis, Notification, NotificationStatus, RoutingRule
from schakel.signals.models import DeadlineRule, Signal


@admin.register(LegalBasis)
class LegalBasisAdmin(AuditedModelAdmin):
    list_display = ["title", "gdpr_article", "statute", "is_active"]
    list_filter = ["is_active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedModelAdmin):
    list_display = ["order", "name", "minor_involved", "form", "person_role", "urgency", "stop", "is_active"]
    list_editable = ["is_active"]
    filter_horizontal = ["partners"]
    change_list_template = "admin/routing/routingrule/change_list.html"

    def get_urls(self) -> list[Any]:
        return [
            path("test/", self.admin_site.admin_view(self.test_view), name="routing_routingrule_test"),
            *super().get_urls(),
        ]

    def test_view(self, request: HttpRequest) -> HttpResponse:
        """Try the route on a sample signal: which rules match, and which partners it suggests."""
        from schakel.routing.services import suggest_partners

        results: list[tuple[RoutingRule, bool]] = []
        suggestions: list[Any] = []
        signal = None
        reference = request.GET.get("signal", "").strip()
        if reference:
            number = reference.rsplit("-", 1)[-1]
            signal = Signal.objects.filter(pk=int(number)).first() if number.isdigit() else None
            if signal is None:
                messages.error(request, _("Geen signaal met dat kenmerk."))
            else:
                from schakel.audit.models import AuditAction
                from schakel.audit.services import audit_record

                audit_record(actor=request.user, action=AuditAction.READ, obj=signal, purpose="meldroute testen")
                roles = set(signal.entities.filter(kind="person").values_list("role", flat=True))
                results = [(rule, rule.matches(signal, roles)) for rule in RoutingRule.objects.filter(is_active=True)]
                suggestions = suggest_partners(signal)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Meldroute testen met een voorbeeldsignaal"),
            "signal": signal,
            "reference": reference,
            "results": results,
            "suggestions": suggestions,
            "opts": self.model._meta,
        }
        return render(request, "admin/routing/routingrule/test.html", context)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedModelAdmin):
    list_display = ["status", "form", "urgency", "working_days"]
    list_filter = ["status"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Every notification with its delivery status: failures are visible, and can be retried."""

    list_display = ["created_at", "kind", "recipient", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "recipient",
        "subject",
        "body",
        "kind",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Opnieuw versturen"))
    def retry(self, request: HttpRequest, queryset: Any) -> None:
        from schakel.routing.tasks import deliver_notification

        ids = list(queryset.exclude(status=NotificationStatus.SENT).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(status=NotificationStatus.PENDING, attempts=0)
        for notification_id in ids:
            deliver_notification(notification_id)
        messages.success(request, _("%(n)s notificatie(s) opnieuw aangeboden.") % {"n": len(ids)})
