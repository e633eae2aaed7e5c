"""sporbar load-ffb [FILE]: load (a newer version of) KL's FFB code system from its CodeSystem JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.ffb import codes


class Command(BaseCommand):
    help = "Indlæs KL's FFB-kodesystem (CodeSystem-FFB.json); uden FILE den version, der følger med Sporbar."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(codes.CODE_SYSTEM_FILE))

    def handle(self, *args, file, **options):
        try:
            with acting_as(None, "load-ffb"):
                result = codes.load_code_system(Path(file))
                added = codes.load_default_dimensions()
        except codes.CodeSystemError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"FFB version {result['version']}: {result['created']} nye, {result['updated']} ændrede, "
            f"{result['retired']} udgået begreber; {added} tilstande fik en standarddimension."
        )
