"""Business rules of the plan registry: totals, the plan overview, budgets, spending and status.

Totals are computed by the database (aggregate queries), never by summing rows in Python.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum

from sporbar.accounts import permissions

from .models import BudgetLine, Initiative, Plan, Spending, StatusUpdate, Theme, Track


def plan_overview(plan: Plan) -> dict:
    """The plan with themes, tracks and initiatives and their totals, as plain data.

    Shape (the contract of `sporbar plan-summary --json`):
    {"plan": {"id", "name", "total"}, "themes": [{"number", "name", "total",
     "tracks": [{"number", "name", "total", "initiatives": [{"id", "key", "title", "amount", "status"}]}]}]}
    """
    theme_totals = dict(
        Theme.objects.filter(plan=plan).annotate(total=Sum("tracks__initiatives__amount")).values_list("id", "total")
    )
    track_totals = dict(
        Track.objects.filter(theme__plan=plan).annotate(total=Sum("initiatives__amount")).values_list("id", "total")
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
            {
                "id": track.id,
                "number": track.number,
                "name": track.name,
                "total": track_totals.get(track.id) or Decimal(0),
                "initiatives": [],
            },
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


def budget_by_year(initiative: Initiative) -> list[dict]:
    """[{"year", "amount"}] in year order."""
    return list(BudgetLine.objects.filter(initiative=initiative).order_by("year").values("year", "amount"))


def spending_summary(initiative: Initiative) -> dict:
    """Budget (the per-year lines, or the one-off amount when there are none), spent so far, remaining, share.

    {"budget", "spent", "remaining", "share" (0..1+, None without budget), "count" (spending entries)}
    """
    budget = BudgetLine.objects.filter(initiative=initiative).aggregate(total=Sum("amount"))["total"]
    if budget is None:
        budget = initiative.amount
    spending = Spending.objects.filter(initiative=initiative).aggregate(total=Sum("amount"), count=Count("id"))
    spent = spending["total"] or Decimal(0)
    share = (spent / budget) if budget else None
    return {
        "budget": budget,
        "spent": spent,
        "remaining": budget - spent,
        "share": share,
        "count": spending["count"],
    }


def _require_update(user, initiative):
    if not permissions.can_update_initiative(user, initiative):
        raise PermissionDenied("Du må ikke opdatere dette initiativ.")


@transaction.atomic
def record_status_update(
    initiative: Initiative, user, date: datetime.date, status: str, light: str, narrative: str
) -> StatusUpdate:
    """Add a dated status update; the initiative takes the status of its newest update."""
    _require_update(user, initiative)
    update = StatusUpdate.objects.create(
        initiative=initiative, date=date, status=status, light=light, narrative=narrative, author=user
    )
    sync_status(initiative)
    return update


def sync_status(initiative: Initiative) -> None:
    """Set Initiative.status from its newest status update (saved only when it changes)."""
    newest = StatusUpdate.objects.filter(initiative=initiative).order_by("-date", "-id").values("status").first()
    if newest is None:
        return
    # Save a fresh copy so the audit entry shows only the status, not stale in-memory values of the caller's object.
    stored = Initiative.objects.get(pk=initiative.pk)
    if stored.status != newest["status"]:
        stored.status = newest["status"]
        stored.save(update_fields=["status"])
    initiative.status = newest["status"]


def record_spending(initiative: Initiative, user, date: datetime.date, amount: Decimal, note: str = "") -> Spending:
    _require_update(user, initiative)
    return Spending.objects.create(initiative=initiative, date=date, amount=amount, note=note or "", recorded_by=user)
