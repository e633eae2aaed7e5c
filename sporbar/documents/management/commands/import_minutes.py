"""sporbar import-minutes FILE…: minutes (text or PDF) into meetings, items, decisions, proposals, attachments."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.documents.importing import ImportFailed, import_minutes


def print_report(stdout, name: str, result) -> None:
    report = result.report
    if not result.created:
        stdout.write(f"{name}: allerede importeret (dokument {result.document.pk}) – intet ændret.")
        return
    stdout.write(f"{name}: importeret som dokument {result.document.pk} (format {report.get('format', '')}).")
    for meeting in report.get("meetings", []):
        state = "oprettet" if meeting["created"] else "fandtes allerede"
        stdout.write(
            f"  Møde {meeting['date'] or 'uden dato'} {meeting['body']}: {meeting['items']} punkter, "
            f"{meeting['decisions']} beslutninger, {meeting['proposals']} indstillinger, "
            f"{meeting.get('follow_ups', 0)} opfølgninger ({state})"
        )
    stdout.write(f"  Ikke genkendt: {len(report.get('unrecognised', []))} linjer")
    for entry in report.get("unrecognised", [])[:10]:
        stdout.write(f"    linje {entry['line']}: {entry['text'][:80]}")
    personal = report.get("personal_data", [])
    stdout.write(f"  Mulige personoplysninger: {len(personal)} – skal maskeres før offentliggørelse")
    for entry in personal[:10]:
        stdout.write(f"    linje {entry['line']} ({entry['kind']}): {entry['text'][:60]}")


class Command(BaseCommand):
    help = "Importér referater (tekst eller PDF). Samme fil to gange giver ingen dubletter."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, **options):
        failed = []
        for name in options["files"]:
            path = Path(name)
            try:
                result = import_minutes(path.name, path.read_bytes())
            except OSError as exc:
                failed.append(f"{path}: filen kan ikke læses ({exc.strerror}).")
                continue
            except ImportFailed as exc:
                failed.append(str(exc))
                continue
            print_report(self.stdout, path.name, result)
        if failed:
            raise CommandError("\n".join(failed))
