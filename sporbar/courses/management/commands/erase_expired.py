from django.conf import settings
from django.core.management.base import BaseCommand

from sporbar.accounts.audit import acting_as
from sporbar.courses import services


class Command(BaseCommand):
    help = "Slet personoplysninger for borgere, hvis forløb alle sluttede for mere end N år siden."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=None, help="år efter forløbets slutning (standard: RETENTION_YEARS)"
        )

    def handle(self, *args, years, **options):
        years = settings.RETENTION_YEARS if years is None else years
        with acting_as(None, "erase-expired"):
            ids = services.erase_expired(years)
        if not ids:
            self.stdout.write(f"Ingen borgere med forløb afsluttet for mere end {years} år siden.")
            return
        self.stdout.write(
            f"Personoplysninger slettet for {len(ids)} borger(e), hvis forløb sluttede for mere end {years} år siden "
            f"(borger-id: {', '.join(map(str, ids))}). Datoer, enheder, niveauer og vurderinger er bevaret anonymt."
        )
