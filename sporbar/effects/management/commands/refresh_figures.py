"""sporbar refresh-figures: rebuild the figure summary from the raw tables (after bulk loads)."""

import time

from django.core.management.base import BaseCommand

from sporbar.effects import services


class Command(BaseCommand):
    help = "Genberegn nøgletallenes opsummering ud fra vurderinger, selvrapporteringer og beskæftigelse."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = services.rebuild_summaries()
        self.stdout.write(
            f"Nøgletal genberegnet: {counts['course_rows']} forløbsrækker, {counts['count_rows']} tællinger "
            f"({time.perf_counter() - started:.1f} s)"
        )
