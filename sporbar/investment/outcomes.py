"""Measured outcomes for the investment case: the observed rate of a consequence's outcome and a
comparison group matched on the first assessment. One aggregate query per outcome.

Observed rate: the effect figure the effect pages show for the initiative over a date range
(`sporbar.effects.queries.per_course_sql` with a range — each course's latest assessment in the
range against its first assessment ever, by the figure's own success rule). The case's range runs
from 1 January of the year the initiative's first course started to the end of the last whole year
(`services.observation_window`), so the number is the one on
/initiativer/<id>/effekt/?fra=<first>&til=<last 31 December> for those who may choose ranges.

Comparison group: the courses, over the same range and by the same rule, of the other initiatives
for the same target group (Initiative.target_category; for the employment figure only the
employment initiatives). They are matched on the first assessment: every course falls in a stratum
by its first value (the most severe first level among its goals in the dimension; the lowest first
self-rating band 0–3, 4–6, 7–10; the first rung on the employment ladder), and the comparison's
rate is reweighted to the initiative's mix of strata (direct standardisation over the strata both
groups have). The interval of the difference is Newcombe's (statsmodels), with the comparison's
size taken as Kish's effective size after weighting.
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Max
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from sporbar.accounts.models import AuditEntry
from sporbar.courses.models import Assessment, Course, EmploymentStatus, SelfReportRating
from sporbar.effects.models import Figure
from sporbar.effects.queries import per_course_sql
from sporbar.plans.models import Initiative

# Passing more course ids than this as query parameters would pass SQLite's limit (32.766);
# beyond it the per-course step runs over every course and the join picks the right ones.
MAX_COURSE_PARAMS = 30000
CACHE_SECONDS = 300
_MEMO: dict = {}  # (initiative, figure, dimension, window, data version) → (time, Measurement); per process

# The first value of each course (and dimension) that decides its stratum: source rows, part
# (the goal, or the course for employment) and how a course's goals are combined.
FIRST_VALUE = {
    Figure.GOAL.value: (
        "SELECT a.id, a.goal_id AS part, a.course_id, g.dimension AS dim, a.date, a.level AS v "
        "FROM courses_assessment a JOIN courses_goal g ON g.id = a.goal_id",
        "MAX(v)",  # the most severe first level
    ),
    Figure.SELF.value: (
        "SELECT r.id, r.goal_id AS part, r.course_id, g.dimension AS dim, r.date, "
        "CASE WHEN r.rating <= 3 THEN 0 WHEN r.rating <= 6 THEN 1 ELSE 2 END AS v "
        "FROM courses_selfreportrating r JOIN courses_goal g ON g.id = r.goal_id",
        "MIN(v)",  # the lowest first self-rating band
    ),
    Figure.EMPLOYMENT.value: (
        "SELECT e.id, e.course_id AS part, e.course_id, '' AS dim, e.date, "
        "CASE WHEN e.occupation > 3 THEN 3 ELSE e.occupation END AS v FROM courses_employmentstatus e",
        "MIN(v)",  # the first rung on the ladder
    ),
}


@dataclass
class Group:
    """Courses counted for one outcome: successes of n, the units behind them, per stratum."""

    successes: int = 0
    n: int = 0
    units: set = field(default_factory=set)
    strata: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    # Per initiative and stratum, so that no initiative's part can be worked out by subtraction.
    parts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))

    def add(self, initiative_id, unit_id, stratum, ok, n):
        self.successes += ok
        self.n += n
        self.units.add(unit_id)
        for cell in (self.strata[stratum], self.parts[initiative_id][stratum]):
            cell[0] += ok
            cell[1] += n

    @property
    def share(self) -> Decimal | None:
        return Decimal(self.successes) / self.n if self.n else None


@dataclass
class Measurement:
    own: Group
    comparison: Group
    comparison_initiatives: list[Initiative]


def comparison_initiatives(initiative: Initiative, figure: str) -> list[Initiative]:
    """The other initiatives for the same target group (for the employment figure: employment initiatives)."""
    if not initiative.target_category:
        return []
    others = Initiative.objects.filter(target_category=initiative.target_category).exclude(pk=initiative.pk)
    if figure == Figure.EMPLOYMENT:
        others = others.filter(is_employment=True)
    return list(others.order_by("track__number", "key"))


def data_version() -> tuple:
    """Changes whenever a measurement may change: every audited write, and new ratings or statuses."""
    return tuple(
        model.objects.aggregate(m=Max("id"))["m"]
        for model in (AuditEntry, Assessment, SelfReportRating, EmploymentStatus)
    )


def measure(initiative: Initiative, figure: str, dimension: str, window: tuple[datetime.date, datetime.date]):
    """The measurement of one outcome, kept in this process for CACHE_SECONDS while no data changes
    (the per-course step is a window pass over the target group's assessments: seconds at 100.000 citizens)."""
    key = (initiative.pk, figure, dimension, window, data_version())
    now = time.monotonic()
    hit = _MEMO.get(key)
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    found = _measure(initiative, figure, dimension, window)
    for old in [k for k, (t, _m) in _MEMO.items() if now - t >= CACHE_SECONDS or k[:4] == key[:4]]:
        del _MEMO[old]
    if len(_MEMO) > 64:
        _MEMO.clear()
    _MEMO[key] = (now, found)
    return found


def clear_cache():
    _MEMO.clear()


def _measure(initiative: Initiative, figure: str, dimension: str, window: tuple[datetime.date, datetime.date]):
    """The initiative's courses and the comparison's, counted per unit and stratum in one query."""
    others = comparison_initiatives(initiative, figure)
    measurement = Measurement(Group(), Group(), others)
    query = measurement_sql(initiative, others, figure, dimension, window)
    if query is None:
        return measurement
    with connection.cursor() as cursor:
        cursor.execute(*query)
        rows = cursor.fetchall()
    for initiative_id, unit_id, stratum, ok, n in rows:
        group = measurement.own if initiative_id == initiative.pk else measurement.comparison
        group.add(initiative_id, unit_id, stratum, int(ok), int(n))
    return measurement


def measurement_sql(initiative, others, figure, dimension, window) -> tuple[str, list] | None:
    """SQL and parameters: (initiative, unit, stratum, successes, courses) for the initiative and the others."""
    ids = [initiative.pk, *[o.pk for o in others]]
    course_ids = list(Course.objects.filter(initiative_id__in=ids).values_list("id", flat=True))
    if not course_ids:
        return None
    sql, params = per_course_sql(
        figure, window, course_ids=course_ids if len(course_ids) <= MAX_COURSE_PARAMS else None
    )
    source, combine = FIRST_VALUE[figure]
    marks = ", ".join(["%s"] * len(ids))
    # The success and the first value of each course meet in one grouped UNION rather than a join of two
    # derived tables: PostgreSQL misjudges the per-course step as one row and would loop over the other.
    # Only constant fragments are formatted in; every value is a query parameter.
    sql += f""",
    first_rows AS (
        SELECT course_id, dim, v, ROW_NUMBER() OVER (PARTITION BY part ORDER BY date, id) AS rn
        FROM ({source}) fs
        WHERE date <= %s AND dim = %s
          AND course_id IN (SELECT id FROM courses_course WHERE initiative_id IN ({marks}))
    ),
    per_course_stratum AS (
        SELECT course_id, MAX(ok) AS ok, MAX(stratum) AS stratum, MAX(counted) AS counted FROM (
            SELECT course_id, ok, CAST(NULL AS INTEGER) AS stratum, 1 AS counted FROM per_course WHERE dim = %s
            UNION ALL
            SELECT course_id, CAST(NULL AS INTEGER), {combine}, 0 FROM first_rows WHERE rn = 1 GROUP BY course_id
        ) u
        GROUP BY course_id
    )
    SELECT c.initiative_id, c.unit_id, s.stratum, SUM(s.ok), COUNT(*)
    FROM per_course_stratum s JOIN courses_course c ON c.id = s.course_id
    WHERE s.counted = 1 AND c.initiative_id IN ({marks})
    GROUP BY c.initiative_id, c.unit_id, s.stratum
    """  # noqa: S608
    dimension = dimension or ""
    return sql, [*params, window[1], dimension, *ids, dimension, *ids]


def wilson(successes: int, n: int) -> tuple[Decimal, Decimal]:
    """95 % Wilson interval, as the effect figures have it."""
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    return _decimal(low), _decimal(high)


def _decimal(value) -> Decimal:
    return Decimal(str(round(float(value), 6)))


@dataclass
class Matched:
    """The comparison reweighted to the initiative's mix of first assessments."""

    baseline: Decimal  # the comparison's standardised rate
    successes: int  # matched comparison courses (unweighted), for disclosure
    n: int
    effective_n: Decimal  # Kish's effective size after weighting
    coverage: Decimal  # the share of the initiative's courses that have comparison courses like them
    difference_low: Decimal  # Newcombe's 95 % interval of own rate − baseline
    difference_high: Decimal
    parts: dict  # initiative id → (successes, n) of its matched courses


def match(own: Group, comparison: Group) -> Matched | None:
    strata = [s for s in own.strata if s is not None and s in comparison.strata and comparison.strata[s][1]]
    own_matched = sum(own.strata[s][1] for s in strata)
    if not strata or not own_matched or not own.n:
        return None
    baseline = sum(Decimal(own.strata[s][1]) * comparison.strata[s][0] / comparison.strata[s][1] for s in strata)
    baseline /= own_matched
    # Each comparison course in stratum s weighs own_s / cmp_s; Kish: (Σw)² / Σw² = own² / Σ(own_s² / cmp_s).
    effective_n = Decimal(own_matched) ** 2 / sum(
        Decimal(own.strata[s][1]) ** 2 / comparison.strata[s][1] for s in strata
    )
    low, high = confint_proportions_2indep(
        own.successes,
        own.n,
        float(baseline * effective_n),
        float(effective_n),
        method="newcomb",
        compare="diff",
    )
    return Matched(
        baseline=baseline,
        successes=sum(comparison.strata[s][0] for s in strata),
        n=sum(comparison.strata[s][1] for s in strata),
        effective_n=effective_n,
        coverage=Decimal(own_matched) / own.n,
        difference_low=_decimal(low),
        difference_high=_decimal(high),
        parts={
            ini: (sum(cells[s][0] for s in strata if s in cells), sum(cells[s][1] for s in strata if s in cells))
            for ini, cells in comparison.parts.items()
        },
    )


WEAK_EFFECTIVE_N = 20
WEAK_COVERAGE = Decimal("0.8")


def strength(matched: Matched) -> str:
    """ "svag" or "moderat": a comparison that is not randomised is never called strong."""
    if matched.effective_n < WEAK_EFFECTIVE_N or matched.coverage < WEAK_COVERAGE:
        return "svag"
    return "moderat"
