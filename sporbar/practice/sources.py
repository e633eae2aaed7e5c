"""The adapter: every call this app makes into the effects and investment apps, in this one module.

Effect figures come from `effects.services.keyfigures` (disclosure-controlled for the viewer) and the
investment case from `investment.services.evaluate` / `evaluation_json`. Values those apps do not (yet)
provide come back as None, and the rules turn a None into "ikke vurderet" with the reason.

`citizen_share` is the small-number rule for the figures about citizens that this app counts itself
(monitoring, own words, own ratings): the same rule as the effect figures.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from sporbar.accounts import permissions
from sporbar.effects import services as effects
from sporbar.effects.disclosure.rule import SMALL, Rule, reason_label
from sporbar.effects.models import Figure, ScopeKind, Target
from sporbar.investment import calculation
from sporbar.investment import services as investment
from sporbar.investment.models import InvestmentCase

FIGURE_LABELS = effects.FIGURE_LABELS
DIMENSION_LABELS = effects.DIMENSION_LABELS
VERDICT_LABELS = effects.VERDICT_LABELS
MET, NOT_MET, UNDECIDED = effects.MET, effects.NOT_MET, effects.UNDECIDED
DIMENSIONS = effects.DIMENSIONS
GOAL, SELF, EMPLOYMENT = Figure.GOAL.value, Figure.SELF.value, Figure.EMPLOYMENT.value


# --- effect figures ------------------------------------------------------------------------------------


def initiative_figures(plan, user) -> dict[int, list[dict]]:
    """The effect figures of the plan's initiatives that the viewer may see, per initiative (copies)."""
    by_initiative = defaultdict(list)
    for f in effects.keyfigures(plan, user):
        if f["scope"]["kind"] == ScopeKind.INITIATIVE:
            by_initiative[f["scope"]["id"]].append(dict(f))
    return by_initiative


def latest_year(figures: list[dict]) -> str | None:
    """The year the figures speak for: this year if there are figures for it, else the latest."""
    return effects.default_period(figures)


def suppressed_reason(figure: dict) -> str:
    """The Danish words for why a figure is hidden ("færre end 5" or "skjult for at beskytte et andet tal")."""
    return reason_label(figure.get("suppressed_reason"))


def comparison_shares(initiative_ids) -> dict[int, dict]:
    """{initiative: {(figure, dimension): {"share", "ci_low", "ci_high", "label"}}} for a comparison group.

    Sporbar has no comparison group yet (issue 11 brings a comparison-group baseline to the investment
    case): until then every initiative has none, and Virkning is judged against the targets alone.
    """
    return {}


def targets(initiatives, years: dict[int, int]) -> dict[int, dict]:
    """The targets that apply to each initiative's figures in its year: its own, else its target group's.

    {initiative: {(figure, dimension): {"share": float, "via": "initiativ" | "målgruppe"}}}
    """
    wanted_years = set(years.values())
    ids = [i.id for i in initiatives]
    categories = {i.target_category for i in initiatives if i.target_category}
    rows = Target.objects.filter(year__in=wanted_years).filter(
        Q(scope_kind=ScopeKind.INITIATIVE, scope_id__in=ids)
        | Q(scope_kind=ScopeKind.TARGET_GROUP, target_category__in=categories)
    )
    own, group = defaultdict(dict), defaultdict(dict)
    for t in rows:
        key = (t.figure, t.dimension)
        if t.scope_kind == ScopeKind.INITIATIVE:
            own[(t.scope_id, t.year)][key] = {"share": float(t.share), "via": "initiativ"}
        else:
            group[(t.target_category, t.year)][key] = {"share": float(t.share), "via": "målgruppe"}
    out = {}
    for ini in initiatives:
        year = years[ini.id]
        out[ini.id] = {**group.get((ini.target_category, year), {}), **own.get((ini.id, year), {})}
    return out


# --- the investment case -------------------------------------------------------------------------------


def may_see_investment(user) -> bool:
    """No user: the command line, which shows the case like `sporbar investment`."""
    return user is None or permissions.can_view_investment(user)


def investment_cases(initiative_ids) -> dict[int, dict]:
    """The first investment case of each initiative, as plain numbers (see `_case_summary`)."""
    cases = {}
    for case in InvestmentCase.objects.filter(initiative_id__in=list(initiative_ids)).order_by("initiative_id", "id"):
        cases.setdefault(case.initiative_id, case)
    return {initiative_id: _case_summary(case) for initiative_id, case in cases.items()}


def _case_summary(case) -> dict:
    summary = {"id": case.id, "name": case.name, "error": None}
    try:
        data = investment.evaluation_json(investment.evaluate(case))
    except calculation.InputError as exc:
        return {**summary, "error": str(exc)}
    years = data.get("years") or []
    observed = data.get("observed") or {}
    summary.update(
        {
            "first_year": years[0]["year"] if years else None,
            "last_year": years[-1]["year"] if years else None,
            "present_value": _decimal(data.get("present_value")),
            "break_even_year": data.get("break_even_year"),
            "break_even_discounted": _discounted_break_even(data),
            "observed": _observed_block(observed),
            "observed_hidden": bool(observed.get("suppressed")),
        }
    )
    return summary


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _discounted_break_even(data: dict) -> dict:
    """{"known": bool, "year": int | None}: the first year from which the discounted cumulative result
    stays at or above zero. Issue 11 adds `break_even_year_discounted`; until then it is worked out from
    the discounted result of each year, which the evaluation already holds."""
    if "break_even_year_discounted" in data:
        return {"known": True, "year": data["break_even_year_discounted"]}
    years = data.get("years") or []
    if not years or any("discounted_net" not in y for y in years):
        return {"known": False, "year": None}
    cumulative, found = Decimal(0), None
    for y in years:
        cumulative += Decimal(str(y["discounted_net"]))
        if cumulative < 0:
            found = None
        elif found is None:
            found = y["year"]
    return {"known": True, "year": found}


def _observed_block(observed: dict) -> dict | None:
    """Present value with the observed effect and at the two ends of its 95 % interval, or None."""
    point = observed.get("point")
    if not point:
        return None
    low, high = observed.get("low") or {}, observed.get("high") or {}
    return {
        "success_rate": _decimal(point.get("success_rate")),
        "present_value": _decimal(point.get("present_value")),
        "present_value_low": _decimal(low.get("present_value")),
        "present_value_high": _decimal(high.get("present_value")),
    }


# --- the small-number rule -----------------------------------------------------------------------------


def is_inside(user, unit_ids) -> bool:
    """The viewer works in every unit behind the figure (a worker or lead of those units)."""
    if not unit_ids or not permissions.can_see_person_data(user):
        return False
    return set(unit_ids) <= permissions.unit_ids(user)


def citizen_share(count: int, n: int, unit_ids, user) -> dict:
    """A share of courses as the viewer may see it, with its 95 % interval.

    Outside the units that work with the citizens, the count and the share are hidden by the effect
    figures' primary rule (`effects.disclosure.rule`): fewer than 5 courses, 1–4 on either side of the
    share, or all-or-nothing in a small group.
    """
    n, count = int(n or 0), int(count or 0)
    if not n:
        return {"count": 0, "n": 0, "share": None, "ci_low": None, "ci_high": None, "hidden": False, "reason": ""}
    if not is_inside(user, unit_ids) and Rule.from_settings().breaks(count, n):
        return _hidden(reason_label(SMALL))
    low, high = effects.wilson(count, n)
    return {"count": count, "n": n, "share": count / n, "ci_low": low, "ci_high": high, "hidden": False, "reason": ""}


def _hidden(reason: str) -> dict:
    return {"count": None, "n": None, "share": None, "ci_low": None, "ci_high": None, "hidden": True, "reason": reason}
