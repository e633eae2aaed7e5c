import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.courses import services
from sporbar.formats import date as dkdate


class Command(BaseCommand):
    help = (
        "Slet personoplysninger for borgere, hvis forløb alle sluttede for mere end N år siden "
        "(mindst 1 år). Med --dry-run vises kun, hvad der ville blive slettet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=None, help="år efter forløbets slutning (standard: RETENTION_YEARS)"
        )
        parser.add_argument("--dry-run", action="store_true", help="vis hvad der ville blive slettet, og slet intet")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="spørg ikke om bekræftelse"
        )

    def handle(self, *args, years, dry_run, interactive, **options):
        years = settings.RETENTION_YEARS if years is None else years
        try:
            preview = services.erasure_preview(years)
        except services.RetentionTooShort as exc:
            raise CommandError(f"{exc} Intet er slettet.") from None
        if not preview:
            self.stdout.write(f"Ingen borgere med forløb afsluttet for mere end {years} år siden.")
            return
        self._describe(preview, years)
        if dry_run:
            self.stdout.write("Prøvekørsel (--dry-run): intet er slettet.")
            return
        if interactive and sys.stdin.isatty():
            answer = input(f"Skriv 'slet' for at slette personoplysningerne for {len(preview)} borger(e): ")
            if answer.strip().lower() != "slet":
                raise CommandError("Afbrudt: intet er slettet.")
        with acting_as(None, "erase-expired"):
            ids = services.erase_expired(years)
        self.stdout.write(
            f"Personoplysninger slettet for {len(ids)} borger(e), hvis forløb sluttede for mere end {years} år siden "
            f"(borger-id: {', '.join(map(str, ids))}). Datoer, enheder, niveauer og vurderinger er bevaret anonymt."
        )

    def _describe(self, preview, years):
        self.stdout.write(
            f"{len(preview)} borger(e) har kun forløb, der sluttede for mere end {years} år siden. "
            f"Der slettes: {services.ERASED_FIELDS}."
        )
        for row in preview:
            self.stdout.write(
                f"  borger-id {row['id']}: {row['course_count']} forløb, sidste slutdato {dkdate(row['last_end'])}"
            )
