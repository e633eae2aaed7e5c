"""sporbar import-hearing-response FILE --hearing ID: a hearing response (text or PDF) into a hearing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.documents.importing import ImportFailed, import_hearing_response


class Command(BaseCommand):
    help = "Importér et høringssvar (tekst eller PDF) i en høring: afsender, dato, underskrivere og afsnit pr. tema."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--hearing", type=int, required=True, help="Høringens id")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            result = import_hearing_response(path.name, path.read_bytes(), options["hearing"])
        except OSError as exc:
            raise CommandError(f"{path}: filen kan ikke læses ({exc.strerror}).") from exc
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(f"{path.name}: allerede importeret (dokument {result.document.pk}) – intet ændret.")
            return
        report = result.report
        self.stdout.write(f"{path.name}: høringssvar fra {report['sender']} ({report['date']}) importeret.")
        for signatory in report["signatories"]:
            self.stdout.write(f"  Underskriver: {signatory['name']} ({signatory['role']})")
        for passage in report["passages"]:
            theme = f"Tema {passage['theme']}" if passage["theme"] else "Generelt"
            self.stdout.write(f"  {theme} [{passage['stance']}]: {passage['passage'][:70]}")
        self.stdout.write(f"  Mulige personoplysninger: {len(report['personal_data'])}")
