"""`sporbar import-catalogue FILE`: import consequences and prices from CSV/XLSX (all or nothing)."""

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.investment.importing import CatalogueImportError, import_catalogue_file


class Command(BaseCommand):
    help = "Import the consequence and price catalogue from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with acting_as(None, "import-catalogue"):
                counts = import_catalogue_file(file)
        except FileNotFoundError as exc:
            raise CommandError(f"Filen findes ikke: {file}") from exc
        except CatalogueImportError as exc:
            raise CommandError("Intet er importeret:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Importeret: {consequences} nye konsekvenser, {prices_created} nye priser, "
                "{prices_updated} ændrede, {unchanged} uændrede.".format(**counts)
            )
        )
