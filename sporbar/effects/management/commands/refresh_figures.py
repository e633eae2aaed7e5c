"""sporbar refresh-figures [--pattern-only] [--plan ID]: rebuild the figure summary from the raw tables
(after bulk loads) and the audited disclosure pattern of every plan (or of one). The web server runs
`--pattern-only --plan ID` in a child process after writes (effects/disclosure/refresh.py)."""

import time

from django.core.management.base import BaseCommand

from sporbar.commandline import plan_named
from sporbar.effects import services
from sporbar.effects.disclosure import store
from sporbar.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Genberegn nøgletallenes opsummering ud fra vurderinger, selvrapporteringer og beskæftigelse, "
        "og mønstret for skjulte tal (efterprøvet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pattern-only", action="store_true", help="Kun mønstret for skjulte tal")
        parser.add_argument("--plan", type=int, dest="plan_id", help="Kun denne plan (id)")

    def handle(self, *args, pattern_only=False, plan_id=None, **options):
        if not pattern_only:
            started = time.perf_counter()
            counts = services.rebuild_summaries()
            self.stdout.write(
                f"Nøgletal genberegnet: {counts['course_rows']} forløbsrækker, {counts['count_rows']} tællinger "
                f"({time.perf_counter() - started:.1f} s)"
            )
        plans = [plan_named(plan_id)] if plan_id is not None else Plan.objects.all()
        for plan in plans:
            pattern = store.refresh_disclosure(plan)
            hidden = sum(1 for cell in pattern.cells if cell[7] is not None)
            self.stdout.write(
                f"Skjulte tal for {plan.name}: {hidden} af {len(pattern.cells)} skjult, {pattern.checked} "
                f"størrelser efterprøvet, {pattern.exposed} afsløret ({pattern.seconds:.1f} s)"
            )
