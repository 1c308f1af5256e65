from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schakel.accounts.models import Organisation
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.signals.api import api_client_create


class Command(BaseCommand):
    help = "Create an API client for a partner organisation and print its token once (only a hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="Name or short name of the organisation.")
        parser.add_argument("--name", required=True, help="What the client is, e.g. 'BVH-koppeling politie'.")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["organisation"]
        organisation = (
            Organisation.objects.filter(name=wanted).first() or Organisation.objects.filter(short_name=wanted).first()
        )
        if organisation is None:
            raise CommandError(f"No organisation named {wanted!r}.")
        client, token = api_client_create(organisation=organisation, name=options["name"])
        audit_record(actor=None, action=AuditAction.CREATE, obj=client, purpose="API-koppeling aangemaakt (beheer)")
        self.stdout.write(f"API client {client.pk} for {organisation.name}.")
        self.stdout.write("Token (shown once, store it in the partner system):")
        self.stdout.write(token)
