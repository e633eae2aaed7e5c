"""`sporbar investment --initiative ID [--case ID] [--json]`: the numbers of an investment case."""

import json

from django.core.management.base import BaseCommand, CommandError

from sporbar import formats
from sporbar.investment import calculation, services
from sporbar.investment.models import InvestmentCase


class Command(BaseCommand):
    help = (
        "Print an initiative's investment case: inputs, year by year, break-even, present value, observed, sensitivity."
    )

    def add_arguments(self, parser):
        parser.add_argument("--initiative", type=int, help="the initiative's id (its first case)")
        parser.add_argument("--case", type=int, help="a case's id")
        parser.add_argument("--json", action="store_true", help="print JSON (numbers as JSON numbers)")

    def handle(self, *args, initiative, case, json: bool, **options):
        cases = InvestmentCase.objects.order_by("id")
        if case:
            found = cases.filter(pk=case).first()
        elif initiative:
            found = cases.filter(initiative_id=initiative).first()
        else:
            raise CommandError("Angiv --initiative ID eller --case ID.")
        if found is None:
            raise CommandError("Ingen investeringscase fundet.")
        try:
            evaluation = services.evaluate(found)
        except calculation.InputError as exc:
            raise CommandError(f"Casen kan ikke beregnes: {exc}") from exc
        data = services.evaluation_json(evaluation)
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{found.name} (initiativ {found.initiative_id})")
        self.stdout.write(
            f"{'År':<6}{'Omkostning':>16}{'Kommune':>16}{'Region':>16}{'Stat':>16}{'Netto':>16}{'Akkumuleret':>16}"
        )
        for y in evaluation["result"].years:
            cells = [y.cost, y.by_payer["kommune"], y.by_payer["region"], y.by_payer["stat"], y.net, y.cumulative]
            self.stdout.write(f"{y.year:<6}" + "".join(f"{formats.kr(v):>16}" for v in cells))
        result = evaluation["result"]
        self.stdout.write(f"Tjener sig hjem: {result.break_even_year or 'ikke inden for horisonten'}")
        self.stdout.write(f"Nutidsværdi: {formats.kr(result.present_value)}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
