from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.courses import imports


class Command(BaseCommand):
    help = "Importér forløb, mål og vurderinger fra CSV eller XLSX (se docs/courses-import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path.name}: filen findes ikke.")
        try:
            with acting_as(None, "import-courses"):
                result = imports.import_file(path.read_bytes(), path.name)
        except imports.ImportFailed as exc:
            raise CommandError("Intet er importeret:\n" + "\n".join(exc.errors)) from None
        self.stdout.write(
            f"{path.name}: {result.citizens} nye borgere, {result.courses} nye forløb, {result.goals} nye mål, "
            f"{result.assessments} nye eller ændrede vurderinger."
        )
        for note in result.notes:
            self.stdout.write(note)
