"""sporbar report --plan ID --format pdf|xlsx|csv [-o FILE] [--as USERNAME]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.models import User
from sporbar.effects import report
from sporbar.plans.models import Plan


class Command(BaseCommand):
    help = "Statusrapport til udvalget (PDF, XLSX eller CSV) med de samme tal og samme skjulning som siderne."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--format", choices=list(report.CONTENT_TYPES), default="pdf")
        parser.add_argument("-o", "--output", help="Fil (standard: statusrapport-<plan>.<format>; - for stdout)")
        parser.add_argument("--as", dest="username", help="Som denne bruger (uden: anonym læser af tal)")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Planen {options['plan']} findes ikke.")
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"Brugeren {options['username']} findes ikke.")
        content = report.build(plan, user, options["format"])
        target = options["output"] or f"statusrapport-{plan.code}.{options['format']}"
        if target == "-":
            sys.stdout.buffer.write(content)
            return
        Path(target).write_bytes(content)
        self.stdout.write(f"Skrev {target} ({len(content)} bytes).")
