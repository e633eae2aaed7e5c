"""The committee report: the plan's whole chain as the committee (udvalget) may see it, as plain data.

Who reads it: the committee, which sits outside the units that work with the citizens. So the report
is always produced for that reader, whoever asks for it: every effect figure comes from the latest
audited disclosure pattern (`effects.services.keyfigures` for a reader outside the units), reach
counts of 1–4 are hidden, and the investment cases use a measured rate only where a reader outside
the units may see it. A lead who sees their own unit's figures on the pages gets the same report as
everybody else. No person is ever named, only staff and units.

"Since the last report": each report that went to the committee is recorded (`IssuedReport`: plan,
date, who). The decisions and follow-ups in a report are those since the latest report recorded
before today (a report recorded today is the one being made today), or since a chosen date.
"""

import datetime
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.safestring import mark_safe

from sporbar.effects import services as effects
from sporbar.effects.periods import period_kind
from sporbar.governance import access as governance_access
from sporbar.governance.models import AgendaItem, DecisionPoint, FollowUp
from sporbar.governance.services import is_overdue
from sporbar.investment import calculation
from sporbar.investment import charts as investment_charts
from sporbar.investment import services as investment
from sporbar.investment.models import InvestmentCase
from sporbar.plans.models import BudgetLine, Initiative, Plan, StatusUpdate
from sporbar.plans.services import spent_by_initiative
from sporbar.practice import services as practice

from . import wording
from .models import IssuedReport
from .since import Since, since_for

COMMITTEE_READER = None  # a reader outside every unit: what the committee may see


def issue(plan: Plan, user, since: Since, figures_year: str | None, today: datetime.date | None = None):
    """Record that the report went to the committee today; the next report starts from here."""
    return IssuedReport.objects.create(
        plan=plan,
        issued_on=today or timezone.localdate(),
        issued_by=user,
        covers_from=since.date,
        figures_year=figures_year or "",
    )


def report_period(plan: Plan, today: datetime.date | None = None) -> str | None:
    """The year whose figures the report shows: this year if it has figures, else the latest."""
    return effects.default_period(effects.keyfigures(plan, COMMITTEE_READER), today or timezone.localdate())


def issued_reports(plan: Plan) -> list[IssuedReport]:
    return list(IssuedReport.objects.filter(plan=plan).select_related("issued_by"))


# --- the plan's initiatives, money and reach -------------------------------------------------------


def _initiatives(plan: Plan) -> list[Initiative]:
    return list(
        Initiative.objects.filter(track__theme__plan=plan)
        .select_related("track__theme", "owner_unit")
        .order_by("track__theme__number", "track__number", "key")
    )


def _budgets(initiatives) -> dict[int, Decimal]:
    """The budget per initiative by the pages' rule: its yearly budget lines, or its one-off amount without any."""
    lines = dict(
        BudgetLine.objects.filter(initiative__in=initiatives)
        .values("initiative_id")
        .annotate(s=Sum("amount"))
        .values_list("initiative_id", "s")
    )
    return {i.id: lines.get(i.id) if lines.get(i.id) is not None else i.amount for i in initiatives}


def _latest_updates(initiatives) -> dict[int, StatusUpdate]:
    latest = {}
    for update in StatusUpdate.objects.filter(initiative__in=initiatives).order_by("initiative_id", "-date", "-id"):
        latest.setdefault(update.initiative_id, update)
    return latest


def reach_totals(reach: list[dict]) -> dict:
    """Sums of the reach table as the committee may see it: a hidden count (1–4) is left out, and the
    number of initiatives left out is kept, so that no total lets anyone subtract a hidden count."""
    totals = {}
    for key in ("started", "active", "ended"):
        values = [r[key] for r in reach]
        totals[key] = sum(v for v in values if v is not None)
        totals[f"{key}_hidden"] = sum(1 for v in values if v is None)
    totals["budget"] = sum((r["budget"] for r in reach), Decimal(0))
    totals["spent"] = sum((r["spent"] for r in reach), Decimal(0))
    return totals


# --- decisions and follow-ups since the last report ------------------------------------------------


def _open_items():
    """Agenda items the committee may read: never a confidential item or one of a closed meeting."""
    return AgendaItem.objects.exclude(governance_access.closed_q())


def decisions(initiatives, since: datetime.date | None, today: datetime.date) -> list[dict]:
    """Decisions about the initiatives at meetings from `since` (inclusive) to today, newest first.

    An item counts when it or a proposal on it is linked to one of the initiatives and it has a decision
    (the decision text, or an outcome on one of the proposal's decision points).
    """
    ids = [i.id for i in initiatives]
    items = (
        _open_items()
        .filter(Q(initiatives__in=ids) | Q(proposals__initiatives__in=ids))
        .filter(meeting__date__isnull=False, meeting__date__lte=today)
        .select_related("meeting__body")
        .distinct()
        .order_by(F("meeting__date").desc(), "position", "id")
    )
    if since is not None:
        items = items.filter(meeting__date__gte=since)
    items = list(items)
    links = _item_initiatives(items, ids)
    points = _decision_points(items)
    out = []
    for item in items:
        outcomes = points.get(item.id, [])
        if not item.decision.strip() and not outcomes:
            continue
        out.append(
            {
                "id": item.id,
                "date": item.meeting.date,
                "meeting": str(item.meeting.body),
                "title": item.title,
                "decision": item.decision.strip(),
                "outcomes": outcomes,
                "initiative_ids": sorted(links.get(item.id, ())),
            }
        )
    return out


def _item_initiatives(items, ids) -> dict[int, set]:
    links: dict[int, set] = {}
    through = AgendaItem.initiatives.through.objects.filter(agendaitem__in=items, initiative_id__in=ids)
    for item_id, initiative_id in through.values_list("agendaitem_id", "initiative_id"):
        links.setdefault(item_id, set()).add(initiative_id)
    for item in AgendaItem.objects.filter(id__in=[i.id for i in items], proposals__initiatives__in=ids).values(
        "id", "proposals__initiatives"
    ):
        links.setdefault(item["id"], set()).add(item["proposals__initiatives"])
    return links


def _decision_points(items) -> dict[int, list[dict]]:
    """The decided points of the proposals on the items: {item id: [{"number", "text", "outcome"}]}."""
    points = (
        DecisionPoint.objects.filter(proposal__agenda_item__in=items)
        .exclude(outcome="")
        .select_related("proposal")
        .order_by("proposal_id", "number")
    )
    out: dict[int, list[dict]] = {}
    for point in points:
        out.setdefault(point.proposal.agenda_item_id, []).append(
            {"number": point.number, "text": point.text, "outcome": point.get_outcome_display()}
        )
    return out


def follow_ups(initiatives, since: datetime.date | None, today: datetime.date) -> list[dict]:
    """The follow-up register on the initiatives: every follow-up still open, and those registered
    since the last report whatever their status. Never one that belongs to a confidential item."""
    ids = [i.id for i in initiatives]
    rows = (
        FollowUp.objects.filter(initiatives__in=ids)
        .exclude(governance_access.closed_q("agenda_item__"))
        .exclude(governance_access.closed_q("proposal__agenda_item__"))
        .select_related("owner_unit", "owner_user", "agenda_item__meeting__body", "proposal")
        .distinct()
    )
    if since is not None:
        rows = rows.filter(~Q(status=FollowUp.Status.DONE) | Q(created_at__date__gte=since))
    links: dict[int, set] = {}
    through = FollowUp.initiatives.through.objects.filter(followup__in=rows, initiative_id__in=ids)
    for follow_up_id, initiative_id in through.values_list("followup_id", "initiative_id"):
        links.setdefault(follow_up_id, set()).add(initiative_id)
    return [
        {
            "id": f.id,
            "title": f.title,
            "owner": _owner(f),
            "due_date": f.due_date,
            "status": f.get_status_display(),
            "done": f.status == FollowUp.Status.DONE,
            "overdue": is_overdue(f, today),
            "source": _source(f),
            "initiative_ids": sorted(links.get(f.id, ())),
        }
        for f in rows
    ]


def _owner(follow_up: FollowUp) -> str:
    if follow_up.owner_unit_id:
        return follow_up.owner_unit.name
    if follow_up.owner_name:
        return follow_up.owner_name
    if follow_up.owner_user_id:
        return follow_up.owner_user.get_full_name() or follow_up.owner_user.username
    return ""


def _source(follow_up: FollowUp) -> str:
    item = follow_up.agenda_item
    if item is not None:
        return f"{item.meeting.body} {item.meeting.date:%d-%m-%Y}" if item.meeting.date else str(item.meeting.body)
    return follow_up.proposal.title if follow_up.proposal_id else ""


# --- investment cases ------------------------------------------------------------------------------


def case_summaries(initiatives, today: datetime.date) -> list[dict]:
    """Each investment case of the initiatives, evaluated for the committee (measured rates only where a
    reader outside the units may see them; the rest assumed, and marked so)."""
    cases = InvestmentCase.objects.filter(initiative__in=initiatives).select_related("initiative")
    return [case_summary(case, today) for case in cases.order_by("initiative_id", "id")]


def case_summary(case: InvestmentCase, today: datetime.date) -> dict:
    summary = {"id": case.id, "name": case.name, "initiative_id": case.initiative_id, "error": None}
    try:
        evaluation = investment.evaluate(case, viewer=COMMITTEE_READER, today=today)
    except calculation.InputError as exc:
        return summary | {"error": str(exc)}
    result = evaluation["result"]
    rates = evaluation["rates"]
    summary.update(
        {
            "first_year": result.years[0].year if result.years else case.start_year,
            "last_year": result.years[-1].year if result.years else case.start_year,
            "discount_rate": evaluation["inputs"].rate,
            "cost": result.totals["cost"],
            "cumulative": result.cumulative,
            "present_value": result.present_value,
            "break_even_year": result.break_even_year,
            "break_even_year_discounted": result.break_even_year_discounted,
            "consequences": [
                {
                    "name": r.consequence.name,
                    "measured": r.status == investment.MEASURED,
                    "hidden": r.hidden,
                    "gross": r.gross,
                    "baseline": r.baseline,
                    "net": r.net,
                    "note": r.reason,
                }
                for r in rates
            ],
            "measured": evaluation["measured_count"],
            "assumed": len(rates) - evaluation["measured_count"],
            "hidden": evaluation["hidden_count"],
            "chart": mark_safe(
                investment_charts.cumulative_chart_svg(result, uid=f"case-{case.id}")
            ),  # our SVG, its texts escaped
        }
    )
    return summary


# --- the report --------------------------------------------------------------------------------------


def _chart_years(figures: list[dict]) -> list[str]:
    """One x-axis for every trend chart in the report: every year any figure has."""
    return sorted({f["period"] for f in figures if period_kind(f["period"]) == "year"})


def report_data(plan: Plan, since: Since | None = None, today: datetime.date | None = None) -> dict:
    """Everything the committee report holds, in the order it tells it (PDF, XLSX and CSV alike)."""
    today = today or timezone.localdate()
    since = since or since_for(plan, today=today)
    figures = effects.keyfigures(plan, COMMITTEE_READER)
    period = report_period(plan, today)
    years = _chart_years(figures)
    reach_year = effects.period_year(period) if period else today.year
    reach = effects.reach_and_cost(plan, COMMITTEE_READER, reach_year)
    initiatives = _initiatives(plan)
    budgets = _budgets(initiatives)
    spent = spent_by_initiative([i.id for i in initiatives])
    updates = _latest_updates(initiatives)
    all_decisions = decisions(initiatives, since.date, today)
    all_follow_ups = follow_ups(initiatives, since.date, today)
    cases = case_summaries(initiatives, today)
    rows = []
    for ini, reach_row in zip(initiatives, reach, strict=True):
        table = effects.figure_table(figures, "initiative", period, ini.id) if period else []
        rows.append(
            {
                "initiative": ini,
                "status": ini.get_status_display(),
                "owner": ini.owner_unit.name,
                "update": updates.get(ini.id),
                "budget": budgets[ini.id],
                "spent": spent.get(ini.id) or Decimal(0),
                "reach": reach_row,
                "figures": table[0]["rows"] if table else [],
                "trends": _shown_trends(figures, "initiative", ini.id, years),
                "decisions": [d for d in all_decisions if ini.id in d["initiative_ids"]],
                "follow_ups": [f for f in all_follow_ups if ini.id in f["initiative_ids"]],
                "cases": [c for c in cases if c["initiative_id"] == ini.id],
            }
        )
    overall = effects.figure_table(figures, "plan", period) if period else []
    plan_trends = _shown_trends(figures, "plan", plan.id, years)
    _number_charts(plan_trends, rows)
    data = {
        "plan": plan,
        "today": today,
        "since": since,
        "period": period,
        "years": years,
        "reach_year": reach_year,
        "reach": reach,
        "reach_totals": reach_totals(reach),
        "budget": sum(budgets.values(), Decimal(0)),
        "plan_amount": sum((i.amount for i in initiatives), Decimal(0)),
        "spent": sum((spent.get(i.id) or Decimal(0) for i in initiatives), Decimal(0)),
        "overall": overall[0]["rows"] if overall else [],
        "plan_trends": plan_trends,
        "initiatives": rows,
        "decisions": all_decisions,
        "follow_ups": all_follow_ups,
        "cases": cases,
        "initiative_titles": {i.id: i.title for i in initiatives},
        "matrix": practice.matrix(plan, COMMITTEE_READER, today),
        "figures": [f for f in figures if f["period"] == period and f["scope"]["kind"] in ("plan", "initiative")],
        "target_counts": target_counts(figures, period),
        "explanations": [(effects.FIGURE_LABELS[k], v) for k, v in effects.EXPLANATIONS.items()],
        "period_rule": effects.PERIOD_RULE,
    }
    data["summary"] = wording.summary(data)
    return data


def _number_charts(plan_trends: list[dict], rows: list[dict]) -> None:
    """ "Figur 1", "Figur 2", … in reading order: the plan's charts, then each initiative's charts and cases."""
    charts = list(plan_trends)
    for row in rows:
        charts += row["trends"] + [case for case in row["cases"] if not case["error"]]
    for number, chart in enumerate(charts, start=1):
        chart["figure_number"] = number


def _shown_trends(figures, kind, scope_id, years) -> list[dict]:
    """The trend charts of one scope with at least one shown point (a chart of dashes tells nothing)."""
    charts = effects.trends(figures, kind, scope_id, periods=years, drawn_title=False)
    return [dict(chart) for chart in charts if chart["shown"]]


def target_counts(figures: list[dict], period: str | None) -> dict:
    """How the figures with a target for the period stand, per level (plan, initiative): met, not met,
    undecidable, hidden. Only verdicts of shown figures are counted: a hidden figure has none."""
    counts = {}
    for kind in ("plan", "initiative"):
        with_target = [
            f for f in figures if f["period"] == period and f["scope"]["kind"] == kind and f["target"] is not None
        ]
        counts[kind] = {
            "total": len(with_target),
            "hidden": sum(1 for f in with_target if f["suppressed"]),
            effects.MET: sum(1 for f in with_target if f["verdict"] == effects.MET),
            effects.NOT_MET: sum(1 for f in with_target if f["verdict"] == effects.NOT_MET),
            effects.UNDECIDED: sum(1 for f in with_target if f["verdict"] == effects.UNDECIDED),
        }
    return counts
