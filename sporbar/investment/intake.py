"""The intake of an investment case: the courses actually started each year next to the planned intake,
as the viewer may see them, and the cost per course from the budget and from the spending."""

import datetime
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from sporbar.courses.models import Course
from sporbar.plans.models import BudgetLine, Spending

from . import disclosure
from .models import InvestmentCase


def _years(case: InvestmentCase) -> range:
    return range(case.start_year, case.start_year + case.horizon_years)


def planned_intake(case: InvestmentCase) -> list[int]:
    return [case.citizens_per_year if i < case.intake_years else 0 for i in range(case.horizon_years)]


def intake(case: InvestmentCase, viewer, today: datetime.date) -> dict:
    """Planned and observed starts per year, and the intake the case computes with.

    Observed: the initiative's courses started in each year from the case's first year to today. Outside the
    units, a year with 1–4 starts is hidden; those years are pooled (their sum spread evenly over them) when
    the sum is 5 or more, and left out (counted as 0) when it is not.
    """
    years = list(_years(case))
    planned = planned_intake(case)
    courses = Course.objects.filter(initiative_id=case.initiative_id)
    units = set(courses.values_list("unit_id", flat=True).distinct())
    inside = disclosure.inside(viewer, units)
    counts = dict(
        courses.filter(start_date__year__gte=case.start_year, start_date__lte=today)
        .annotate(y=ExtractYear("start_date"))
        .values("y")
        .annotate(n=Count("id"))
        .values_list("y", "n")
    )
    observed_years = [y for y in years if y <= today.year]
    hidden = [y for y in observed_years if disclosure.count_hidden(counts.get(y, 0), inside)]
    hidden_sum = sum(counts.get(y, 0) for y in hidden)
    pooled = hidden_sum >= disclosure.threshold()
    observed_used = {}
    for y in observed_years:
        if y not in hidden:
            observed_used[y] = Decimal(counts.get(y, 0))
        else:
            observed_used[y] = Decimal(hidden_sum) / len(hidden) if pooled else Decimal(0)
    use_observed = case.intake_source == InvestmentCase.IntakeSource.OBSERVED
    used = [
        observed_used[y] if use_observed and y in observed_used else Decimal(planned[i]) for i, y in enumerate(years)
    ]
    total = sum(counts.get(y, 0) for y in observed_years)
    rows = [
        {
            "year": y,
            "planned": planned[i],
            "observed": None if y in hidden or y > today.year else counts.get(y, 0),
            "hidden": y in hidden,
            "used": used[i],
        }
        for i, y in enumerate(years)
    ]
    return {
        "rows": rows,
        "source": case.intake_source,
        "planned": [{"year": y, "n": n} for y, n in zip(years, planned, strict=True)],
        "observed": [{"year": y, "n": None if y in hidden else counts.get(y, 0)} for y in observed_years],
        "hidden_years": hidden,
        "pooled": {"years": hidden, "n": hidden_sum} if hidden and pooled else None,
        "left_out_years": hidden if hidden and not pooled else [],
        # With a year left out, the total would give it away by subtraction.
        "observed_total": None if (hidden and not pooled) or disclosure.count_hidden(total, inside) else total,
        "used": used,
        "inside": inside,
    }


def cost_per_course(case: InvestmentCase, intake_data: dict) -> dict:
    """The budget per planned course next to the spending per course actually started, where spending is recorded."""
    budget = BudgetLine.objects.filter(initiative_id=case.initiative_id).aggregate(s=Sum("amount"))["s"]
    spent = Spending.objects.filter(initiative_id=case.initiative_id).aggregate(s=Sum("amount"))["s"]
    planned_n = sum(row["n"] for row in intake_data["planned"])
    observed_n = intake_data["observed_total"]
    return {
        "budget": budget,
        "spent": spent,
        "planned": budget / planned_n if budget and planned_n else None,
        "observed": spent / observed_n if spent and observed_n else None,
    }
