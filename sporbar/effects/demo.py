"""Demo targets: the department's effect goals (seed 004) for 2021–2026, plus example values.

Seed 004: the share of children, young people and adults with disabilities who reach their
goal or improve, per mastery dimension (personal development / network and citizenship /
learning and self-support). The targets for psychiatry and the homeless are OUR example
values (no such table exists in the customer's material) and are marked so in the note.
"""

from decimal import Decimal

from sporbar.plans.models import Plan

from . import services
from .disclosure import store as disclosure_store
from .models import Figure, ScopeKind, Target

SEED_004 = {
    "boern": (75, 80, 70),
    "unge": (70, 75, 70),
    "handicap": (75, 90, 80),
}
EXAMPLES = {
    "psykiatri": (65, 70, 60),
    "udsatte": (60, 65, 50),
}
DIMENSIONS = ("personlig", "netvaerk", "laering")
YEARS = range(2021, 2027)


def load(options, stdout):
    count = 0
    for table, note in ((SEED_004, "Fra den politiske målsætning for området"), (EXAMPLES, "Eksempelværdi i demoen")):
        for category, shares in table.items():
            for dimension, share in zip(DIMENSIONS, shares, strict=True):
                for year in YEARS:
                    Target.objects.update_or_create(
                        figure=Figure.GOAL,
                        dimension=dimension,
                        scope_kind=ScopeKind.TARGET_GROUP,
                        scope_id=0,
                        target_category=category,
                        year=year,
                        defaults={"share": Decimal(share) / 100, "note": note},
                    )
                    count += 1
    stdout.write(f"Effektmål: {count}")
    # The courses demo writes with bulk_create, which skips the signals that keep the summary current.
    summary = services.rebuild_summaries()
    stdout.write(f"Nøgletal: {summary['count_rows']} tællinger")
    for plan in Plan.objects.all():  # the audited pattern of hidden figures, before anyone looks
        pattern = disclosure_store.refresh_disclosure(plan)
        stdout.write(f"Skjulte tal efterprøvet: {pattern.checked} størrelser, {pattern.exposed} afsløret")
