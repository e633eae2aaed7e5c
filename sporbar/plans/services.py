"""Business rules of the plan registry: totals and the plan overview.

Totals are computed by the database (one aggregate query per level), never by
summing rows in Python.
"""

from decimal import Decimal

from django.db.models import Sum

from .models import Initiative, Plan, Spending, Theme


def plan_overview(plan: Plan) -> dict:
    """The plan with themes, tracks and initiatives and their totals, as plain data.

    Shape (the contract of `sporbar plan-summary --json`):
    {"plan": {"id", "name", "total"}, "themes": [{"number", "name", "total",
     "tracks": [{"number", "name", "total", "initiatives": [{"id", "key", "title", "amount", "status"}]}]}]}
    """
    theme_totals = dict(
        Theme.objects.filter(plan=plan).annotate(total=Sum("tracks__initiatives__amount")).values_list("id", "total")
    )
    plan_total = Initiative.objects.filter(track__theme__plan=plan).aggregate(total=Sum("amount"))["total"]
    initiatives = (
        Initiative.objects.filter(track__theme__plan=plan)
        .select_related("track__theme")
        .order_by("track__theme__number", "track__number", "id")
    )
    themes: dict[int, dict] = {}
    for theme in plan.themes.order_by("number"):
        themes[theme.id] = {
            "id": theme.id,
            "number": theme.number,
            "name": theme.name,
            "total": theme_totals.get(theme.id) or Decimal(0),
            "tracks": {},
        }
    for initiative in initiatives:
        track = initiative.track
        tracks = themes[track.theme_id]["tracks"]
        entry = tracks.setdefault(
            track.id,
            {"id": track.id, "number": track.number, "name": track.name, "total": Decimal(0), "initiatives": []},
        )
        entry["initiatives"].append(
            {
                "id": initiative.id,
                "key": initiative.key,
                "title": initiative.title,
                "amount": initiative.amount,
                "status": initiative.status,
            }
        )
        entry["total"] += initiative.amount
    return {
        "plan": {"id": plan.id, "name": plan.name, "total": plan_total or Decimal(0)},
        "themes": [{**t, "tracks": list(t["tracks"].values())} for t in themes.values()],
    }


def spent_by_initiative(initiative_ids) -> dict[int, Decimal]:
    """Spending recorded so far per initiative, summed in the database."""
    rows = (
        Spending.objects.filter(initiative_id__in=initiative_ids)
        .values("initiative_id")
        .annotate(total=Sum("amount"))
        .values_list("initiative_id", "total")
    )
    return dict(rows)
