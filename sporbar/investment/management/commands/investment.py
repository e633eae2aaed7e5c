"""`sporbar investment --initiative ID [--case ID] [--json] [--as USERNAME]`: the numbers of an investment case."""

import json

from django.core.management.base import BaseCommand, CommandError

from sporbar import formats
from sporbar.commandline import user_named
from sporbar.investment import calculation, services
from sporbar.investment.models import InvestmentCase


class Command(BaseCommand):
    help = (
        "Print an initiative's investment case: inputs, consequences with their rates, intake, year by year, "
        "break-even (undiscounted and discounted), present value, measured against assumed, sensitivity."
    )

    def add_arguments(self, parser):
        parser.add_argument("--initiative", type=int, help="the initiative's id (its first case)")
        parser.add_argument("--case", type=int, help="a case's id")
        parser.add_argument("--json", action="store_true", help="print JSON (numbers as JSON numbers)")
        parser.add_argument(
            "--as",
            dest="username",
            help="show what this user may see (without: a reader outside the units, so small numbers are hidden)",
        )

    def handle(self, *args, initiative, case, json: bool, username=None, **options):
        cases = InvestmentCase.objects.order_by("id")
        if case:
            found = cases.filter(pk=case).first()
        elif initiative:
            found = cases.filter(initiative_id=initiative).first()
        else:
            raise CommandError("Angiv --initiative ID eller --case ID.")
        if found is None:
            raise CommandError("Ingen investeringscase fundet.")
        viewer = user_named(username)
        try:
            evaluation = services.evaluate(found, viewer=viewer)
        except calculation.InputError as exc:
            raise CommandError(f"Casen kan ikke beregnes: {exc}") from exc
        if json:
            self.stdout.write(_dumps(services.evaluation_json(evaluation)))
            return
        self._print_table(found, evaluation)

    def _print_table(self, case, evaluation):
        write = self.stdout.write
        write(f"{case.name} (initiativ {case.initiative_id})")
        for rate in evaluation["rates"]:
            measured = "målt" if rate.observed else "antaget"
            write(
                f"  {rate.consequence.name}: netto {formats.percent(rate.net)} ({measured}; "
                f"basisrate {formats.percent(rate.baseline)}, {rate.baseline_source_label})"
            )
        write(
            f"{'År':<6}{'Borgere':>9}{'Omkostning':>16}{'Kommune':>16}{'Region':>16}{'Stat':>16}"
            f"{'Netto':>16}{'Akkumuleret':>16}"
        )
        result = evaluation["result"]
        for y in result.years:
            cells = [y.cost, y.by_payer["kommune"], y.by_payer["region"], y.by_payer["stat"], y.net, y.cumulative]
            write(f"{y.year:<6}{formats.number(y.citizens, 1):>9}" + "".join(f"{formats.kr(v):>16}" for v in cells))
        never = "ikke inden for horisonten"
        write(f"Tjener sig hjem (udiskonteret): {result.break_even_year or never}")
        write(f"Tjener sig hjem (diskonteret): {result.break_even_year_discounted or never}")
        write(f"Nutidsværdi: {formats.kr(result.present_value)}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
