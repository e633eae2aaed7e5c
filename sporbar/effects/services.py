"""Effect figures: shares with Wilson intervals, against targets, and what each viewer may see.

The unit of counting is the course (forløb): one citizen's course in one initiative.

- queries.py holds the SQL (the per-course step, per database) and the reads of the summary that
  summary.py keeps current on write; periods.py the periods; scopes.py the plan's and units' trees.
- Here the summary's small grouped result is rolled up to every scope (tracks, themes, the plan,
  units with sub-units, target groups) and turned into figures with intervals and targets.
- Who sees what is decided by `keyfigures`, the one entry point of pages, API, CLI and exports:
  inside the units, a worker's or lead's own figures as they are; outside, the figures of the
  latest audited disclosure pattern (disclosure/).

Period rule: a course belongs to a period by its latest assessment (self-report,
employment status) dated within the period; it is compared with its first
assessment ever. A course therefore counts in every period in which it was
assessed, each time "as it stood" at its latest assessment in that period.
"""

import contextlib
import datetime
import gc
import time
from collections import defaultdict
from decimal import Decimal

import numpy as np
from django.conf import settings
from statsmodels.stats.proportion import proportion_confint

from sporbar.accounts import permissions
from sporbar.courses.models import Dimension
from sporbar.plans.models import Initiative, Plan

from . import summary
from .disclosure import refresh as disclosure_refresh
from .disclosure import store as disclosure_store
from .disclosure.rule import reason_label
from .models import Figure, ScopeKind, Target
from .periods import parse_range, period_kind, period_label, period_year  # noqa: F401 - used by views
from .queries import DIMENSIONS, FIGURES, grouped_counts, summary_counts
from .scopes import SCOPE_ORDER, PlanScopes

MET, NOT_MET, UNDECIDED = "met", "not_met", "undecidable"
VERDICT_LABELS = {MET: "nået", NOT_MET: "ikke nået", UNDECIDED: "kan ikke afgøres"}


# --- Wilson interval -----------------------------------------------------------------------------


def wilson(count: int, n: int) -> tuple[float, float]:
    """95 % Wilson score interval (statsmodels)."""
    low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
    return float(low), float(high)


def _wilson_many(counts, ns):
    if not counts:
        return [], []
    low, high = proportion_confint(np.array(counts), np.array(ns), alpha=0.05, method="wilson")
    return np.atleast_1d(low).tolist(), np.atleast_1d(high).tolist()


def verdict(ci_low, ci_high, target) -> str | None:
    if target is None or ci_low is None:
        return None
    if ci_low >= target:
        return MET
    if ci_high < target:
        return NOT_MET
    return UNDECIDED


def rebuild_summaries() -> dict:
    """Rebuild the figure summary from the raw tables (after bulk loads); see summary.py."""
    return summary.rebuild()


# --- Targets -------------------------------------------------------------------------------------


def _targets(plan_scopes: PlanScopes) -> dict:
    targets = {}
    for t in Target.objects.all():
        scope_id = t.target_category if t.scope_kind == ScopeKind.TARGET_GROUP else t.scope_id
        targets[(t.figure, t.dimension, t.scope_kind, scope_id, t.year)] = float(t.share)
    return targets


def _target_for(targets, plan_scopes, figure, dim, scope, year):
    found = targets.get((figure, dim, scope[0], scope[1], year))
    if found is None and scope[0] == "initiative":
        ini = plan_scopes.initiatives.get(scope[1])
        category = ini.target_category if ini else None
        if category:
            found = targets.get((figure, dim, "target_group", category, year))
    return found


# --- Roll-up -------------------------------------------------------------------------------------


@contextlib.contextmanager
def _no_gc_pauses():
    """Building ~20,000 small dicts triggers Python's cycle collector over and over (~a third of the
    time); they hold no cycles, so the collector waits until they are built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_figures(plan: Plan, date_range=None, figures=FIGURES, use_summary=True) -> list[dict]:
    """Every figure of the plan for every scope and period, as it is (no disclosure control:
    only for viewers inside the units, through `keyfigures`).

    Years, half-years and quarters come from the summary kept current on write (use_summary=False
    computes them from the raw tables instead: the tests' oracle); a chosen range from the raw tables.
    Each figure also carries "_units", the units behind its scope.
    """
    with _no_gc_pauses():
        scopes = PlanScopes(plan)
        cells, units_of = _roll_up(scopes, date_range, figures, use_summary)
        found = {key: (ok, n, None) for key, (ok, n) in cells.items()}
        result = _figure_dicts(found, scopes, _targets(scopes))
        for f in result:
            f["_units"] = units_of[(f["scope"]["kind"], f["scope"]["id"])]
        return result


def _roll_up(scopes: PlanScopes, date_range, figures, use_summary) -> tuple[dict, dict]:
    """(figure, dimension, scope, period) -> [successes, courses], and the units behind each scope."""
    employment_ids = scopes.employment_ids
    # Sum the grouped rows per initiative and per unit first (two small tables), then roll
    # those up the plan's hierarchy and the unit tree: far fewer steps than per (initiative, unit) row.
    by_ini: dict[tuple, list] = defaultdict(lambda: [0, 0])
    by_unit: dict[tuple, list] = defaultdict(lambda: [0, 0])
    units_of: dict[tuple, set] = defaultdict(set)  # the units behind each scope (any period)
    if date_range is None and use_summary:
        ini_rows, unit_rows, pairs = summary_counts(scopes.initiatives, employment_ids)
        for figure, ini, dim, period, ok, n in ini_rows:
            if figure in figures:
                by_ini[(figure, dim, period, ini)] = [ok, n]
        for figure, unit, dim, period, ok, n in unit_rows:
            if figure in figures:
                by_unit[(figure, dim, period, unit)] = [ok, n]
        for ini, unit in pairs:
            units_of[("initiative", ini)].add(unit)
    else:
        for figure in figures:
            ids = employment_ids if figure == Figure.EMPLOYMENT else list(scopes.initiatives)
            for ini, unit, dim, period, ok, n in grouped_counts(figure, ids, date_range):
                cell = by_ini[(figure, dim, period, ini)]
                cell[0] += ok
                cell[1] += n
                cell = by_unit[(figure, dim, period, unit)]
                cell[0] += ok
                cell[1] += n
                units_of[("initiative", ini)].add(unit)
    for ini in [k[1] for k in units_of if k[0] == "initiative"]:
        for scope in scopes.scopes_of(ini, None)[1:]:
            units_of[scope] |= units_of[("initiative", ini)]
    for unit in {k[3] for k in by_unit}:
        for ancestor in scopes.unit_chain(unit):
            units_of[("unit", ancestor)].add(unit)
    cells: dict[tuple, list] = defaultdict(lambda: [0, 0])
    for (figure, dim, period, ini), (ok, n) in by_ini.items():
        for scope in scopes.scopes_of(ini, None):
            cell = cells[(figure, dim, scope, period)]
            cell[0] += ok
            cell[1] += n
    for (figure, dim, period, unit), (ok, n) in by_unit.items():
        for ancestor in scopes.unit_chain(unit):
            cell = cells[(figure, dim, ("unit", ancestor), period)]
            cell[0] += ok
            cell[1] += n
    return cells, units_of


def _figure_dicts(cells: dict, scopes: PlanScopes, targets: dict) -> list[dict]:
    """Figures from (figure, dimension, scope, period) -> (successes, courses, reason hidden or None)."""
    order = {k: i for i, k in enumerate(SCOPE_ORDER)}
    rank = {scope: (order[scope[0]], str(scope[1])) for scope in {k[2] for k in cells}}
    keys = sorted(cells, key=lambda k: (k[0], rank[k[2]], k[1], k[3]))
    shown = [k for k in keys if cells[k][2] is None]
    lows, highs = _wilson_many([cells[k][0] for k in shown], [cells[k][1] for k in shown])
    interval = dict(zip(shown, zip(lows, highs, strict=True), strict=True))
    years = {}
    result = []
    for key in keys:
        figure, dim, scope, period = key
        count, n, reason = cells[key]
        low, high = interval.get(key, (None, None))
        year = years.get(period)
        if year is None:
            year = years[period] = period_year(period)
        target = _target_for(targets, scopes, figure, dim, scope, year)
        result.append(
            {
                "figure": figure,
                "dimension": dim,
                "scope": {"kind": scope[0], "id": scope[1], "name": scopes.names.get(scope, "")},
                "period": period,
                "count": count,
                "denominator": n,
                "share": None if reason else count / n,
                "ci_low": low,
                "ci_high": high,
                "suppressed": reason is not None,
                "suppressed_reason": reason,
                "target": target,
                "verdict": verdict(low, high, target),
            }
        )
    return result


# --- What each viewer sees -----------------------------------------------------------------------


def outside_figures(plan: Plan, pattern=None) -> list[dict]:
    """The figures of the plan's latest audited disclosure pattern (what viewers outside the units
    see): hidden figures keep scope, period and target, with `suppressed_reason` and no numbers."""
    pattern = disclosure_refresh.ensure_pattern(plan) if pattern is None else pattern
    if pattern is None:
        return []
    scopes = PlanScopes(plan)
    cells = {}
    for figure, dim, period, kind, scope_id, ok, n, reason in pattern.cells:
        scope = (kind, scope_id)
        if scope in scopes.names:
            cells[(figure, dim, scope, period)] = (ok, n, reason)
    with _no_gc_pauses():
        return _figure_dicts(cells, scopes, _targets(scopes))


def inside_units(user) -> set[int]:
    """The units whose citizens the user sees (workers and leads); empty for everyone else."""
    return permissions.unit_ids(user) if permissions.can_see_person_data(user) else set()


def custom_ranges_allowed(user) -> bool:
    """Chosen date ranges (and half-years and quarters) are shown only inside the units, for the
    viewer's own figures: outside, two ranges could be subtracted to reveal a single course."""
    return bool(inside_units(user))


def _for_viewer(plan: Plan, user, date_range) -> list[dict]:
    inside = inside_units(user)
    if date_range is not None:
        if not inside:
            return []
        return [_public(f) for f in plan_figures(plan, date_range) if f["_units"] <= inside]
    outside = outside_figures(plan)
    if not inside:
        return outside
    mine = [_public(f) for f in plan_figures(plan) if f["_units"] <= inside]
    seen = {(f["figure"], f["dimension"], f["scope"]["kind"], f["scope"]["id"], f["period"]) for f in mine}
    others = [
        f
        for f in outside
        if (f["figure"], f["dimension"], f["scope"]["kind"], f["scope"]["id"], f["period"]) not in seen
    ]
    return sorted(
        mine + others,
        key=lambda f: (
            f["figure"],
            SCOPE_ORDER.index(f["scope"]["kind"]),
            str(f["scope"]["id"]),
            f["dimension"],
            f["period"],
        ),
    )


def _public(f: dict) -> dict:
    return {k: v for k, v in f.items() if not k.startswith("_")}


CACHE_SECONDS = 300
_MEMO: dict = {}  # (plan, period span, data version, viewer) → (time, figures); per process


def clear_cache():
    _MEMO.clear()


def keyfigures(plan: Plan, user, date_range=None, use_cache=True) -> list[dict]:
    """Every figure of the plan the user may see: THE entry point of pages, API, CLI and exports.

    Returns dicts with figure, dimension, scope {kind, id, name}, period, count, denominator,
    share, ci_low, ci_high, suppressed, suppressed_reason (None, "small" or "secondary"), target
    and verdict. A worker or lead sees the figures of their own units (all of whose courses are in
    those units) as they are, for every period and chosen date range; everything else, for every
    viewer, comes from the latest audited disclosure pattern (years only outside the units unless
    settings.DISCLOSURE_OUTSIDE_PERIODS says more; no chosen ranges outside the units).
    With use_cache the result is kept in this process for CACHE_SECONDS and as long as no data
    changed; viewers who see no persons share one entry. Callers must not change the figures.
    """
    if not permissions.can_see_figures(user) and user is not None:
        return []
    if not use_cache:
        return _for_viewer(plan, user, date_range)
    inside = inside_units(user)
    viewer = tuple(sorted(inside)) if inside else "outside"
    pattern = disclosure_store.latest_pattern_id(plan)
    key = (plan.id, date_range, disclosure_store.data_version(), pattern, viewer)
    now = time.monotonic()
    hit = _MEMO.get(key)
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    figures = _for_viewer(plan, user, date_range)
    for old in [k for k, (t, _) in _MEMO.items() if now - t >= CACHE_SECONDS or k[:2] == key[:2]]:
        del _MEMO[old]
    if len(_MEMO) > 32:
        _MEMO.clear()
    _MEMO[key] = (now, figures)
    return figures


# --- Reach and cost ------------------------------------------------------------------------------


def reach_and_cost(plan: Plan, user, year: int) -> list[dict]:
    """Per initiative for one year: courses started, active and ended; spending per course against budget.

    Counts below 5 are suppressed for viewers outside the units (same rule as the figures).
    """
    from django.db.models import Count, Q, Sum

    from sporbar.courses.models import Course
    from sporbar.plans.models import BudgetLine, Spending

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    initiatives = Initiative.objects.filter(track__theme__plan=plan).order_by(
        "track__theme__number", "track__number", "key"
    )
    ids = [i.id for i in initiatives]
    # One pass over the courses, per initiative and unit (the units decide who sees small counts).
    counts: dict = defaultdict(lambda: {"started": 0, "active": 0, "ended": 0})
    units = defaultdict(set)
    rows = (
        Course.objects.filter(initiative_id__in=ids)
        .order_by()
        .values("initiative_id", "unit_id")
        .annotate(
            started=Count("id", filter=Q(start_date__range=(start, end))),
            active=Count("id", filter=Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))),
            ended=Count("id", filter=Q(end_date__range=(start, end))),
        )
    )
    for row in rows:
        units[row["initiative_id"]].add(row["unit_id"])
        for key in ("started", "active", "ended"):
            counts[row["initiative_id"]][key] += row[key]
    budget = dict(
        BudgetLine.objects.filter(initiative_id__in=ids, year=year)
        .values("initiative_id")
        .annotate(s=Sum("amount"))
        .values_list("initiative_id", "s")
    )
    spent = dict(
        Spending.objects.filter(initiative_id__in=ids, date__year=year)
        .values("initiative_id")
        .annotate(s=Sum("amount"))
        .values_list("initiative_id", "s")
    )
    viewer_units = permissions.unit_ids(user) if permissions.can_see_person_data(user) else set()
    rows = []
    for ini in initiatives:
        c = counts[ini.id]
        inside = bool(viewer_units) and units[ini.id] <= viewer_units
        row = {"initiative": {"id": ini.id, "title": ini.title}, "year": year}
        for key in ("started", "active", "ended"):
            row[key] = c[key] if inside or c[key] == 0 or c[key] >= settings.DISCLOSURE_MIN_COURSES else None
        row["budget"] = budget.get(ini.id) or Decimal(0)
        row["spent"] = spent.get(ini.id) or Decimal(0)
        active = c["active"]
        row["spent_per_course"] = (
            (row["spent"] / active).quantize(Decimal(1)) if active and row["active"] is not None else None
        )
        row["budget_per_course"] = (
            (row["budget"] / active).quantize(Decimal(1)) if active and row["active"] is not None else None
        )
        row["counts"] = [row["started"], row["active"], row["ended"]]
        rows.append(row)
    return rows


# --- Dashboard and report data -------------------------------------------------------------------

EXPLANATIONS = {
    "maal": (
        "Blandt forløb med en første og en senere vurdering mindst 30 dage efter: andelen, hvor målet i "
        "dimensionen er opfyldt ved seneste vurdering, eller funktionsniveauet er forbedret (mål om at udvikle), "
        "eller ikke er forværret (mål om at fastholde eller begrænse tab). Har et forløb flere mål i "
        "dimensionen, skal de alle være nået eller forbedret."
    ),
    "selv": (
        "Blandt forløb, hvor borgeren har svaret mindst to gange på et mål i dimensionen: andelen, hvor "
        "borgerens seneste svar (0–10) er mindst 2 point højere end det første."
    ),
    "beskaeftigelse": (
        "Blandt forløb i beskæftigelsesrettede initiativer med mindst to registreringer: andelen, der er rykket "
        "op ad stigen (ingen → beskyttet beskæftigelse → flex- eller skånejob → ordinært job eller uddannelse), "
        "eller hvis timer pr. uge er steget, fra første til seneste registrering."
    ),
}
PERIOD_RULE = (
    "Vi tæller forløb. Et forløb hører til en periode ved sin seneste vurdering i perioden, og den sammenlignes "
    "med forløbets første vurdering. Intervallet er et 95 % Wilson-interval. Uden for de enheder, der arbejder "
    "med borgerne, skjules et tal som »færre end 5«, når det bygger på færre end 5 forløb, når færre end 5 "
    "forløb lykkedes eller ikke lykkedes, eller når alle eller ingen lykkedes i en gruppe under 20 forløb. "
    "Kunne et skjult tal regnes ud af andre tal, skjules flere (»skjult for at beskytte et andet tal«), og det "
    "er efterprøvet, at intet skjult tal kan regnes ud. Uden for enhederne vises hele år; halvår, kvartaler og "
    "valgfri datoperioder vises kun for ens egne enheder."
)
FIGURE_LABELS = {f.value: str(f.label) for f in Figure}
DIMENSION_LABELS = {d.value: str(d.label) for d in Dimension} | {"": "beskæftigelse"}


def period_options(figures: list[dict]) -> list[str]:
    periods = sorted(
        {f["period"] for f in figures}, key=lambda p: (p[:4], {"year": 0, "half": 1}.get(period_kind(p), 2), p)
    )
    return periods


def default_period(figures: list[dict], today=None) -> str | None:
    years = sorted({f["period"] for f in figures if period_kind(f["period"]) == "year"})
    if not years:
        return None
    this_year = str((today or datetime.date.today()).year)
    return this_year if this_year in years else years[-1]


def _row(f: dict) -> dict:
    from . import charts

    label = f"{FIGURE_LABELS[f['figure']]}, {DIMENSION_LABELS[f['dimension']]}, {f['scope']['name']}, {f['period']}"
    return {
        **f,
        "reason_label": reason_label(f["suppressed_reason"]),
        "figure_label": FIGURE_LABELS[f["figure"]],
        "dimension_label": DIMENSION_LABELS[f["dimension"]],
        "verdict_label": VERDICT_LABELS.get(f["verdict"], "") if f["verdict"] else "",
        "bar": charts.interval_bar(
            f["share"], f["ci_low"], f["ci_high"], f["target"], label, reason_label(f["suppressed_reason"])
        ),
    }


def figure_table(figures: list[dict], kind: str, period: str, scope_id=None) -> list[dict]:
    """Scopes of one kind, each with its rows (figure × dimension) for one period."""
    scopes: dict = {}
    for f in figures:
        if f["scope"]["kind"] != kind or f["period"] != period:
            continue
        if scope_id is not None and str(f["scope"]["id"]) != str(scope_id):
            continue
        entry = scopes.setdefault(f["scope"]["id"], {"scope": f["scope"], "rows": []})
        entry["rows"].append(_row(f))
    order = {d: i for i, d in enumerate([*DIMENSIONS, ""])}
    for entry in scopes.values():
        entry["rows"].sort(key=lambda r: (FIGURES.index(r["figure"]), order[r["dimension"]]))
    return list(scopes.values())


def trends(
    figures: list[dict], kind: str, scope_id, granularity: str = "year", periods=None, drawn_title: bool = True
) -> list[dict]:
    """One chart per figure × dimension for one scope over the periods of one granularity.

    The charts share one x-axis: `periods`, or else every period of the set. Each entry says how many
    of its points are shown ("shown"; hidden and missing points are drawn as a dash).
    """
    from . import charts

    series = defaultdict(list)
    for f in figures:
        if (
            f["scope"]["kind"] == kind
            and str(f["scope"]["id"]) == str(scope_id)
            and period_kind(f["period"]) == granularity
        ):
            series[(f["figure"], f["dimension"])].append(f)
    out = []
    order = {d: i for i, d in enumerate([*DIMENSIONS, ""])}
    periods = periods or sorted({p["period"] for points in series.values() for p in points})  # one x-axis
    for (figure, dim), points in sorted(series.items(), key=lambda kv: (FIGURES.index(kv[0][0]), order[kv[0][1]])):
        title = f"{FIGURE_LABELS[figure]} – {DIMENSION_LABELS[dim]}"
        svg = charts.trend_chart(points, title, periods, drawn_title)
        shown = sum(1 for p in points if p["share"] is not None and p["period"] in periods)
        out.append({"figure": figure, "dimension": dim, "title": title, "svg": svg, "shown": shown})
    return out
