"""Business rules of the investment app: turn a stored case into calculation inputs, compute, compare."""

from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from sporbar.plans.models import BudgetLine, Spending

from . import calculation as calc
from .models import CaseConsequence, InvestmentCase, Price

# No figure about fewer than 5 citizens is shown outside the unit that works with them.
MIN_COURSES = 5


def yearly_costs(case: InvestmentCase) -> tuple[Decimal, ...]:
    """Cost per year of the horizon, from the budget lines, the spending, or the entered figures."""
    years = range(case.start_year, case.start_year + case.horizon_years)
    if case.cost_source == InvestmentCase.CostSource.ENTERED:
        costs = [Decimal(0)] * case.horizon_years
        for i in range(min(case.running_years, case.horizon_years)):
            costs[i] = case.running_cost
        if costs:
            costs[0] += case.startup_cost
        return tuple(costs)
    if case.cost_source == InvestmentCase.CostSource.SPENDING:
        rows = (
            Spending.objects.filter(initiative_id=case.initiative_id)
            .annotate(y=ExtractYear("date"))
            .values("y")
            .annotate(total=Sum("amount"))
            .values_list("y", "total")
        )
    else:
        rows = (
            BudgetLine.objects.filter(initiative_id=case.initiative_id)
            .values("year")
            .annotate(total=Sum("amount"))
            .values_list("year", "total")
        )
    by_year = dict(rows)
    # Cost before the first year of the case still belongs to it: count it in the first year.
    early = sum((v for y, v in by_year.items() if y < case.start_year), Decimal(0))
    costs = [by_year.get(y, Decimal(0)) for y in years]
    if costs:
        costs[0] += early
    return tuple(costs)


def case_inputs(case: InvestmentCase) -> calc.CaseInputs:
    uses = list(CaseConsequence.objects.filter(case=case).select_related("consequence"))
    prices: dict[int, list] = {}
    for price in Price.objects.filter(consequence_id__in=[u.consequence_id for u in uses]):
        prices.setdefault(price.consequence_id, []).append(
            calc.PriceInput(payer=price.payer, amount=price.amount, committee=price.committee)
        )
    citizens = [0] * case.horizon_years
    for i in range(min(case.intake_years, case.horizon_years)):
        citizens[i] = case.citizens_per_year
    return calc.CaseInputs(
        start_year=case.start_year,
        horizon=case.horizon_years,
        citizens=tuple(citizens),
        costs=yearly_costs(case),
        success_rate=case.success_rate,
        effect_offset=case.effect_offset,
        discount_rate=case.discount_rate,
        consequences=tuple(
            calc.ConsequenceInput(
                name=u.consequence.name,
                unit=u.consequence.unit,
                quantity=u.quantity,
                prices=tuple(prices.get(u.consequence_id, ())),
            )
            for u in uses
        ),
    )


def observed_rate(initiative_id: int) -> dict | None:
    """The effect figure of the effects app for the initiative, or None while there is none."""
    try:
        from sporbar.effects.services import initiative_success_rate
    except (ImportError, AttributeError):
        return None
    return initiative_success_rate(initiative_id)


def evaluate(case: InvestmentCase, observed_figure: dict | None = None, use_observed: bool = True) -> dict:
    """Everything the case page, the command and the API show: inputs, result, observed, sensitivity.

    Raises calculation.InputError if the stored inputs are incomplete (e.g. a missing price).
    """
    inputs = case_inputs(case)
    result = calc.calculate(inputs)
    figure = (
        observed_figure
        if observed_figure is not None
        else (observed_rate(case.initiative_id) if use_observed else None)
    )
    observed = None
    suppressed = bool(figure) and (figure.get("denominator") or 0) < MIN_COURSES
    if figure and figure.get("share") is not None and not suppressed:
        observed = calc.observed(
            inputs, figure["share"], case.baseline_rate, figure.get("ci_low"), figure.get("ci_high")
        )
        observed["figure"] = figure.get("figure", "")
        observed["count"] = figure.get("count")
        observed["denominator"] = figure.get("denominator")
    return {
        "case": case,
        "inputs": inputs,
        "result": result,
        "observed": observed,
        "observed_suppressed": suppressed,
        "sensitivity": calc.sensitivity(inputs),
    }


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_json(data):
    """Decimals as JSON numbers, recursively; results as dicts."""
    if isinstance(data, calc.CaseResult):
        return to_json(data.as_dict())
    if isinstance(data, dict):
        return {k: to_json(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [to_json(v) for v in data]
    return _number(data)


def evaluation_json(evaluation: dict) -> dict:
    """The evaluation as plain JSON data (`sporbar investment --json` and the API)."""
    case = evaluation["case"]
    out = to_json(evaluation["result"])
    out["case"] = {"id": case.id, "name": case.name, "initiative_id": case.initiative_id}
    out["inputs"].update(
        {
            "initiative_id": case.initiative_id,
            "cost_source": case.cost_source,
            "baseline_rate": float(case.baseline_rate),
        }
    )
    obs = evaluation["observed"]
    if obs:
        block = {k: to_json(v) for k, v in obs.items() if k not in ("point", "low", "high")}
        for key in ("point", "low", "high"):
            part = obs[key]
            block[key] = None if part is None else to_json({k: v for k, v in part.items() if k != "result"})
        out["observed"] = block
    else:
        out["observed"] = {"suppressed": True} if evaluation.get("observed_suppressed") else None
    out["sensitivity"] = to_json(evaluation["sensitivity"])
    return out


def evaluation_error(case: InvestmentCase) -> str | None:
    try:
        calc.validate(case_inputs(case))
    except calc.InputError as exc:
        return str(exc)
    return None


def label_payers() -> dict[str, str]:
    return {"kommune": _("Kommune"), "region": _("Region"), "stat": _("Stat")}
