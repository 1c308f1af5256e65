from django.contrib import admin

from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.entities.models import PatternSettings


@admin.register(PatternSettings)
class PatternSettingsAdmin(AuditedModelAdmin):
    list_display = ["__str__", "hotspot_min_signals", "hotspot_min_sources", "period_months"]
