"""Business rules of the investment app: turn a stored case into calculation inputs, compute, compare.

What is measured replaces what was assumed, consequence by consequence, where the viewer may see it
(disclosure.py): the rate of each consequence's outcome (outcomes.py), the baseline from a matched
comparison group, and the intake from the courses actually started (intake.py).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from sporbar import formats
from sporbar.courses.models import Course
from sporbar.plans.models import BudgetLine, Spending

from . import calculation as calc
from . import disclosure, intake, outcomes
from .models import EMPLOYMENT_FIGURE, CaseConsequence, Consequence, InvestmentCase, Price

ASSUMED, MEASURED = "antaget", "maalt"
FROM_COMPARISON, FROM_CATALOGUE, FROM_CASE = "sammenligning", "katalog", "case"


# --- Bad input -----------------------------------------------------------------------------------


def unknown_cost_source_message(value: str = "") -> str:
    choices = ", ".join(InvestmentCase.CostSource.values)
    if value:
        return _("Ukendt omkostningskilde »%(v)s«: brug %(choices)s.") % {"v": value, "choices": choices}
    return _("Ukendt omkostningskilde: brug %(choices)s.") % {"choices": choices}


def price_error(consequence: Consequence) -> str | None:
    """A consequence the case cannot use because the catalogue holds no price for it."""
    if consequence.prices.exists():
        return None
    return _("Pris mangler for konsekvensen »%(name)s« i kataloget.") % {"name": consequence.name}


def case_errors(values: dict) -> dict[str, str]:
    """The rules across a case's fields (forms and API): {field: Danish message}."""
    errors = {}
    source = values.get("cost_source")
    if source not in InvestmentCase.CostSource.values:
        errors["cost_source"] = unknown_cost_source_message(str(source or ""))
    if source == InvestmentCase.CostSource.CATALOGUE and not values.get("cost_item"):
        errors["cost_item"] = _("Vælg omkostningen i kataloget, når omkostningerne kommer fra kataloget.")
    if values.get("usual_offer_quantity") and not values.get("usual_offer"):
        errors["usual_offer"] = _("Vælg den sædvanlige indsats, når den har en mængde.")
    for key in ("cost_item", "usual_offer"):
        item = values.get(key)
        if item is not None and key not in errors and (message := price_error(item)):
            errors[key] = message
    return errors


# --- Costs ---------------------------------------------------------------------------------------


def _prices(consequence_ids) -> dict[int, tuple[calc.PriceInput, ...]]:
    prices: dict[int, list] = {}
    for price in Price.objects.filter(consequence_id__in=list(consequence_ids)):
        prices.setdefault(price.consequence_id, []).append(
            calc.PriceInput(payer=price.payer, amount=price.amount, committee=price.committee)
        )
    return {k: tuple(v) for k, v in prices.items()}


def yearly_costs(case: InvestmentCase) -> tuple[Decimal, ...]:
    """The initiative's own cost per year of the horizon: budget lines, spending, or the entered figures."""
    years = range(case.start_year, case.start_year + case.horizon_years)
    source = case.cost_source
    if source == InvestmentCase.CostSource.CATALOGUE:
        return (Decimal(0),) * case.horizon_years  # the cost is per course-year, from the catalogue
    if source == InvestmentCase.CostSource.ENTERED:
        costs = [Decimal(0)] * case.horizon_years
        for i in range(min(case.running_years, case.horizon_years)):
            costs[i] = case.running_cost
        if costs:
            costs[0] += case.startup_cost
        return tuple(costs)
    if source == InvestmentCase.CostSource.SPENDING:
        rows = (
            Spending.objects.filter(initiative_id=case.initiative_id)
            .annotate(y=ExtractYear("date"))
            .values("y")
            .annotate(total=Sum("amount"))
            .values_list("y", "total")
        )
    elif source == InvestmentCase.CostSource.BUDGET:
        rows = (
            BudgetLine.objects.filter(initiative_id=case.initiative_id)
            .values("year")
            .annotate(total=Sum("amount"))
            .values_list("year", "total")
        )
    else:
        raise calc.InputError({"cost_source": unknown_cost_source_message(str(source))})
    by_year = dict(rows)
    # Cost before the first year of the case still belongs to it: count it in the first year.
    early = sum((v for y, v in by_year.items() if y < case.start_year), Decimal(0))
    costs = [by_year.get(y, Decimal(0)) for y in years]
    if costs:
        costs[0] += early
    return tuple(costs)


def _cost_item(consequence: Consequence | None, quantity, prices) -> tuple[calc.CostItemInput, ...]:
    if consequence is None or not quantity:
        return ()
    return (calc.CostItemInput(name=consequence.name, quantity=quantity, prices=prices.get(consequence.pk, ())),)


# --- Rates per consequence -----------------------------------------------------------------------


@dataclass
class ConsequenceRate:
    """One consequence of the case: the rate it is computed with, and where each part comes from."""

    use: CaseConsequence
    consequence: Consequence
    prices: tuple
    assumed: Decimal  # gross: the case's assumed net rate + the assumed baseline
    baseline: Decimal
    baseline_source: str
    status: str = ASSUMED
    reason: str = ""
    hidden: bool = False  # measured, but not to be shown to this viewer
    observed: dict | None = None  # {successes, n, share, ci_low, ci_high}
    comparison: dict | None = None
    notes: list = field(default_factory=list)

    @property
    def baseline_source_label(self) -> str:
        labels = {FROM_COMPARISON: _("målt i sammenligningsgruppe"), FROM_CATALOGUE: _("antaget i kataloget")}
        return labels.get(self.baseline_source, _("antaget i casen"))

    @property
    def gross(self) -> Decimal:
        return self.observed["share"] if self.observed else self.assumed

    @property
    def net(self) -> Decimal:
        return self.gross - self.baseline

    def rate(self) -> calc.RateInput:
        return calc.RateInput(gross=self.gross, baseline=self.baseline)

    def assumed_rate(self) -> calc.RateInput:
        assumed_baseline = self.comparison["assumed_baseline"] if self.comparison else self.baseline
        return calc.RateInput(gross=self.assumed, baseline=assumed_baseline)

    def interval_end(self, end: str) -> calc.RateInput | None:
        """The rate at the low or high end of the measured interval (the difference's, with a comparison)."""
        if not self.observed:
            return None
        if self.comparison and self.comparison.get("used"):
            net = self.comparison[f"difference_{end}"]
            return calc.RateInput(gross=calc.clamp(self.baseline + net), baseline=self.baseline)
        return calc.RateInput(gross=self.observed[f"ci_{end}"], baseline=self.baseline)


def _assumed_baseline(case: InvestmentCase, consequence: Consequence) -> tuple[Decimal, str]:
    if consequence.baseline_rate is not None:
        return consequence.baseline_rate, FROM_CATALOGUE
    return case.baseline_rate, FROM_CASE


def observation_window(case: InvestmentCase, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From 1 January of the year the initiative's first course started to the end of the last whole year.

    The same window for every case of the initiative, and it moves once a year: a range ending today
    would change with every assessment, and two ranges subtracted from each other (two days, or two
    cases with different first years) would tell how the few courses in between went.
    """
    first = Course.objects.filter(initiative_id=case.initiative_id).aggregate(first=Min("start_date"))["first"]
    return datetime.date(first.year if first else case.start_year, 1, 1), datetime.date(today.year - 1, 12, 31)


def _measure(rate: ConsequenceRate, case: InvestmentCase, viewer, window, memo: dict) -> None:
    """Replace the assumed rate (and baseline) with the measured ones where they exist and may be shown."""
    consequence = rate.consequence
    if not consequence.outcome_figure:
        rate.reason = _("Intet målt udfald i kataloget.")
        return
    if consequence.outcome_figure == EMPLOYMENT_FIGURE and not case.initiative.is_employment:
        rate.reason = _("Initiativet er ikke beskæftigelsesrettet, så beskæftigelse måles ikke.")
        return
    if window[0] > window[1]:
        rate.reason = _("Casen begynder i år: intet helt år er målt endnu.")
        return
    key = (consequence.outcome_figure, consequence.outcome_dimension)
    if key not in memo:  # consequences driven by the same outcome share one query
        memo[key] = outcomes.measure(case.initiative, *key, window)
    measured = memo[key]
    own = measured.own
    if not own.n:
        rate.reason = _("Ingen af initiativets forløb er målt på udfaldet endnu.")
        return
    if disclosure.rate_hidden(own.successes, own.n, disclosure.inside(viewer, own.units)):
        rate.hidden = True
        rate.reason = _(
            "Målt, men skjult uden for de enheder, der arbejder med borgerne "
            "(færre end 5 forløb, eller 1–4 der lykkedes eller ikke lykkedes)."
        )
        return
    low, high = outcomes.wilson(own.successes, own.n)
    rate.status, rate.reason = MEASURED, ""
    rate.observed = {"successes": own.successes, "n": own.n, "share": own.share, "ci_low": low, "ci_high": high}
    rate.comparison = _comparison(rate, measured, viewer)


def _comparison(rate: ConsequenceRate, measured: outcomes.Measurement, viewer) -> dict:
    names = [i.title for i in measured.comparison_initiatives]
    block = {"initiatives": names, "used": False, "assumed_baseline": rate.baseline}
    if not names:
        block["text"] = _("Ingen andre initiativer for samme målgruppe: basisraten er antaget.")
        return block
    matched = outcomes.match(measured.own, measured.comparison)
    if matched is None:
        block["text"] = _("Ingen forløb i samme målgruppe med samme første vurdering: basisraten er antaget.")
        return block
    inside = disclosure.inside(viewer, measured.comparison.units)
    # Each initiative's part must be showable on its own: else the effect pages' figure of one part,
    # subtracted from the group, could give another away.
    parts = [p for p in matched.parts.values() if p[1]]
    if any(disclosure.rate_hidden(ok, n, inside) for ok, n in [(matched.successes, matched.n), *parts]):
        block["text"] = _(
            "Sammenligningsgruppen er for lille til at blive vist uden for de enheder, der arbejder med "
            "borgerne: basisraten er antaget."
        )
        return block
    level = outcomes.strength(matched)
    block.update(
        used=True,
        successes=matched.successes,
        n=matched.n,
        effective_n=matched.effective_n,
        coverage=matched.coverage,
        baseline=matched.baseline,
        difference_low=matched.difference_low,
        difference_high=matched.difference_high,
        strength=level,
        text=comparison_text(level, matched, names),
    )
    rate.baseline, rate.baseline_source = matched.baseline, FROM_COMPARISON
    return block


def comparison_text(level: str, matched: outcomes.Matched, names: list[str]) -> str:
    return _(
        "Sammenligningen er %(level)s: %(n)s forløb for samme målgruppe uden for initiativet (%(names)s), "
        "matchet på første vurdering; %(coverage)s af initiativets forløb har sammenlignelige forløb, og "
        "efter vægtning svarer gruppen til %(eff)s forløb. Borgerne er ikke fordelt ved lodtrækning, så "
        "forskellen kan også skyldes andet end indsatsen."
    ) % {
        "level": level,
        "n": formats.number(matched.n),
        "names": "; ".join(names),
        "coverage": formats.percent(matched.coverage),
        "eff": formats.number(matched.effective_n, 1),
    }


def consequence_rates(case: InvestmentCase, viewer=None, today=None, measure=True) -> list[ConsequenceRate]:
    today = today or datetime.date.today()
    uses = list(CaseConsequence.objects.filter(case=case).select_related("consequence"))
    prices = _prices(u.consequence_id for u in uses)
    window = observation_window(case, today)
    rates, memo = [], {}
    for use in uses:
        baseline, source = _assumed_baseline(case, use.consequence)
        rate = ConsequenceRate(
            use=use,
            consequence=use.consequence,
            prices=prices.get(use.consequence_id, ()),
            assumed=min(Decimal(1), case.success_rate + baseline),
            baseline=baseline,
            baseline_source=source,
        )
        if measure:
            _measure(rate, case, viewer, window, memo)
        rates.append(rate)
    return rates


# --- Inputs and evaluation -----------------------------------------------------------------------


def case_inputs(case: InvestmentCase, viewer=None, today=None, measure=True, rates=None, intake_data=None):
    """The calculation's inputs: measured where possible and permitted (measure=False: every rate assumed)."""
    today = today or datetime.date.today()
    if rates is None:
        rates = consequence_rates(case, viewer, today, measure)
    if intake_data is None:
        intake_data = intake.intake(case, viewer, today)
    items = _prices(i for i in (case.cost_item_id, case.usual_offer_id) if i)
    return calc.CaseInputs(
        start_year=case.start_year,
        horizon=case.horizon_years,
        citizens=tuple(intake_data["used"]),
        costs=yearly_costs(case),
        success_rate=case.success_rate,
        discount_rate=case.discount_rate,
        course_months=Decimal(case.course_months),
        effect=calc.EffectInputs(
            start_months=Decimal(case.effect_start_in_months),
            duration_years=Decimal(case.effect_years),
            decay=Decimal(case.effect_decay),
        ),
        consequences=tuple(
            calc.ConsequenceInput(
                name=r.consequence.name,
                unit=r.consequence.unit,
                quantity=r.use.quantity,
                prices=r.prices,
                rate=r.rate() if measure else r.assumed_rate(),
            )
            for r in rates
        ),
        cost_items=_cost_item(
            case.cost_item if case.cost_source == InvestmentCase.CostSource.CATALOGUE else None,
            case.cost_item_quantity,
            items,
        ),
        usual_offer=_cost_item(case.usual_offer, case.usual_offer_quantity, items),
    )


def evaluate(case: InvestmentCase, viewer=None, today=None, measure=True) -> dict:
    """Everything the case page, the command and the API show, as the viewer may see it.

    Raises calculation.InputError if the stored inputs are incomplete (e.g. a missing price).
    """
    today = today or datetime.date.today()
    rates = consequence_rates(case, viewer, today, measure)
    intake_data = intake.intake(case, viewer, today)
    inputs = case_inputs(case, viewer, today, measure, rates, intake_data)
    result = calc.calculate(inputs)
    assumed = calc.calculate(calc.with_rates(inputs, [r.assumed_rate() for r in rates]))
    measured = [r for r in rates if r.status == MEASURED]
    ends = {}
    for end in ("low", "high"):
        ends[end] = calc.calculate(calc.with_rates(inputs, [r.interval_end(end) for r in rates])) if measured else None
    return {
        "case": case,
        "inputs": inputs,
        "result": result,
        "assumed_result": assumed,
        "interval_results": ends,
        "rates": rates,
        "measured_count": len(measured),
        "hidden_count": sum(1 for r in rates if r.hidden),
        "intake": intake_data,
        "cost_per_course": intake.cost_per_course(case, intake_data),
        "window": observation_window(case, today),
        "sensitivity": calc.sensitivity(inputs),
    }


# --- JSON ----------------------------------------------------------------------------------------


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


def rate_json(rate: ConsequenceRate) -> dict:
    observed = rate.observed or {}
    comparison = rate.comparison or {}
    return to_json(
        {
            "assumed": rate.assumed,
            "observed": observed.get("share"),
            "ci_low": observed.get("ci_low"),
            "ci_high": observed.get("ci_high"),
            "successes": observed.get("successes"),
            "n": observed.get("n"),
            "baseline": rate.baseline,
            "baseline_source": rate.baseline_source,
            "net": rate.net,
            "net_ci_low": comparison.get("difference_low"),
            "net_ci_high": comparison.get("difference_high"),
            "status": rate.status,
            "reason": rate.reason,
            "hidden": rate.hidden,
        }
    )


def consequences_json(rates: list[ConsequenceRate]) -> list[dict]:
    """One entry per consequence and payer (a consequence's price may be shared by several payers)."""
    out = []
    for rate in rates:
        comparison = rate.comparison
        if comparison is not None:
            comparison = to_json({k: v for k, v in comparison.items() if k != "assumed_baseline"})
        for price in rate.prices:
            out.append(
                {
                    "name": rate.consequence.name,
                    "unit": rate.consequence.unit,
                    "quantity": _number(rate.use.quantity),
                    "payer": price.payer,
                    "committee": price.committee,
                    "price": _number(price.amount),
                    "outcome": rate.consequence.outcome,
                    "rate": rate_json(rate),
                    "comparison": comparison,
                }
            )
    return out


def _summary_json(result) -> dict | None:
    return None if result is None else to_json(calc.summary(result))


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
            "intake_source": case.intake_source,
        }
    )
    out["consequences"] = consequences_json(evaluation["rates"])
    intake_data = evaluation["intake"]
    out["intake"] = to_json(
        {k: intake_data[k] for k in ("source", "planned", "observed", "pooled", "left_out_years", "used")}
    )
    out["effect"] = {
        "starts": case.effect_start,
        "start_months": case.effect_start_in_months,
        "course_months": case.course_months,
        "duration_years": float(case.effect_years),
        "decay": float(case.effect_decay),
    }
    out["cost_per_course"] = to_json(evaluation["cost_per_course"])
    window = evaluation["window"]
    out["observation_window"] = {"from": window[0].isoformat(), "to": window[1].isoformat()}
    ends = evaluation["interval_results"]
    out["observed"] = {
        "measured": evaluation["measured_count"],
        "hidden": evaluation["hidden_count"],
        "point": _summary_json(evaluation["result"]),
        "assumed": _summary_json(evaluation["assumed_result"]),
        "low": _summary_json(ends["low"]),
        "high": _summary_json(ends["high"]),
    }
    out["sensitivity"] = to_json(evaluation["sensitivity"])
    return out


def evaluation_error(case: InvestmentCase) -> str | None:
    try:
        calc.validate(case_inputs(case, measure=False))
    except calc.InputError as exc:
        return str(exc)
    return None


def label_payers() -> dict[str, str]:
    return {"kommune": _("Kommune"), "region": _("Region"), "stat": _("Stat")}
