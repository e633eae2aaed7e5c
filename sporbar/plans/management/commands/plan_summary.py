"""`sporbar plan-summary [--json] [--plan CODE]`: the plan's themes, tracks and initiatives with totals."""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from sporbar import formats
from sporbar.plans.models import Plan
from sporbar.plans.services import plan_overview


def _number(value: Decimal):
    return int(value) if value == value.to_integral() else float(value)


def _json_ready(data):
    if isinstance(data, dict):
        return {k: _json_ready(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_json_ready(v) for v in data]
    if isinstance(data, Decimal):
        return _number(data)
    return data


class Command(BaseCommand):
    help = "Vis planens temaer, spor og initiativer med beløb (--json til maskiner)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="skriv JSON med beløb i kroner som tal")
        parser.add_argument("--plan", help="planens kode (standard: den første plan)")

    def handle(self, *args, json: bool, plan, **options):
        plans = Plan.objects.order_by("id")
        selected = plans.filter(code=plan).first() if plan else plans.first()
        if selected is None:
            raise CommandError(f"Planen »{plan}« findes ikke." if plan else "Der er ingen planer.")
        overview = plan_overview(selected)
        if json:
            self.stdout.write(_dumps(_json_ready(overview)))
            return
        self._table(overview)

    def _table(self, overview):
        width = 70
        self.stdout.write(overview["plan"]["name"])
        for theme in overview["themes"]:
            self.stdout.write("")
            heading = f"Tema {theme['number']}: {theme['name']}"
            self.stdout.write(f"{heading:<{width}} {_mio(theme['total'])}")
            for track in theme["tracks"]:
                self.stdout.write(f"  Spor {track['number']}: {track['name']}")
                for initiative in track["initiatives"]:
                    title = initiative["title"]
                    if len(title) > width - 4:
                        title = title[: width - 5] + "…"
                    self.stdout.write(f"    {title:<{width - 4}} {_mio(initiative['amount'])}")
        self.stdout.write("")
        self.stdout.write(f"{'I alt':<{width}} {_mio(overview['plan']['total'])}")


def _mio(value) -> str:
    return f"{formats.mio_kr(value):>16}"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
