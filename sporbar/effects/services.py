"""Effect figures: shares with Wilson intervals, against targets, with disclosure control.

The unit of counting is the course (forløb): one citizen's course in one initiative.

Speed: the per-course step of every figure is kept in a summary updated on write (summary.py);
the figures for every year, half-year and quarter are read from it in three small grouped queries
(per initiative, per unit, and the initiative × unit pairs). Everything else (tracks, themes, the
plan, units with sub-units, target groups) is rolled up in Python over that small result. A chosen
date range is computed from the raw tables by the same SQL (one window pass per kind of figure).

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
from django.db import connection
from statsmodels.stats.proportion import proportion_confint

from sporbar.accounts import permissions
from sporbar.accounts.models import Unit
from sporbar.courses.models import Dimension
from sporbar.plans.models import Initiative, Plan

from .models import Figure, ScopeKind, Target

FIGURES = [Figure.GOAL.value, Figure.SELF.value, Figure.EMPLOYMENT.value]
DIMENSIONS = [d.value for d in Dimension]
EMPLOYMENT_DIMENSION = ""  # the employment figure is not split by dimension
MIN_CELL = 5
MIN_DAYS = 30
SCOPE_ORDER = ["plan", "theme", "track", "initiative", "target_group", "unit"]

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


# --- Periods -------------------------------------------------------------------------------------


def period_label(gran: str, key: int, date_range=None) -> str:
    """ "2025", "2025-H1", "2025-K3" (kvartal) or "2025-01-01/2025-06-30"."""
    if gran == "y":
        return str(key)
    if gran == "h":
        return f"{key // 2}-H{key % 2 + 1}"
    if gran == "q":
        return f"{key // 4}-K{key % 4 + 1}"
    return f"{date_range[0].isoformat()}/{date_range[1].isoformat()}"


def period_year(period: str) -> int:
    return int(period.split("/")[-1][:4])


def period_kind(period: str) -> str:
    if "/" in period:
        return "range"
    if "-H" in period:
        return "half"
    if "-K" in period:
        return "quarter"
    return "year"


def parse_range(start: str, end: str):
    return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)


# --- The aggregate passes ------------------------------------------------------------------------


def _sql_dialect():
    if connection.vendor == "postgresql":
        return {
            "year": lambda c: f"CAST(EXTRACT(YEAR FROM {c}) AS INTEGER)",
            "month": lambda c: f"CAST(EXTRACT(MONTH FROM {c}) AS INTEGER)",
            "days": lambda a, b: f"({a} - {b})",
        }
    return {
        "year": lambda c: f"CAST(substr({c}, 1, 4) AS INTEGER)",
        "month": lambda c: f"CAST(substr({c}, 6, 2) AS INTEGER)",
        "days": lambda a, b: f"(julianday({a}) - julianday({b}))",
    }


def _kind_sql(kind: str, d) -> tuple[str, str, str, str, str, str]:
    """(source rows, partition, first-value columns, qualifies, success) for one kind of figure."""
    if kind == Figure.GOAL:
        source = (
            "SELECT a.id, a.course_id, a.goal_id AS part, a.date, g.dimension AS dim, "
            "a.level AS v1, a.status AS v2, g.goal_type AS v3 "
            "FROM courses_assessment a JOIN courses_goal g ON g.id = a.goal_id"
        )
        qualifies = f"{d['days']('date', 'f_date')} >= {MIN_DAYS}"
        success = (
            "v2 = 'opfyldt' OR (v3 = 'udvikle' AND v1 < f_v1) OR (v3 IN ('fastholde', 'begraense') AND v1 <= f_v1)"
        )
    elif kind == Figure.SELF:
        source = (
            "SELECT r.id, r.course_id, r.goal_id AS part, r.date, g.dimension AS dim, "
            "r.rating AS v1, 0 AS v2, 0 AS v3 "
            "FROM courses_selfreportrating r JOIN courses_goal g ON g.id = r.goal_id"
        )
        qualifies = "seen >= 2"
        success = "v1 >= f_v1 + 2"
    else:
        source = (
            "SELECT e.id, e.course_id, e.course_id AS part, e.date, '' AS dim, "
            "CASE WHEN e.occupation > 3 THEN 3 ELSE e.occupation END AS v1, e.hours_per_week AS v2, 0 AS v3 "
            "FROM courses_employmentstatus e"
        )
        qualifies = "seen >= 2"
        success = "v1 > f_v1 OR v2 > f_v2"
    return source, qualifies, success


def per_course_sql(kind: str, date_range=None, course_ids=None) -> tuple[str, list]:
    """SQL (a WITH query) with one row per course, dimension and period: course_id, dim, gran, pk, ok.

    Within each goal (for employment: each course) the rows are ordered newest first once;
    a row is the latest of its quarter/half/year when the row before it (newer) lies in
    another period (LAG), and the first assessment is the last row of that order.
    A course qualifies in a dimension when at least one goal qualifies; it succeeds when
    every qualifying goal of the dimension succeeds (MIN over the goals).
    Without a date range: every year ('y', pk = year), half-year ('h', year*2+half) and quarter
    ('q', year*4+quarter); with one: the range ('r', pk 0). course_ids limits it to those courses.
    """
    d = _sql_dialect()
    source, qualifies, success = _kind_sql(kind, d)
    params: list = []
    conditions = []
    if date_range:
        conditions.append("date <= %s")
        params.append(date_range[1])
    if course_ids is not None:
        conditions.append(f"course_id IN ({', '.join(['%s'] * len(course_ids))})")
        params.extend(course_ids)
    if conditions:
        source = f"SELECT * FROM ({source}) s0 WHERE {' AND '.join(conditions)}"  # noqa: S608 - constant fragments
    if date_range:
        grans = "SELECT 'r' AS gran"
        join = "g.gran = 'r' AND r.prev_date IS NULL AND r.date >= %s"
        params.append(date_range[0])
        pk = "(r.y * 0)"
    else:
        grans = "SELECT 'y' AS gran UNION ALL SELECT 'h' UNION ALL SELECT 'q'"
        join = (
            "(g.gran = 'y' AND (r.prev_y IS NULL OR r.prev_y <> r.y)) OR "
            "(g.gran = 'h' AND (r.prev_h IS NULL OR r.prev_h <> r.hk)) OR "
            "(g.gran = 'q' AND (r.prev_q IS NULL OR r.prev_q <> r.qk))"
        )
        pk = "CASE g.gran WHEN 'y' THEN r.y WHEN 'h' THEN r.hk ELSE r.qk END"
    year, month = d["year"]("date"), d["month"]("date")
    # Only constant fragments are formatted in; every value is a query parameter.
    sql = f"""
    WITH base AS (
        SELECT id, course_id, part, date, dim, v1, v2, v3,
               {year} AS y, {year} * 2 + ({month} - 1) / 6 AS hk, {year} * 4 + ({month} - 1) / 3 AS qk
        FROM ({source}) s
    ),
    win AS (
        SELECT course_id, dim, date, y, hk, qk, v1, v2, v3,
               LAG(y) OVER w AS prev_y, LAG(hk) OVER w AS prev_h, LAG(qk) OVER w AS prev_q,
               LAG(date) OVER w AS prev_date,
               LAST_VALUE(date) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS f_date,
               LAST_VALUE(v1) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS f_v1,
               LAST_VALUE(v2) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS f_v2,
               COUNT(*) OVER (w ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS seen
        FROM base
        WINDOW w AS (PARTITION BY part ORDER BY date DESC, id DESC)
    ),
    r AS (
        SELECT course_id, dim, date, y, hk, qk, prev_y, prev_h, prev_q, prev_date,
               CASE WHEN {success} THEN 1 ELSE 0 END AS ok
        FROM win WHERE {qualifies}
    ),
    per_course AS (
        SELECT r.course_id, r.dim, g.gran, {pk} AS pk, MIN(r.ok) AS ok
        FROM r JOIN ({grans}) g ON {join}
        GROUP BY r.course_id, r.dim, g.gran, {pk}
    )
    """  # noqa: S608
    return sql, params


def grouped_counts(kind: str, initiative_ids, date_range=None) -> list[tuple]:
    """From the raw tables in one pass: (initiative_id, unit_id, dimension, period, successes, courses).

    Used for a chosen date range (which the summary does not hold), and by the tests as the
    oracle the summary must agree with.
    """
    initiative_ids = list(initiative_ids)
    if not initiative_ids:
        return []
    sql, params = per_course_sql(kind, date_range)
    placeholders = ", ".join(["%s"] * len(initiative_ids))
    sql += f"""
    SELECT c.initiative_id, c.unit_id, p.dim, p.gran, p.pk, SUM(p.ok), COUNT(*)
    FROM per_course p JOIN courses_course c ON c.id = p.course_id
    WHERE c.initiative_id IN ({placeholders})
    GROUP BY c.initiative_id, c.unit_id, p.dim, p.gran, p.pk
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *initiative_ids])
        rows = cursor.fetchall()
    return [
        (ini, unit, dim, period_label(gran, int(key), date_range), int(ok), int(n))
        for ini, unit, dim, gran, key, ok, n in rows
    ]


CELL_FIGURES = {f: i for i, f in enumerate(FIGURES)}
CELL_DIMENSIONS = {d: i for i, d in enumerate([*DIMENSIONS, EMPLOYMENT_DIMENSION])}
CELL_GRANS = {"y": 0, "h": 1, "q": 2}
CELL_PERIODS = 100_000  # period keys are below this (a quarter key is year * 4 + quarter)


def cell_code(figure: str, dimension: str, gran: str, period_key: int) -> int:
    code = (CELL_FIGURES[figure] * len(CELL_DIMENSIONS) + CELL_DIMENSIONS[dimension]) * 3 + CELL_GRANS[gran]
    return code * CELL_PERIODS + period_key


def cell_code_sql(figure: str, dimension: str, gran: str, period_key: str) -> str:
    """cell_code as an SQL expression over columns (for the bulk rebuild)."""

    def case(column, codes):
        return "CASE " + " ".join(f"WHEN {column} = '{k}' THEN {v}" for k, v in codes.items()) + " END"

    return (
        f"(({case(figure, CELL_FIGURES)} * {len(CELL_DIMENSIONS)} + {case(dimension, CELL_DIMENSIONS)}) * 3"
        f" + {case(gran, CELL_GRANS)}) * {CELL_PERIODS} + {period_key}"
    )


def _cell_decoder():
    figures, dims, grans = list(CELL_FIGURES), list(CELL_DIMENSIONS), list(CELL_GRANS)
    labels: dict = {}

    def decode(cell: int) -> tuple[str, str, str]:
        found = labels.get(cell)
        if found is None:
            code, key = divmod(cell, CELL_PERIODS)
            code, gran = divmod(code, 3)
            figure, dim = divmod(code, len(dims))
            found = labels[cell] = (figures[figure], dims[dim], period_label(grans[gran], key))
        return found

    return decode


def summary_counts(initiative_ids, employment_ids) -> tuple[list, list, list]:
    """From the summary (FigureCount), already summed in the database: rows per initiative
    (figure, initiative_id, dimension, period, successes, courses), rows per unit (figure, unit_id, ...)
    and the (initiative, unit) pairs behind them. The employment figure only for employment initiatives.
    """
    initiative_ids, employment_ids = list(initiative_ids), list(employment_ids)
    if not initiative_ids:
        return [], [], []
    ini_marks = ", ".join(["%s"] * len(initiative_ids))
    emp = f"initiative_id IN ({', '.join(['%s'] * len(employment_ids))})" if employment_ids else "1 = 0"
    where = f"initiative_id IN ({ini_marks}) AND (cell < %s OR {emp})"
    params = [*initiative_ids, cell_code(Figure.EMPLOYMENT.value, DIMENSIONS[0], "y", 0), *employment_ids]
    out = []
    with connection.cursor() as cursor:
        for by in ("initiative_id", "unit_id"):
            cursor.execute(
                f"SELECT {by}, cell, SUM(ok), SUM(n) FROM effects_figurecount "  # noqa: S608
                f"WHERE {where} GROUP BY {by}, cell",
                params,
            )
            out.append(cursor.fetchall())
        cursor.execute(f"SELECT DISTINCT initiative_id, unit_id FROM effects_figurecount WHERE {where}", params)  # noqa: S608
        out.append(cursor.fetchall())
    decode = _cell_decoder()
    by_ini, by_unit = [], []
    for rows, into in ((out[0], by_ini), (out[1], by_unit)):
        for scope_id, cell, ok, n in rows:
            figure, dim, period = decode(cell)
            into.append((figure, scope_id, dim, period, int(ok), int(n)))
    return by_ini, by_unit, out[2]


def rebuild_summaries() -> dict:
    """Rebuild the figure summary from the raw tables (after bulk loads); see summary.py."""
    from . import summary

    return summary.rebuild()


# --- Scopes and roll-up --------------------------------------------------------------------------


class PlanScopes:
    """The plan's structure as plain lookups: names, parents and the units above each unit."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.initiatives = {}
        self.names = {("plan", plan.id): plan.name}
        self.parent = {}
        rows = Initiative.objects.filter(track__theme__plan=plan).select_related("track__theme")
        for ini in rows:
            track, theme = ini.track, ini.track.theme
            self.initiatives[ini.id] = ini
            self.names[("initiative", ini.id)] = ini.title
            self.names[("track", track.id)] = f"Spor {track.number}: {track.name}"
            self.names[("theme", theme.id)] = f"Tema {theme.number}: {theme.name}"
            self.parent[("initiative", ini.id)] = ("track", track.id)
            self.parent[("track", track.id)] = ("theme", theme.id)
            self.parent[("theme", theme.id)] = ("plan", plan.id)
            if ini.target_category:
                key = ("target_group", ini.target_category)
                self.names[key] = str(Initiative.TargetCategory(ini.target_category).label)
                self.parent[key] = ("plan", plan.id)
        self.units = {u.id: u for u in Unit.objects.all()}
        self._unit_chain = {}
        self._scopes = {}
        for unit in self.units.values():
            self.names[("unit", unit.id)] = unit.name
            if unit.parent_id:
                self.parent[("unit", unit.id)] = ("unit", unit.parent_id)

    def unit_chain(self, unit_id: int) -> list[int]:
        chain = self._unit_chain.get(unit_id)
        if chain is None:
            chain = [int(p) for p in self.units[unit_id].path.strip("/").split("/") if p]
            self._unit_chain[unit_id] = chain
        return chain

    def scopes_of(self, initiative_id: int, unit_id: int) -> list[tuple]:
        key = (initiative_id, unit_id)
        cached = self._scopes.get(key)
        if cached is None:
            cached = self._scopes[key] = self._scopes_of(initiative_id, unit_id)
        return cached

    def _scopes_of(self, initiative_id: int, unit_id: int) -> list[tuple]:
        ini = self.initiatives[initiative_id]
        scopes = [
            ("initiative", initiative_id),
            ("track", ini.track_id),
            ("theme", ini.track.theme_id),
            ("plan", self.plan.id),
        ]
        if ini.target_category:
            scopes.append(("target_group", ini.target_category))
        if unit_id is not None:
            scopes += [("unit", u) for u in self.unit_chain(unit_id)]
        return scopes


def _targets(plan_scopes: PlanScopes) -> dict:
    targets = {}
    for t in Target.objects.all():
        scope_id = t.target_category if t.scope_kind == ScopeKind.TARGET_GROUP else t.scope_id
        targets[(t.figure, t.dimension, t.scope_kind, scope_id, t.year)] = float(t.share)
    return targets


def _target_for(targets, plan_scopes, figure, dim, scope, year):
    found = targets.get((figure, dim, scope[0], scope[1], year))
    if found is None and scope[0] == "initiative":
        category = plan_scopes.initiatives[scope[1]].target_category
        if category:
            found = targets.get((figure, dim, "target_group", category, year))
    return found


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
    """Every figure of the plan for every scope and period, unsuppressed (internal: pass through `disclose`).

    Years, half-years and quarters come from the summary kept current on write (use_summary=False
    computes them from the raw tables instead: the tests' oracle); a chosen range from the raw tables.
    """
    with _no_gc_pauses():
        return _plan_figures(plan, date_range, figures, use_summary)


def _plan_figures(plan: Plan, date_range, figures, use_summary) -> list[dict]:
    scopes = PlanScopes(plan)
    targets = _targets(scopes)
    employment_ids = [i for i, ini in scopes.initiatives.items() if ini.is_employment]
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
    order = {k: i for i, k in enumerate(SCOPE_ORDER)}
    rank = {scope: (order[scope[0]], str(scope[1])) for scope in {k[2] for k in cells}}
    keys = sorted(cells, key=lambda k: (k[0], rank[k[2]], k[1], k[3]))
    lows, highs = _wilson_many([cells[k][0] for k in keys], [cells[k][1] for k in keys])
    years = {}
    result = []
    for key, low, high in zip(keys, lows, highs, strict=True):
        figure, dim, scope, period = key
        count, n = cells[key]
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
                "share": count / n,
                "ci_low": low,
                "ci_high": high,
                "suppressed": False,
                "target": target,
                "verdict": verdict(low, high, target),
                "_units": units_of[scope],
                "_parent": scopes.parent.get(scope),
            }
        )
    return result


# --- Disclosure control --------------------------------------------------------------------------


def disclose(figures: list[dict], user) -> list[dict]:
    """THE disclosure rule, used by pages, API, CLI and exports.

    Inside the units that work with the citizens (a worker or lead whose units include
    every unit behind the figure) the figure is shown as it is. Outside:
    - primary: a figure built on fewer than 5 courses is suppressed ("færre end 5");
    - secondary: where a total and its parts are shown (plan → themes/target groups,
      theme → tracks, track → initiatives, unit → sub-units; same figure, dimension and
      period), if exactly one part is suppressed and the total is not, the next-smallest
      part is suppressed too, so the hidden part cannot be worked out by subtraction.
    Suppressed figures keep their scope and target but have null numbers.
    Works in place on the figures of `plan_figures` (they are made for one viewer).
    """
    viewer_units = permissions.unit_ids(user) if permissions.can_see_person_data(user) else set()
    out = figures
    for f in out:
        f["_inside"] = bool(viewer_units) and f["_units"] <= viewer_units
        f["suppressed"] = not f["_inside"] and f["denominator"] < MIN_CELL
    by_key = {(f["figure"], f["dimension"], f["scope"]["kind"], f["scope"]["id"], f["period"]): f for f in out}
    children = defaultdict(list)
    for f in out:
        if f["_parent"]:
            children[(f["figure"], f["dimension"], *f["_parent"], f["period"])].append(f)
    changed = True
    while changed:
        changed = False
        for key, parts in children.items():
            total = by_key.get(key)
            if total is None or total["suppressed"] or len(parts) < 2:
                continue
            hidden = [p for p in parts if p["suppressed"]]
            if len(hidden) != 1:
                continue
            candidates = [p for p in parts if not p["suppressed"] and not p["_inside"]]
            if candidates:
                min(candidates, key=lambda p: p["denominator"])["suppressed"] = True
                changed = True
            elif not total["_inside"]:
                total["suppressed"] = True
                changed = True
    return [_public(f) for f in out]


def _public(f: dict) -> dict:
    for key in ("_units", "_parent", "_inside"):
        del f[key]
    if f["suppressed"]:
        f.update(count=None, denominator=None, share=None, ci_low=None, ci_high=None, verdict=None)
    return f


def _data_version() -> tuple:
    """Changes whenever figures may change: every audited write, and new ratings or statuses."""
    from django.db.models import Max

    from sporbar.accounts.models import AuditEntry
    from sporbar.courses.models import Assessment, EmploymentStatus, SelfReportRating

    return tuple(
        model.objects.aggregate(m=Max("id"))["m"]
        for model in (AuditEntry, Assessment, SelfReportRating, EmploymentStatus)
    )


CACHE_SECONDS = 300
_MEMO: dict = {}  # (plan, period span, data version, viewer) → (time, disclosed figures); per process


def clear_cache():
    _MEMO.clear()


def keyfigures(plan: Plan, user, date_range=None, use_cache=True) -> list[dict]:
    """Every figure of the plan the user may see, disclosure-controlled.

    With use_cache the result is kept in this process for CACHE_SECONDS and as long as no data
    changed (see _data_version); viewers who see no persons share one entry. Callers must
    not change the returned figures.
    """
    if not permissions.can_see_figures(user) and user is not None:
        return []
    if not use_cache:
        with _no_gc_pauses():
            return disclose(plan_figures(plan, date_range), user)
    viewer = tuple(sorted(permissions.unit_ids(user))) if permissions.can_see_person_data(user) else "outside"
    key = (plan.id, date_range, _data_version(), viewer)
    now = time.monotonic()
    hit = _MEMO.get(key)
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    with _no_gc_pauses():
        figures = disclose(plan_figures(plan, date_range), user)
    for old in [k for k, (t, _) in _MEMO.items() if now - t >= CACHE_SECONDS or k[:2] == key[:2]]:
        del _MEMO[old]
    if len(_MEMO) > 32:
        _MEMO.clear()
    _MEMO[key] = (now, figures)
    return figures


# --- Course-level success for the investment cases -----------------------------------------------


def initiative_success_rate(initiative_id: int) -> dict | None:
    """Share of the initiative's courses where every assessed goal is reached or improved.

    A goal counts when it has a first and a latest assessment at least 30 days apart;
    a course qualifies when at least one goal counts. None when no course qualifies.
    """
    d = _sql_dialect()
    source, qualifies, success = _kind_sql(Figure.GOAL, d)
    sql = f"""
    WITH win AS (
        SELECT course_id, date, v1, v2, v3,
               ROW_NUMBER() OVER w AS rn,
               LAST_VALUE(date) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS f_date,
               LAST_VALUE(v1) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS f_v1
        FROM ({source} WHERE a.course_id IN (SELECT id FROM courses_course WHERE initiative_id = %s)) s
        WINDOW w AS (PARTITION BY part ORDER BY date DESC, id DESC)
    ),
    per_course AS (
        SELECT course_id, MIN(CASE WHEN {success} THEN 1 ELSE 0 END) AS ok
        FROM win WHERE rn = 1 AND {qualifies} GROUP BY course_id
    )
    SELECT COALESCE(SUM(ok), 0), COUNT(*) FROM per_course
    """  # noqa: S608 - constant fragments; the id is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [initiative_id])
        count, n = cursor.fetchone()
    if not n:
        return None
    low, high = wilson(int(count), int(n))
    return {
        "figure": "maal",
        "count": int(count),
        "denominator": int(n),
        "share": int(count) / int(n),
        "ci_low": low,
        "ci_high": high,
    }


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
            row[key] = c[key] if inside or c[key] == 0 or c[key] >= MIN_CELL else None
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
    "med borgerne, vises tal bygget på færre end 5 forløb som »færre end 5«, og hvor en total ellers ville "
    "afsløre et skjult tal, skjules et tal mere."
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
        "figure_label": FIGURE_LABELS[f["figure"]],
        "dimension_label": DIMENSION_LABELS[f["dimension"]],
        "verdict_label": VERDICT_LABELS.get(f["verdict"], "") if f["verdict"] else "",
        "bar": charts.interval_bar(f["share"], f["ci_low"], f["ci_high"], f["target"], label),
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


def trends(figures: list[dict], kind: str, scope_id, granularity: str = "year") -> list[dict]:
    """One chart per figure × dimension for one scope over the periods of one granularity."""
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
    periods = sorted({p["period"] for points in series.values() for p in points})  # one x-axis for the set
    for (figure, dim), points in sorted(series.items(), key=lambda kv: (FIGURES.index(kv[0][0]), order[kv[0][1]])):
        title = f"{FIGURE_LABELS[figure]} – {DIMENSION_LABELS[dim]}"
        svg = charts.trend_chart(points, title, periods)
        out.append({"figure": figure, "dimension": dim, "title": title, "svg": svg})
    return out
