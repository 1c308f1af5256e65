from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "schakel.prevention"
    label = "prevention"
    verbose_name = _("Preventie en bewustwording")
