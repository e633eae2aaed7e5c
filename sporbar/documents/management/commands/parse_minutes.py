"""sporbar parse-minutes FILE --json: show what an import would create, without writing anything."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.documents.importing import ImportFailed, preview_minutes


class Command(BaseCommand):
    help = "Vis hvad et referat (tekst eller PDF) ville blive til ved import – uden at gemme noget."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Udskriv som JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
            parsed = preview_minutes(path.name, data)
        except OSError as exc:
            raise CommandError(f"{path}: filen kan ikke læses ({exc.strerror}).") from exc
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(parsed, ensure_ascii=False, indent=2))
            return
        for meeting in parsed["meetings"]:
            self.stdout.write(f"{meeting['date'] or 'uden dato'} {meeting['body']}")
            for item in meeting["items"]:
                decision = item["decision"].split("\n")[0][:70]
                self.stdout.write(f"  Punkt {item['number']}: {item['title']} [{item['category']}] {decision}")
                for follow_up in item.get("follow_ups", []):
                    due = f", frist {follow_up['due']}" if follow_up["due"] else ""
                    self.stdout.write(f"    Opfølgning: {follow_up['owner'] or '–'}{due}: {follow_up['text'][:70]}")
        self.stdout.write(
            f"Ikke genkendt: {len(parsed['unrecognised'])}; personoplysninger: {len(parsed['personal_data'])}"
        )
