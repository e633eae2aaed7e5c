"""sporbar refresh-figures: rebuild the figure summary from the raw tables (after bulk loads) and the
audited disclosure pattern of every plan."""

import time

from django.core.management.base import BaseCommand

from sporbar.effects import services
from sporbar.effects.disclosure import store
from sporbar.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Genberegn nøgletallenes opsummering ud fra vurderinger, selvrapporteringer og beskæftigelse, "
        "og mønstret for skjulte tal (efterprøvet)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = services.rebuild_summaries()
        self.stdout.write(
            f"Nøgletal genberegnet: {counts['course_rows']} forløbsrækker, {counts['count_rows']} tællinger "
            f"({time.perf_counter() - started:.1f} s)"
        )
        for plan in Plan.objects.all():
            pattern = store.refresh_disclosure(plan)
            hidden = sum(1 for cell in pattern.cells if cell[7] is not None)
            self.stdout.write(
                f"Skjulte tal for {plan.name}: {hidden} af {len(pattern.cells)} skjult, {pattern.checked} "
                f"størrelser efterprøvet, {pattern.exposed} afsløret ({pattern.seconds:.1f} s)"
            )
