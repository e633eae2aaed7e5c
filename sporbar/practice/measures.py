"""What Sporbar measures for the data elements, counted in the database per initiative (one grouped query each).

Courses, goals, assessments and ratings are read here as counts only; the figures made from them pass
through the small-number rule in sources.py before anyone sees them. Follow-ups and decisions are read
from the governance app, as the viewer may see them.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from sporbar.accounts.models import AuditEntry
from sporbar.courses.models import Assessment, Course, Goal, SelfReportRating
from sporbar.governance import access as governance_access
from sporbar.governance.models import AgendaItem, DecisionPoint, FollowUp, Proposal


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def _by_initiative(rows, keys) -> dict[int, dict]:
    """Sum rows grouped by (initiative, unit) into one entry per initiative, keeping the set of units."""
    out: dict[int, dict] = defaultdict(lambda: {**dict.fromkeys(keys, 0), "units": set()})
    for row in rows:
        entry = out[row["initiative_id"]]
        entry["units"].add(row["unit_id"])
        for key in keys:
            entry[key] += row[key]
    return out


def monitoring(initiative_ids, today: datetime.date, months: int) -> dict[int, dict]:
    """Per initiative: active courses that have run at least `months` months (due), and how many of them
    had an assessment by the worker within the last `months` months (assessed)."""
    since = months_before(today, months)
    recent = Assessment.objects.filter(course_id=OuterRef("pk"), date__gt=since, date__lte=today)
    rows = (
        Course.objects.filter(initiative_id__in=list(initiative_ids), start_date__lte=since)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .order_by()
        .values("initiative_id", "unit_id")
        .annotate(due=Count("id"), assessed=Count("id", filter=Q(Exists(recent))))
    )
    result = _by_initiative(rows, ("due", "assessed"))
    for entry in result.values():
        entry["since"] = since
    return result


def individual(initiative_ids) -> dict[int, dict]:
    """Per initiative: courses with goals, those whose goals are all in the citizen's own words, and those
    where the citizen gave a rating of their own (self-report)."""
    goals = Goal.objects.filter(course_id=OuterRef("pk"))
    rows = (
        Course.objects.filter(initiative_id__in=list(initiative_ids))
        .filter(Exists(goals))
        .order_by()
        .values("initiative_id", "unit_id")
        .annotate(
            courses=Count("id"),
            own_words=Count("id", filter=~Q(Exists(goals.filter(in_citizens_words=False)))),
            rated=Count("id", filter=Q(Exists(SelfReportRating.objects.filter(course_id=OuterRef("pk"))))),
        )
    )
    return _by_initiative(rows, ("courses", "own_words", "rated"))


# --- governance ------------------------------------------------------------------------------------------


def _visible(user, kind: str, queryset):
    """Governance records as the viewer may see them. No user: the command line's full view."""
    if user is None:
        return queryset
    return getattr(governance_access, f"visible_{kind}")(user, queryset)


def done_dates(follow_up_ids) -> dict[int, datetime.date]:
    """When each follow-up was first marked done, from the audit log (one grouped query).

    Follow-ups marked done without a trace in the audit log (bulk updates) have no date.
    """
    rows = (
        AuditEntry.objects.filter(
            model=FollowUp._meta.label, object_id__in=[str(i) for i in follow_up_ids], after__status="faerdig"
        )
        .values("object_id")
        .annotate(first=Min("at"))
    )
    return {int(r["object_id"]): timezone.localdate(r["first"]) for r in rows}


def follow_ups(initiative_ids, user, today: datetime.date) -> dict[int, dict]:
    """Per initiative, its follow-ups: done by the deadline (on_time), done after it (late), past the
    deadline and not done (overdue), done at an unknown time (unknown), not yet due (pending)."""
    links = FollowUp.initiatives.through.objects.filter(initiative_id__in=list(initiative_ids))
    visible = _visible(user, "follow_ups", FollowUp.objects.filter(pk__in=links.values("followup_id")))
    rows = list(visible.values("id", "status", "due_date"))
    done = done_dates([r["id"] for r in rows if r["status"] == FollowUp.Status.DONE])
    state = {}
    for r in rows:
        if r["status"] == FollowUp.Status.DONE:
            when = done.get(r["id"])
            if when is None:
                state[r["id"]] = "unknown"
            else:
                state[r["id"]] = "late" if r["due_date"] and when > r["due_date"] else "on_time"
        elif r["due_date"] and r["due_date"] < today:
            state[r["id"]] = "overdue"
        else:
            state[r["id"]] = "pending"
    out: dict[int, dict] = defaultdict(lambda: dict.fromkeys(("on_time", "late", "overdue", "unknown", "pending"), 0))
    for ini, fid in links.filter(followup_id__in=state).values_list("initiative_id", "followup_id"):
        out[ini][state[fid]] += 1
    return out


CHANGING_OUTCOMES = [DecisionPoint.Outcome.APPROVED, DecisionPoint.Outcome.AMENDED]


def decisions(initiative_ids, user) -> dict[int, dict]:
    """Per initiative: decisions that may have changed it, and the date of the latest.

    Counted: agenda items linked to the initiative with a recorded decision, not only for orientation;
    and proposals linked to it with an approved (or amended) decision point that are not on such an item.
    """
    ids = list(initiative_ids)
    out: dict[int, dict] = defaultdict(lambda: {"count": 0, "latest": None})

    def add(initiative_id, count, latest):
        entry = out[initiative_id]
        entry["count"] += count
        if latest and (entry["latest"] is None or latest > entry["latest"]):
            entry["latest"] = latest

    items = (
        _visible(user, "items", AgendaItem.objects.all())
        .filter(initiatives__in=ids)
        .exclude(decision="")
        .exclude(category=AgendaItem.Category.ORIENTATION)
    )
    for row in items.values("initiatives").annotate(n=Count("id", distinct=True), latest=Max("meeting__date")):
        add(row["initiatives"], row["n"], row["latest"])
    counted_items = items.values("id")
    proposals = (
        _visible(user, "proposals", Proposal.objects.all())
        .filter(initiatives__in=ids, decision_points__outcome__in=CHANGING_OUTCOMES)
        .exclude(agenda_item__in=counted_items)
    )
    for row in proposals.values("initiatives").annotate(n=Count("id", distinct=True), latest=Max("date")):
        add(row["initiatives"], row["n"], row["latest"])
    return out
