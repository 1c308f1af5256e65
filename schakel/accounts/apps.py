from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "schakel.accounts"
    label = "accounts"
    verbose_name = _("Organisaties en accounts")

    def ready(self) -> None:
        from schakel.accounts import receivers  # noqa: F401
        from schakel.accounts.roles import sync_role_groups

        # After every migrate (and every test-database flush) the role groups match the
        # role table in roles.py exactly.
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="schakel.accounts.sync_role_groups")
