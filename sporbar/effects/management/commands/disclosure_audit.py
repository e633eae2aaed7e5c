"""sporbar disclosure-audit --plan ID [--as USERNAME]: can the user work out any hidden figure?"""

import datetime
from collections import Counter

from django.core.management.base import BaseCommand

from sporbar.commandline import plan_named, user_named
from sporbar.effects import services
from sporbar.effects.disclosure.audit import audit


class Command(BaseCommand):
    help = (
        "Efterprøv skjulningen: kan brugeren regne et skjult nøgletal ud (lineær programmering)? "
        "Udskriver hvert afsløret tal; sidste linje er »exposed N«."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True)
        parser.add_argument("--as", dest="username", help="Som denne bruger (uden: en læser uden for enhederne)")

    def handle(self, *args, **options):
        plan = plan_named(options["plan"])
        user = user_named(options["username"])
        report = audit(plan, user)
        who = options["username"] or "en læser uden for enhederne"
        self.stdout.write(
            f"Mønster {report.pattern_id} for {plan.name}, set som {who}: {report.shown} viste og "
            f"{report.hidden} skjulte tal; {report.checked} skjulte størrelser efterprøvet."
        )
        year = str(datetime.date.today().year)
        seen = Counter(
            f["scope"]["kind"]
            for f in services.keyfigures(plan, user, use_cache=False)
            if f["period"] == year and not f["suppressed"]
        )
        self.stdout.write(
            f"Synlige tal for {year}: plan {seen['plan']}, temaer {seen['theme']}, initiativer {seen['initiative']}."
        )
        for exposure in report.exposed:
            self.stdout.write(f"AFSLØRET: {exposure.text}")
        self.stdout.write(f"exposed {len(report.exposed)}")
