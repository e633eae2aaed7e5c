"""`sporbar export-plan --plan CODE --format csv|xlsx|yaml [-o FILE]`: the plan in its import format."""

from django.core.management.base import BaseCommand, CommandError

from sporbar.plans.importing import EXPORT_FORMATS, export_plan
from sporbar.plans.models import Plan


class Command(BaseCommand):
    help = "Eksportér en plan i importformatet (CSV, XLSX eller YAML)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="planens kode (standard: den første plan)")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument("-o", "--output", help="filen der skrives (standard: standard output)")

    def handle(self, *args, plan, format, output, **options):
        plans = Plan.objects.order_by("id")
        selected = plans.filter(code=plan).first() if plan else plans.first()
        if selected is None:
            raise CommandError(f"Planen »{plan}« findes ikke." if plan else "Der er ingen planer.")
        if format == "xlsx" and not output:
            raise CommandError("XLSX skrives til en fil: angiv -o FIL.xlsx.")
        data = export_plan(selected, format)
        if output:
            with open(output, "wb") as out:
                out.write(data)
            self.stderr.write(f"Skrev {output}.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
