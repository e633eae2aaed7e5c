"""sporbar import-plan-document FILE: an investment overview into a plan draft for an analyst to review."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.documents.importing import ImportFailed, import_plan_document
from sporbar.formats import mio_kr


class Command(BaseCommand):
    help = "Læs en oversigt over investeringsinitiativer (tekst eller PDF) ind som en plankladde, der skal godkendes."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            result = import_plan_document(path.name, path.read_bytes())
        except OSError as exc:
            raise CommandError(f"{path}: filen kan ikke læses ({exc.strerror}).") from exc
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        draft = result.report["draft"]
        state = "kladde oprettet" if result.created else "allerede importeret – intet ændret"
        self.stdout.write(f"{path.name}: {state} (dokument {result.document.pk}).")
        for theme in draft["themes"]:
            self.stdout.write(f"  Tema {theme['number']}: {theme['name']}")
            for track in theme["tracks"]:
                for initiative in track["initiatives"]:
                    amount = mio_kr(_kr(initiative["amount_mio"]))
                    self.stdout.write(f"    {track['number']} {initiative['title'][:60]}: {amount}")
        self.stdout.write(f"  I alt: {mio_kr(_kr(draft['total_mio']))}")
        self.stdout.write(f"  Gennemse og anvend kladden på /dokumenter/{result.document.pk}/")


def _kr(mio: str):
    from decimal import Decimal

    return Decimal(mio) * 1_000_000
