"""sporbar keyfigures --plan ID --json [--as USERNAME] [--period-from DATE --period-to DATE]"""

import json

from django.core.management.base import BaseCommand, CommandError

from sporbar.commandline import plan_named, user_named
from sporbar.effects import services


class Command(BaseCommand):
    help = "Udskriv alle nøgletal i planen, som brugeren må se (skjulte tal med suppressed_reason small/secondary)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="JSON (standard)")
        parser.add_argument("--as", dest="username", help="Vis som denne bruger (uden: anonym læser af tal)")
        parser.add_argument("--from", dest="date_from", help="Periode fra (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="Periode til (ÅÅÅÅ-MM-DD)")

    def handle(self, *args, **options):
        plan = plan_named(options["plan"])
        user = user_named(options["username"])
        date_range = None
        if options["date_from"] or options["date_to"]:
            try:
                date_range = services.parse_range(options["date_from"], options["date_to"])
            except (TypeError, ValueError) as exc:
                raise CommandError("Angiv både --from og --to som ÅÅÅÅ-MM-DD.") from exc
            if not services.custom_ranges_allowed(user):
                raise CommandError(
                    "Valgfri datoperioder vises kun for medarbejdere og ledere i de enheder, der arbejder med "
                    "borgerne, og kun for deres egne enheder (brug --as med sådan en bruger)."
                )
        figures = services.keyfigures(plan, user, date_range) if user is None or user.is_active else []
        self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=1))
