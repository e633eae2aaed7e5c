"""The investment calculation, the way SØM reasons: plain inputs in, plain results out, no database.

The model (docs/investment.md has it in full, point by point next to SØM, with a worked example):

- Cohorts: the citizens who start a course in year i form a cohort; on average they start in the
  middle of that year (1 July).
- Timing: a course lasts `course_months`. The effect of a successful course starts
  `effect.start_months` after the course starts (at its end, or while it runs), lasts
  `effect.duration_years` and fades by `effect.decay` a year: in its k-th year (k = 0, 1, …) it is
  worth (1 − decay)^k of the full effect. A calendar year gets the part of each effect year that
  falls in it. Nothing beyond the horizon (at most 10 years) is counted.
- Each consequence has its own net rate: the share of the citizens who reach the outcome that
  drives it (gross) minus the share who would have reached it anyway (baseline). The gain for a
  payer in year t is (citizens carrying effect) × net rate × quantity × the payer's unit price.
- Costs by payer: the initiative's own cost (the municipality's budget, spending or entered figures),
  catalogue costs per citizen-year in course, minus the usual offer the course replaces.
- Net = gains − costs; present value discounts year t (t = 0 for the first year) by (1 + r)^t;
  break-even both undiscounted and discounted.

Money is Decimal in kroner; rounding happens only on display.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

PAYERS = ("kommune", "region", "stat")
MAX_HORIZON = 10
MAX_MONTHS = 120
SENSITIVITY_STEP = Decimal("0.25")
COHORT_START = Decimal("0.5")  # a year's cohort starts, on average, in the middle of the year
ZERO, ONE = Decimal(0), Decimal(1)


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
class RateInput:
    """The share who reach a consequence's outcome with the initiative (gross) and without it (baseline)."""

    gross: Decimal
    baseline: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return Decimal(self.gross) - Decimal(self.baseline)


@dataclass(frozen=True)
class ConsequenceInput:
    name: str
    quantity: Decimal  # per successful citizen per year of full effect
    prices: tuple[PriceInput, ...]
    unit: str = ""
    rate: RateInput | None = None  # None: the case's assumed net success rate


@dataclass(frozen=True)
class CostItemInput:
    """A catalogue item used per citizen per year in course (the initiative's cost, or the usual offer)."""

    name: str
    quantity: Decimal
    prices: tuple[PriceInput, ...]


@dataclass(frozen=True)
class EffectInputs:
    start_months: Decimal = Decimal(6)  # from a course's start to the first effect
    duration_years: Decimal = Decimal(MAX_HORIZON)
    decay: Decimal = ZERO  # the share of the effect lost each year


@dataclass(frozen=True)
class CaseInputs:
    start_year: int
    citizens: tuple  # new citizens per year, from start_year
    costs: tuple[Decimal, ...]  # the initiative's own cost per year (the municipality's), from start_year
    success_rate: Decimal  # assumed net rate, used by consequences without a rate of their own
    consequences: tuple[ConsequenceInput, ...]
    horizon: int = MAX_HORIZON
    discount_rate: Decimal | None = None  # None: settings.DISCOUNT_RATE
    course_months: Decimal = Decimal(12)
    effect: EffectInputs = field(default_factory=EffectInputs)
    cost_items: tuple[CostItemInput, ...] = ()  # the initiative's cost per citizen-year in course, by payer
    usual_offer: tuple[CostItemInput, ...] = ()  # what the citizens would otherwise have received

    @property
    def rate(self) -> Decimal:
        return Decimal(str(settings.DISCOUNT_RATE)) if self.discount_rate is None else Decimal(self.discount_rate)

    def rate_of(self, consequence: ConsequenceInput) -> RateInput:
        return consequence.rate or RateInput(gross=self.success_rate)

    def as_dict(self) -> dict:
        return {
            "start_year": self.start_year,
            "horizon": self.horizon,
            "citizens": list(self.citizens),
            "costs": list(self.costs),
            "success_rate": self.success_rate,
            # Years from 1 January of a cohort's year to its effect (the older form of the effect's start).
            "effect_offset": COHORT_START + Decimal(self.effect.start_months) / 12,
            "course_months": self.course_months,
            "effect": _effect_dict(self.effect),
            "discount_rate": self.rate,
            "consequences": [
                {
                    "name": c.name,
                    "unit": c.unit,
                    "quantity": c.quantity,
                    "net_rate": self.rate_of(c).net,
                    "prices": _prices_dict(c.prices),
                }
                for c in self.consequences
            ],
            "cost_items": [_item_dict(i) for i in self.cost_items],
            "usual_offer": [_item_dict(i) for i in self.usual_offer],
        }


def _prices_dict(prices) -> list[dict]:
    return [{"payer": p.payer, "committee": p.committee, "amount": p.amount} for p in prices]


def _item_dict(item: CostItemInput) -> dict:
    return {"name": item.name, "quantity": item.quantity, "prices": _prices_dict(item.prices)}


def _effect_dict(effect: EffectInputs) -> dict:
    return {
        "start_months": effect.start_months,
        "duration_years": effect.duration_years,
        "decay": effect.decay,
    }


@dataclass
class YearResult:
    year: int
    citizens: Decimal  # new citizens this year
    in_course: Decimal  # citizen-years in course
    carrying: Decimal  # citizens carrying effect, each weighted by the strength of its effect this year
    successful: Decimal  # carrying × the gain-weighted net rate
    cost: Decimal  # all payers, net of the usual offer
    cost_by_payer: dict[str, Decimal]
    by_payer: dict[str, Decimal]  # avoided costs (gains)
    by_committee: dict[str, Decimal]
    by_consequence: dict[str, Decimal]
    net: Decimal
    net_by_payer: dict[str, Decimal]
    cumulative: Decimal
    discounted_net: Decimal
    cumulative_discounted: Decimal


@dataclass
class CaseResult:
    inputs: CaseInputs
    years: list[YearResult] = field(default_factory=list)
    break_even_year: int | None = None  # undiscounted
    break_even_year_discounted: int | None = None
    present_value: Decimal = ZERO
    effect_profile: list[Decimal] = field(default_factory=list)
    course_profile: list[Decimal] = field(default_factory=list)

    @property
    def cumulative(self) -> Decimal:
        return self.years[-1].cumulative if self.years else ZERO

    @property
    def totals(self) -> dict:
        def total(key):
            return {p: sum((getattr(y, key)[p] for y in self.years), ZERO) for p in PAYERS}

        return {
            "cost": sum((y.cost for y in self.years), ZERO),
            "cost_by_payer": total("cost_by_payer"),
            "by_payer": total("by_payer"),
            "net_by_payer": total("net_by_payer"),
            "net": self.cumulative,
        }

    def as_dict(self) -> dict:
        return {
            "inputs": self.inputs.as_dict(),
            "years": [
                {
                    "year": y.year,
                    "citizens": y.citizens,
                    "in_course": y.in_course,
                    "carrying": y.carrying,
                    "successful": y.successful,
                    "cost": y.cost,
                    "cost_by_payer": dict(y.cost_by_payer),
                    "by_payer": dict(y.by_payer),
                    "by_committee": dict(y.by_committee),
                    "by_consequence": dict(y.by_consequence),
                    "net": y.net,
                    "net_by_payer": dict(y.net_by_payer),
                    "cumulative": y.cumulative,
                    "discounted_net": y.discounted_net,
                    "cumulative_discounted": y.cumulative_discounted,
                }
                for y in self.years
            ],
            "totals": self.totals,
            "break_even_year": self.break_even_year,
            "break_even_year_discounted": self.break_even_year_discounted,
            "present_value": self.present_value,
            "effect_profile": list(self.effect_profile),
            "course_profile": list(self.course_profile),
        }


# --- Validation ----------------------------------------------------------------------------------


def _between(value, low, high) -> bool:
    return value is not None and Decimal(low) <= Decimal(value) <= Decimal(high)


def validate(inputs: CaseInputs) -> None:
    """Raise InputError with one Danish message per bad field."""
    errors: dict[str, str] = {}
    if not 1 <= inputs.horizon <= MAX_HORIZON:
        errors["horizon"] = _("Tidshorisont skal være mellem 1 og %(max)s år.") % {"max": MAX_HORIZON}
    if any(n is None or n < 0 for n in inputs.citizens):
        errors["citizens"] = _("Antal borgere pr. år kan ikke være negativt.")
    if any(c is None or c < 0 for c in inputs.costs):
        errors["costs"] = _("Omkostning pr. år kan ikke være negativ.")
    if not _between(inputs.success_rate, 0, 1):
        errors["success_rate"] = _("Succesrate skal være mellem 0 og 100 %.")
    if not _between(inputs.course_months, 1, MAX_MONTHS):
        errors["course_months"] = _("Forløbets længde skal være mellem 1 og %(max)s måneder.") % {"max": MAX_MONTHS}
    effect = inputs.effect
    if not _between(effect.start_months, 0, MAX_MONTHS):
        errors["effect_start"] = _("Effekten skal starte mellem 0 og %(max)s måneder efter forløbets start.") % {
            "max": MAX_MONTHS
        }
    if not _between(effect.duration_years, 0, MAX_HORIZON) or effect.duration_years <= 0:
        errors["effect_years"] = _("Effektens varighed skal være over 0 og højst %(max)s år.") % {"max": MAX_HORIZON}
    if not _between(effect.decay, 0, 1):
        errors["effect_decay"] = _("Effektens aftagning pr. år skal være mellem 0 og 100 %.")
    if inputs.discount_rate is not None and not Decimal(0) <= Decimal(inputs.discount_rate) < Decimal(1):
        errors["discount_rate"] = _("Diskonteringsrente skal være mellem 0 og 100 %.")
    for c in inputs.consequences:
        if c.quantity is None or c.quantity < 0:
            errors["quantity"] = _("Mængde for konsekvensen »%(name)s« kan ikke være negativ.") % {"name": c.name}
        _check_prices(errors, c.name, c.prices)
        rate = inputs.rate_of(c)
        if not (_between(rate.gross, 0, 1) and _between(rate.baseline, 0, 1)):
            errors["rate"] = _("Succesrate og basisrate for »%(name)s« skal være mellem 0 og 100 %%.") % {
                "name": c.name
            }
    for item in (*inputs.cost_items, *inputs.usual_offer):
        if item.quantity is None or item.quantity < 0:
            errors["quantity"] = _("Mængde for »%(name)s« kan ikke være negativ.") % {"name": item.name}
        _check_prices(errors, item.name, item.prices)
    if errors:
        raise InputError(errors)


def _check_prices(errors: dict, name: str, prices) -> None:
    if not prices or any(p.amount is None for p in prices):
        errors["price"] = _("Pris mangler for konsekvensen »%(name)s«.") % {"name": name}
    elif any(p.payer not in PAYERS for p in prices):
        errors["payer"] = _("Betaler for konsekvensen »%(name)s« skal være kommune, region eller stat.") % {
            "name": name
        }


# --- Timing --------------------------------------------------------------------------------------


def _overlap(start: Decimal, end: Decimal, year: int) -> Decimal:
    """How much of the interval [start, end) falls in year [year, year + 1), in years."""
    return max(ZERO, min(end, Decimal(year + 1)) - max(start, Decimal(year)))


def course_profile(inputs: CaseInputs) -> list[Decimal]:
    """Years in course per citizen in year j after the cohort's own year (j = 0 is that year)."""
    start = COHORT_START
    end = start + Decimal(inputs.course_months) / 12
    return [_overlap(start, end, j) for j in range(inputs.horizon)]


def effect_profile(inputs: CaseInputs) -> list[Decimal]:
    """The effect per successful citizen in year j after the cohort's own year (1 = a full year at full strength)."""
    effect = inputs.effect
    start = COHORT_START + Decimal(effect.start_months) / 12
    end = start + Decimal(effect.duration_years)
    keep = ONE - Decimal(effect.decay)
    profile = []
    for j in range(inputs.horizon):
        total, k = ZERO, 0
        while start + k < end:
            strength = ONE if k == 0 else keep**k  # Decimal refuses 0 ** 0
            total += strength * _overlap(start + k, min(start + k + 1, end), j)
            k += 1
        profile.append(total)
    return profile


def _convolve(citizens, profile, t: int) -> Decimal:
    return sum((Decimal(citizens[i]) * profile[t - i] for i in range(min(t + 1, len(citizens)))), ZERO)


# --- The calculation -----------------------------------------------------------------------------


def _per_citizen_by_payer(items) -> dict[str, Decimal]:
    out = dict.fromkeys(PAYERS, ZERO)
    for item in items:
        for p in item.prices:
            out[p.payer] += Decimal(item.quantity) * p.amount
    return out


def calculate(inputs: CaseInputs) -> CaseResult:
    validate(inputs)
    effect = effect_profile(inputs)
    in_course = course_profile(inputs)
    item_cost = _per_citizen_by_payer(inputs.cost_items)
    usual_cost = _per_citizen_by_payer(inputs.usual_offer)
    # Gain per citizen carrying a full year of effect, per payer, committee and consequence (net rate included).
    unit_gain = dict.fromkeys(PAYERS, ZERO)
    unit_committee: dict[str, Decimal] = {}
    unit_consequence: dict[str, Decimal] = {}
    gross_gain = ZERO  # the same at a net rate of 100 %, to weigh the "successful" column
    for c in inputs.consequences:
        net = inputs.rate_of(c).net
        for p in c.prices:
            gain = c.quantity * p.amount * net
            gross_gain += c.quantity * p.amount
            unit_gain[p.payer] += gain
            unit_consequence[c.name] = unit_consequence.get(c.name, ZERO) + gain
            if p.payer == "kommune":
                key = p.committee or _("uden udvalg")
                unit_committee[key] = unit_committee.get(key, ZERO) + gain
    mean_net = sum(unit_gain.values(), ZERO) / gross_gain if gross_gain else Decimal(inputs.success_rate)

    result = CaseResult(inputs=inputs, effect_profile=effect, course_profile=in_course)
    cumulative = cumulative_discounted = present_value = ZERO
    factor = ONE + inputs.rate
    for t in range(inputs.horizon):
        carrying = _convolve(inputs.citizens, effect, t)
        course_years = _convolve(inputs.citizens, in_course, t)
        own_cost = Decimal(inputs.costs[t]) if t < len(inputs.costs) else ZERO
        cost_by_payer = {p: course_years * (item_cost[p] - usual_cost[p]) for p in PAYERS}
        cost_by_payer["kommune"] += own_cost
        by_payer = {p: carrying * unit_gain[p] for p in PAYERS}
        cost = sum(cost_by_payer.values(), ZERO)
        net = sum(by_payer.values(), ZERO) - cost
        cumulative += net
        discounted = net / factor**t
        cumulative_discounted += discounted
        present_value += discounted
        result.years.append(
            YearResult(
                year=inputs.start_year + t,
                citizens=Decimal(inputs.citizens[t]) if t < len(inputs.citizens) else ZERO,
                in_course=course_years,
                carrying=carrying,
                successful=carrying * mean_net,
                cost=cost,
                cost_by_payer=cost_by_payer,
                by_payer=by_payer,
                by_committee={k: carrying * v for k, v in unit_committee.items()},
                by_consequence={k: carrying * v for k, v in unit_consequence.items()},
                net=net,
                net_by_payer={p: by_payer[p] - cost_by_payer[p] for p in PAYERS},
                cumulative=cumulative,
                discounted_net=discounted,
                cumulative_discounted=cumulative_discounted,
            )
        )
    result.present_value = present_value
    result.break_even_year = break_even_year(result.years)
    result.break_even_year_discounted = break_even_year(result.years, "cumulative_discounted")
    return result


def break_even_year(years: list[YearResult], key: str = "cumulative") -> int | None:
    """The first year from which the cumulative result stays at or above zero to the horizon."""
    found = None
    for y in years:
        if getattr(y, key) < 0:
            found = None
        elif found is None:
            found = y.year
    return found


# --- Variants: sensitivity and the ends of the measured intervals --------------------------------


def clamp(value) -> Decimal:
    return min(ONE, max(ZERO, Decimal(value)))


def with_success_rate(inputs: CaseInputs, rate: Decimal) -> CaseInputs:
    return replace(inputs, success_rate=clamp(rate))


def with_rates(inputs: CaseInputs, rates) -> CaseInputs:
    """The case with each consequence's rate replaced (None keeps it), in the order of the consequences."""
    consequences = tuple(
        c if rate is None else replace(c, rate=rate) for c, rate in zip(inputs.consequences, rates, strict=True)
    )
    return replace(inputs, consequences=consequences)


def _scaled_rates(inputs: CaseInputs, factor: Decimal, part: str) -> CaseInputs:
    """Every consequence's gross rate (part="gross") or baseline (part="baseline") times factor, within 0–100 %."""
    rates = []
    for c in inputs.consequences:
        rate = inputs.rate_of(c)
        rates.append(replace(rate, **{part: clamp(getattr(rate, part) * factor)}))
    scaled = with_rates(inputs, rates)
    if part == "gross":
        scaled = replace(scaled, success_rate=clamp(inputs.success_rate * factor))
    return scaled


def _scaled_prices(inputs: CaseInputs, factor: Decimal) -> CaseInputs:
    def scale(items):
        return tuple(replace(i, prices=tuple(replace(p, amount=p.amount * factor) for p in i.prices)) for i in items)

    return replace(inputs, consequences=scale(inputs.consequences), usual_offer=scale(inputs.usual_offer))


def _scaled_costs(inputs: CaseInputs, factor: Decimal) -> CaseInputs:
    items = tuple(replace(i, quantity=i.quantity * factor) for i in inputs.cost_items)
    return replace(inputs, costs=tuple(c * factor for c in inputs.costs), cost_items=items)


def _scaled_duration(inputs: CaseInputs, factor: Decimal) -> CaseInputs:
    years = min(Decimal(MAX_HORIZON), Decimal(inputs.effect.duration_years) * factor)
    return replace(inputs, effect=replace(inputs.effect, duration_years=years))


def summary(result: CaseResult) -> dict:
    return {
        "present_value": result.present_value,
        "cumulative": result.cumulative,
        "break_even_year": result.break_even_year,
        "break_even_year_discounted": result.break_even_year_discounted,
    }


def drivers() -> dict:
    """The drivers of the sensitivity analysis: key → (label, how to scale the inputs by a factor)."""
    return {
        "success_rate": (_("Succesrate"), lambda i, f: _scaled_rates(i, f, "gross")),
        "baseline": (_("Basisrate"), lambda i, f: _scaled_rates(i, f, "baseline")),
        "prices": (_("Priser"), _scaled_prices),
        "cost": (_("Omkostninger"), _scaled_costs),
        "duration": (_("Effektens varighed"), _scaled_duration),
        "discount_rate": (_("Diskonteringsrente"), lambda i, f: replace(i, discount_rate=i.rate * f)),
    }


def sensitivity(inputs: CaseInputs) -> dict:
    """The result when each driver moves −25 % and +25 %, one at a time (rates stay within 0–100 %)."""
    base = calculate(inputs)
    low, high = ONE - SENSITIVITY_STEP, ONE + SENSITIVITY_STEP
    rows = [
        {
            "parameter": key,
            "label": label,
            "low": summary(calculate(scale(inputs, low))),
            "high": summary(calculate(scale(inputs, high))),
        }
        for key, (label, scale) in drivers().items()
    ]
    return {"step": SENSITIVITY_STEP, "base": summary(base), "rows": rows}
