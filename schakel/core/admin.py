from django.contrib import admin

from schakel.audit.admin_mixins import AuditedModelAdmin
from schakel.core.models import District, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "municipality"]
    list_filter = ["municipality"]
