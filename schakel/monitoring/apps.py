from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "schakel.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring en plandoelen")

    def ready(self) -> None:
        from schakel.monitoring import facts
        from schakel.routing.models import Share
        from schakel.signals.models import Signal

        # Stored monthly dashboard counts are marked for recounting on every change (ADR 0018).
        for model, receiver in ((Signal, facts.on_signal_changed), (Share, facts.on_share_changed)):
            post_save.connect(receiver, sender=model, dispatch_uid=f"monitoring-facts-save-{model.__name__}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"monitoring-facts-delete-{model.__name__}")
