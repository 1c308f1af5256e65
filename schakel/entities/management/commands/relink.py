from typing import Any

from django.core.management.base import BaseCommand

from schakel.core.models import Municipality
from schakel.entities.services import link_municipality


class Command(BaseCommand):
    help = "Match all entities of every municipality again (keeps existing suggestions and judgements)."

    def handle(self, *args: Any, **options: Any) -> None:
        for municipality in Municipality.objects.all():
            created = link_municipality(municipality.pk)
            self.stdout.write(f"{municipality.name}: {created} new suggestion(s).")
