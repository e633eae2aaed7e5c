"""The investment calculation: plain inputs in, plain results out, no database.

Cohort rule (see docs/investment.md): the citizens who start in year i form a cohort; a
share `success_rate` of them succeed, and each successful citizen yields every consequence
in each year from year i + effect_offset up to the end of the horizon. So in year t the
number of successful citizens carrying effects is success_rate × Σ citizens[i] for all
cohorts i ≤ t − effect_offset.

Gains (avoided public costs) are counted per payer; the initiative's cost is borne by the
municipality. Net = gains of all payers − cost. Present value discounts year t (t = 0 for
the first year) by (1 + r)^t. Everything is Decimal; rounding happens only at display.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

PAYERS = ("kommune", "region", "stat")
MAX_HORIZON = 10
SENSITIVITY_STEP = Decimal("0.25")


class InputError(ValueError):
    """Bad input: `errors` maps the field to a Danish message that names it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


@dataclass(frozen=True)
class PriceInput:
    payer: str
    amount: Decimal | None
    committee: str = ""


@dataclass(frozen=True)
class ConsequenceInput:
    name: str
    quantity: Decimal
    prices: tuple[PriceInput, ...]
    unit: str = ""


@dataclass(frozen=True)
class CaseInputs:
    start_year: int
    citizens: tuple[int, ...]  # new citizens per year, from start_year
    costs: tuple[Decimal, ...]  # cost per year, from start_year
    success_rate: Decimal  # net of baseline, 0–1
    consequences: tuple[ConsequenceInput, ...]
    horizon: int = MAX_HORIZON
    effect_offset: int = 1
    discount_rate: Decimal | None = None  # None: settings.DISCOUNT_RATE

    @property
    def rate(self) -> Decimal:
        return Decimal(str(settings.DISCOUNT_RATE)) if self.discount_rate is None else Decimal(self.discount_rate)

    def as_dict(self) -> dict:
        return {
            "start_year": self.start_year,
            "horizon": self.horizon,
            "citizens": list(self.citizens),
            "costs": list(self.costs),
            "success_rate": self.success_rate,
            "effect_offset": self.effect_offset,
            "discount_rate": self.rate,
            "consequences": [
                {
                    "name": c.name,
                    "unit": c.unit,
                    "quantity": c.quantity,
                    "prices": [{"payer": p.payer, "committee": p.committee, "amount": p.amount} for p in c.prices],
                }
                for c in self.consequences
            ],
        }


@dataclass
class YearResult:
    year: int
    citizens: int
    successful: Decimal
    cost: Decimal
    by_payer: dict[str, Decimal]
    by_committee: dict[str, Decimal]
    net: Decimal
    cumulative: Decimal
    discounted_net: Decimal


@dataclass
class CaseResult:
    inputs: CaseInputs
    years: list[YearResult] = field(default_factory=list)
    break_even_year: int | None = None
    present_value: Decimal = Decimal(0)

    @property
    def cumulative(self) -> Decimal:
        return self.years[-1].cumulative if self.years else Decimal(0)

    @property
    def totals(self) -> dict:
        return {
            "cost": sum((y.cost for y in self.years), Decimal(0)),
            "by_payer": {p: sum((y.by_payer[p] for y in self.years), Decimal(0)) for p in PAYERS},
            "net": self.cumulative,
        }

    def as_dict(self) -> dict:
        return {
            "inputs": self.inputs.as_dict(),
            "years": [
                {
                    "year": y.year,
                    "citizens": y.citizens,
                    "successful": y.successful,
                    "cost": y.cost,
                    "by_payer": dict(y.by_payer),
                    "by_committee": dict(y.by_committee),
                    "net": y.net,
                    "cumulative": y.cumulative,
                    "discounted_net": y.discounted_net,
                }
                for y in self.years
            ],
            "break_even_year": self.break_even_year,
            "present_value": self.present_value,
        }


def validate(inputs: CaseInputs) -> None:
    """Raise InputError with one Danish message per bad field."""
    errors: dict[str, str] = {}
    if not 1 <= inputs.horizon <= MAX_HORIZON:
        errors["horizon"] = _("Tidshorisont skal være mellem 1 og %(max)s år.") % {"max": MAX_HORIZON}
    if any(n is None or n < 0 for n in inputs.citizens):
        errors["citizens"] = _("Antal borgere pr. år kan ikke være negativt.")
    if any(c is None or c < 0 for c in inputs.costs):
        errors["costs"] = _("Omkostning pr. år kan ikke være negativ.")
    if inputs.success_rate is None or not Decimal(0) <= inputs.success_rate <= Decimal(1):
        errors["success_rate"] = _("Succesrate skal være mellem 0 og 100 %.")
    if inputs.effect_offset is None or not 0 <= inputs.effect_offset <= MAX_HORIZON:
        errors["effect_offset"] = _("Effektens startår skal være mellem 0 og %(max)s år efter forløbets start.") % {
            "max": MAX_HORIZON
        }
    if inputs.discount_rate is not None and not Decimal(0) <= Decimal(inputs.discount_rate) < Decimal(1):
        errors["discount_rate"] = _("Diskonteringsrente skal være mellem 0 og 100 %.")
    for c in inputs.consequences:
        if c.quantity is None or c.quantity < 0:
            errors["quantity"] = _("Mængde for konsekvensen »%(name)s« kan ikke være negativ.") % {"name": c.name}
        if not c.prices or any(p.amount is None for p in c.prices):
            errors["price"] = _("Pris mangler for konsekvensen »%(name)s«.") % {"name": c.name}
        elif any(p.payer not in PAYERS for p in c.prices):
            errors["payer"] = _("Betaler for konsekvensen »%(name)s« skal være kommune, region eller stat.") % {
                "name": c.name
            }
    if errors:
        raise InputError(errors)


def calculate(inputs: CaseInputs) -> CaseResult:
    validate(inputs)
    # Gain per successful citizen per year, per payer and per municipal committee.
    unit_gain = dict.fromkeys(PAYERS, Decimal(0))
    unit_committee: dict[str, Decimal] = {}
    for c in inputs.consequences:
        for p in c.prices:
            gain = c.quantity * p.amount
            unit_gain[p.payer] += gain
            if p.payer == "kommune":
                key = p.committee or _("uden udvalg")
                unit_committee[key] = unit_committee.get(key, Decimal(0)) + gain

    result = CaseResult(inputs=inputs)
    cumulative = Decimal(0)
    present_value = Decimal(0)
    factor = Decimal(1) + inputs.rate
    for t in range(inputs.horizon):
        carrying = sum(inputs.citizens[: max(0, t - inputs.effect_offset + 1)])
        successful = inputs.success_rate * carrying
        by_payer = {p: successful * unit_gain[p] for p in PAYERS}
        cost = Decimal(inputs.costs[t]) if t < len(inputs.costs) else Decimal(0)
        net = sum(by_payer.values(), Decimal(0)) - cost
        cumulative += net
        discounted = net / factor**t
        present_value += discounted
        result.years.append(
            YearResult(
                year=inputs.start_year + t,
                citizens=inputs.citizens[t] if t < len(inputs.citizens) else 0,
                successful=successful,
                cost=cost,
                by_payer=by_payer,
                by_committee={k: successful * v for k, v in unit_committee.items()},
                net=net,
                cumulative=cumulative,
                discounted_net=discounted,
            )
        )
    result.present_value = present_value
    result.break_even_year = break_even_year(result.years)
    return result


def break_even_year(years: list[YearResult]) -> int | None:
    """The first year from which the cumulative result stays at or above zero to the horizon."""
    found = None
    for y in years:
        if y.cumulative < 0:
            found = None
        elif found is None:
            found = y.year
    return found


def with_success_rate(inputs: CaseInputs, rate: Decimal) -> CaseInputs:
    return replace(inputs, success_rate=min(Decimal(1), max(Decimal(0), Decimal(rate))))


def _scaled_prices(inputs: CaseInputs, factor: Decimal) -> CaseInputs:
    consequences = tuple(
        replace(c, prices=tuple(replace(p, amount=p.amount * factor) for p in c.prices)) for c in inputs.consequences
    )
    return replace(inputs, consequences=consequences)


def _summary(result: CaseResult) -> dict:
    return {
        "present_value": result.present_value,
        "cumulative": result.cumulative,
        "break_even_year": result.break_even_year,
    }


def sensitivity(inputs: CaseInputs) -> dict:
    """The result when success rate, prices and cost each move −25 % and +25 % (rate capped at 100 %)."""
    base = calculate(inputs)
    rows = []
    low, high = Decimal(1) - SENSITIVITY_STEP, Decimal(1) + SENSITIVITY_STEP
    variants = {
        "success_rate": (_("Succesrate"), lambda f: with_success_rate(inputs, inputs.success_rate * f)),
        "prices": (_("Priser"), lambda f: _scaled_prices(inputs, f)),
        "cost": (_("Omkostninger"), lambda f: replace(inputs, costs=tuple(c * f for c in inputs.costs))),
    }
    for key, (label, make) in variants.items():
        rows.append(
            {
                "parameter": key,
                "label": label,
                "low": _summary(calculate(make(low))),
                "high": _summary(calculate(make(high))),
            }
        )
    return {"step": SENSITIVITY_STEP, "base": _summary(base), "rows": rows}


def net_rate(gross: Decimal, baseline: Decimal) -> Decimal:
    """Observed gross success rate minus the baseline, never below zero."""
    return max(Decimal(0), Decimal(str(gross)) - Decimal(str(baseline)))


def observed(inputs: CaseInputs, gross: Decimal, baseline: Decimal, ci_low=None, ci_high=None) -> dict:
    """The case recomputed with the observed rate (and its 95 % interval ends) net of the baseline."""
    out = {"gross_rate": Decimal(str(gross)), "baseline": Decimal(str(baseline))}
    for key, rate in (("point", gross), ("low", ci_low), ("high", ci_high)):
        if rate is None:
            out[key] = None
            continue
        net = net_rate(rate, baseline)
        result = calculate(with_success_rate(inputs, net))
        out[key] = {"success_rate": net, **_summary(result), "result": result}
    return out
