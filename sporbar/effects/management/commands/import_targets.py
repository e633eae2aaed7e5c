"""sporbar import-targets FILE (CSV or XLSX)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.effects import importer


class Command(BaseCommand):
    help = "Importér effektmål fra CSV eller XLSX (kolonner: " + ", ".join(importer.COLUMNS) + ")."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: filen findes ikke.")
        try:
            with acting_as(None, "import-targets"):
                result = importer.import_targets(path.read_bytes(), path.name)
        except importer.ImportError_ as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(f"{result['created']} nye og {result['updated']} ændrede mål.")
