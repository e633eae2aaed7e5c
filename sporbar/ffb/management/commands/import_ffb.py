"""sporbar import-ffb FILE|DIR [--json]: read FFB delivery reports (FHIR Bundles) from case systems.

Exit status 0 when every bundle was imported, 1 when any was rejected.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.ffb import importing


class Command(BaseCommand):
    help = "Indlæs FFB-indberetninger (FHIR Bundles, KL's FFB uddatasæt) fra en fil eller en mappe."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE|DIR")
        parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")

    def handle(self, *args, paths, **options):
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError(f"Findes ikke: {', '.join(missing)}")
        with acting_as(None, "import-ffb"):
            outcome = importing.import_paths([Path(p) for p in paths], channel="kommando")
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(
                f"Indberetninger: {outcome.bundles}, indlæst: {outcome.imported}, afvist: {outcome.rejected}"
            )
            for problem in outcome.problems:
                where = f" {problem.resource}" if problem.resource else ""
                self.stderr.write(f"{problem.bundle}{where}: {problem.message}")
        if outcome.rejected:
            sys.exit(1)
