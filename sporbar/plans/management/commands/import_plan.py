"""`sporbar import-plan FILE`: import a plan from CSV, XLSX or YAML (docs/plan-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.plans.importing import import_plan_file


class Command(BaseCommand):
    help = "Importér en plan fra CSV, XLSX eller YAML. En fil med fejl bliver afvist helt."

    def add_arguments(self, parser):
        parser.add_argument("file", help="planfilen (.csv, .xlsx eller .yaml)")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: filen findes ikke.")
        with acting_as(None, "sporbar import-plan"):
            result = import_plan_file(path)
        if result.errors:
            for e in result.errors:
                where = f"{e.line}" if e.kind == "linje" else e.place
                prefix = f"{file}:{where}:" if e.line is not None else f"{file}:"
                field = f" {e.field}:" if e.field else ""
                self.stderr.write(f"{prefix}{field} {e.message}")
            raise CommandError(f"{file}: {len(result.errors)} fejl. Intet er gemt.")
        self.stdout.write(f"{file}: {result.created} oprettet, {result.updated} ændret, {result.unchanged} uændret.")
