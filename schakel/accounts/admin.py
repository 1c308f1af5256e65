from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Covenant, LiaisonOfficer, LiaisonTraining, Organisation, User
from schakel.audit.admin_mixins import AuditedModelAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "type", "contact_mailbox", "is_active"]
    list_filter = ["type", "is_active", "municipalities"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["municipalities", "covenants"]


@admin.register(Covenant)
class CovenantAdmin(AuditedModelAdmin):
    list_display = ["name", "legal_basis", "valid_from", "valid_until"]
    search_fields = ["name"]


class LiaisonTrainingInline(admin.TabularInline):
    model = LiaisonTraining
    extra = 1


@admin.register(LiaisonOfficer)
class LiaisonOfficerAdmin(AuditedModelAdmin):
    list_display = ["full_name", "organisation", "department", "kind", "is_active"]
    list_filter = ["kind", "is_active", "organisation"]
    search_fields = ["full_name", "department"]
    inlines = [LiaisonTrainingInline]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "organisation", "is_active"]
    list_filter = ["is_active", "groups", "organisation"]
    search_fields = ["full_name", "email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("full_name", "organisation")}),
        (_("Rollen en toegang"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "organisation", "groups", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
