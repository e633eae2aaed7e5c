"""sporbar promising-practice --initiative ID --json [--as USERNAME] | --plan ID [--format csv|xlsx|json]

Without --as the command shows what an analyst outside the units sees: effect figures and counts of
citizens under the small-number rule, the investment case and the governance records in full.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from sporbar.commandline import plan_named, user_named
from sporbar.plans.models import Initiative
from sporbar.practice import exports, services


def _default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


class Command(BaseCommand):
    help = "Udskriv et initiativs profil for lovende praksis (de 11 elementer), eller planens matrix."

    def add_arguments(self, parser):
        parser.add_argument("--initiative", type=int, help="initiativets id")
        parser.add_argument("--plan", type=int, help="planens id: matrixen initiativer × elementer")
        parser.add_argument("--json", action="store_true", help="JSON")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], help="matrixens format (med --plan)")
        parser.add_argument("--as", dest="username", help="vis som denne bruger")

    def handle(self, *args, initiative, plan, json: bool, format, username, **options):
        user = user_named(username)
        if initiative:
            found = Initiative.objects.select_related("track__theme__plan", "owner_unit").filter(pk=initiative).first()
            if found is None:
                raise CommandError(f"Initiativet {initiative} findes ikke.")
            data = services.profile_json(services.initiative_profile(found, user))
            if json:
                self.stdout.write(_dumps(data))
            else:
                self._print_profile(data)
            return
        if plan:
            found = plan_named(plan)
            matrix = services.matrix(found, user)
            fmt = "json" if json else (format or "csv")
            if fmt == "json":
                self.stdout.write(_dumps(services.matrix_json(matrix)))
            elif fmt == "csv":
                self.stdout.write(exports.to_csv(matrix).decode("utf-8-sig"))
            else:
                sys.stdout.buffer.write(exports.to_xlsx(matrix))
            return
        raise CommandError("Angiv --initiative ID eller --plan ID.")

    def _print_profile(self, data):
        self.stdout.write(f"Lovende praksis: {data['initiative']['title']} (initiativ {data['initiative']['id']})")
        for e in data["elements"]:
            state = "bekræftet" if e["confirmed"] else "forslag"
            self.stdout.write(f"{e['number']:>2}. {e['name']:<28} {e['level']:<16} ({state}, {e['source']})")
            for item in e["evidence"]:
                self.stdout.write(f"      {item['label']}: {item['value']}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)
