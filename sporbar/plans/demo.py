"""Demo plan: the real plan from data/demo/plan.yaml, plus a little live data for ACT and IPS."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from sporbar.accounts.models import User

from . import services
from .importing import import_plan_file
from .models import Initiative, Plan

PLAN_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "plan.yaml"
PLAN_CODE = "social-baeredygtighed"

# key: (username who records it, spending [(date, kroner, note)], status updates [(date, status, light, narrative)])
LIVE_DATA = {
    "act": (
        "leder-act",
        [
            (datetime.date(2021, 6, 30), "310000", "Løn til ACT-teamet, 1. halvår 2021"),
            (datetime.date(2021, 12, 31), "420000", "Løn og videreuddannelse af teamet, 2. halvår 2021"),
            (datetime.date(2022, 12, 31), "805000", "Løn og drift 2022"),
            (datetime.date(2023, 12, 31), "790000", "Løn og drift 2023"),
        ],
        [
            (datetime.date(2021, 3, 1), "i_gang", "groen", "Teamet er sammensat, og de første borgere er visiteret."),
            (
                datetime.date(2022, 6, 15),
                "i_gang",
                "gul",
                "Alle 12 pladser er besat. Samarbejdet med regionspsykiatrien tager længere tid end ventet.",
            ),
            (
                datetime.date(2024, 1, 31),
                "videreført",
                "groen",
                "Forsøgsperioden er slut, og ACT er videreført i drift. "
                "Ti af de tolv borgere bor fortsat i egen bolig.",
            ),
        ],
    ),
    "ips": (
        "analytiker",
        [
            (datetime.date(2021, 12, 31), "480000", "To IPS-konsulenter, 2021"),
            (datetime.date(2022, 12, 31), "560000", "To IPS-konsulenter, 2022"),
        ],
        [
            (datetime.date(2021, 4, 1), "i_gang", "groen", "De første borgere er mødt på botilbud og i dagtilbud."),
            (
                datetime.date(2026, 10, 1),
                "i_gang",
                "gul",
                "De fleste af de ca. 50 borgere er stadig i forløb; flere har fået få timers job om ugen.",
            ),
        ],
    ),
}


def load(options, stdout) -> None:
    result = import_plan_file(PLAN_FILE)
    if result.errors:
        raise RuntimeError("; ".join(f"{PLAN_FILE.name}:{e.place}: {e.field}: {e.message}" for e in result.errors))
    plan = Plan.objects.get(code=PLAN_CODE)
    for key, (username, spendings, updates) in LIVE_DATA.items():
        initiative = Initiative.objects.filter(track__theme__plan=plan, key=key).first()
        user = User.objects.filter(username=username).first()
        if initiative is None or user is None:
            continue
        if not initiative.spendings.exists():
            for date, amount, note in spendings:
                services.record_spending(initiative=initiative, user=user, date=date, amount=Decimal(amount), note=note)
        if not initiative.status_updates.exists():
            for date, status, light, narrative in updates:
                services.record_status_update(
                    initiative=initiative, user=user, date=date, status=status, light=light, narrative=narrative
                )
    total = services.plan_overview(plan)["plan"]["total"]
    stdout.write(
        f"Plan: {plan.name} – {plan.themes.count()} temaer, {result.created} oprettet, {result.updated} ændret,"
        f" {result.unchanged} uændret, i alt {_mio(total)}"
    )


def _mio(value):
    from sporbar import formats

    return formats.mio_kr(value)
