"""sporbar report --plan ID --format pdf|xlsx|csv [-o FILE] [--since ÅÅÅÅ-MM-DD] [--issue --as USERNAME]"""

import datetime
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts import permissions
from sporbar.accounts.audit import acting_as
from sporbar.commandline import plan_named, user_named
from sporbar.committee import exports, services
from sporbar.committee.since import since_for


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since: »{value}« er ikke en dato; skriv ÅÅÅÅ-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Statusrapport til udvalget (PDF, XLSX eller CSV): sammenfatning, initiativer, nøgletal, beslutninger og "
        "opfølgninger siden sidste rapport, investeringscases og lovende praksis, som udvalget må se dem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--format", choices=list(exports.CONTENT_TYPES), default="pdf")
        parser.add_argument("-o", "--output", help="Fil (standard: statusrapport-<plan>.<format>; - for stdout)")
        parser.add_argument(
            "--as",
            dest="username",
            help="Hentes af denne bruger (skal må læse rapporten; tallene er altid udvalgets)",
        )
        parser.add_argument(
            "--since",
            type=_date,
            help="Beslutninger og opfølgninger fra denne dato (standard: siden sidste rapport til udvalget)",
        )
        parser.add_argument(
            "--issue",
            action="store_true",
            help="Registrér rapporten som sendt til udvalget i dag (kræver --as en analytiker eller administrator)",
        )

    def handle(self, *args, **options):
        plan = plan_named(options["plan"])
        user = self._user(options)
        since = since_for(plan, options["since"])
        data = services.report_data(plan, since)
        content = exports.render(data, options["format"])
        target = options["output"] or f"statusrapport-{plan.code}.{options['format']}"
        if target == "-":
            sys.stdout.buffer.write(content)
        else:
            Path(target).write_bytes(content)
            self.stdout.write(f"Skrev {target} ({len(content)} bytes).")
        if options["issue"]:
            with acting_as(user):
                issued = services.issue(plan, user, since, data["period"])
            (self.stderr if target == "-" else self.stdout).write(
                f"Registreret som sendt til udvalget {issued.issued_on:%d-%m-%Y} af {user.username}."
            )

    def _user(self, options):
        user = user_named(options["username"])
        if user is not None and not permissions.can_read_committee_report(user):
            raise CommandError(f"Brugeren {user.username} må ikke hente rapporten til udvalget.")
        if options["issue"] and (user is None or not permissions.can_issue_committee_report(user)):
            raise CommandError(
                "--issue registrerer, hvem der sendte rapporten: angiv --as med en analytiker eller administrator."
            )
        return user
