from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "schakel.enforcement"
    label = "enforcement"
    verbose_name = _("Handhaving: panden, controles en maatregelen")
