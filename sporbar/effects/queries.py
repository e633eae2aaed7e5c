"""The SQL of the effect figures: the per-course step (per database) and the reads of the summary.

`per_course_sql` is the one definition of the figures at course level. The summary (summary.py)
stores its result; `grouped_counts` runs it over the raw tables (chosen date ranges, and the
tests' oracle); `summary_counts` and `pair_counts` read the stored summary.
"""

from django.db import connection

from sporbar.courses.models import Dimension

from .models import Figure
from .periods import period_label

FIGURES = [Figure.GOAL.value, Figure.SELF.value, Figure.EMPLOYMENT.value]
DIMENSIONS = [d.value for d in Dimension]
EMPLOYMENT_DIMENSION = ""  # the employment figure is not split by dimension
MIN_DAYS = 30


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


def _kind_sql(kind: str, d) -> tuple[str, str, str]:
    """(source rows, qualifies, success) for one kind of figure."""
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


# --- Cell codes: figure, dimension and period as one integer ------------------------------------
# The summary groups by (initiative or unit, cell): two integers are much cheaper to group by than
# four columns, two of them text.

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


def _summary_filter(initiative_ids, employment_ids) -> tuple[str, list]:
    """WHERE clause: the plan's initiatives, the employment figure only for employment initiatives."""
    ini_marks = ", ".join(["%s"] * len(initiative_ids))
    emp = f"initiative_id IN ({', '.join(['%s'] * len(employment_ids))})" if employment_ids else "1 = 0"
    where = f"initiative_id IN ({ini_marks}) AND (cell < %s OR {emp})"
    params = [*initiative_ids, cell_code(Figure.EMPLOYMENT.value, DIMENSIONS[0], "y", 0), *employment_ids]
    return where, params


def summary_counts(initiative_ids, employment_ids) -> tuple[list, list, list]:
    """From the summary (FigureCount), already summed in the database: rows per initiative
    (figure, initiative_id, dimension, period, successes, courses), rows per unit (figure, unit_id, ...)
    and the (initiative, unit) pairs behind them. The employment figure only for employment initiatives.
    """
    initiative_ids, employment_ids = list(initiative_ids), list(employment_ids)
    if not initiative_ids:
        return [], [], []
    where, params = _summary_filter(initiative_ids, employment_ids)
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


def pair_counts(initiative_ids, employment_ids) -> list[tuple]:
    """Every summary row of the plan, per initiative and unit:
    (figure, dimension, gran, period_key, initiative_id, unit_id, successes, courses)."""
    initiative_ids, employment_ids = list(initiative_ids), list(employment_ids)
    if not initiative_ids:
        return []
    where, params = _summary_filter(initiative_ids, employment_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT figure, dimension, gran, period_key, initiative_id, unit_id, ok, n "  # noqa: S608
            f"FROM effects_figurecount WHERE {where} AND n > 0",
            params,
        )
        return cursor.fetchall()
