from django.contrib import admin

from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.monitoring.models import PlanTarget


@admin.register(PlanTarget)
class PlanTargetAdmin(AuditedModelAdmin):
    list_display = ["code", "pillar", "ambition", "title_nl", "kind", "status"]
    list_filter = ["pillar", "ambition", "kind", "status"]
    search_fields = ["code", "title_nl"]
