"""The figure summary, kept current on write, so that every figure is read in one small query.

Two tables (models.CourseFigure, models.FigureCount):
- CourseFigure: one row per course, figure, dimension and period (year, half-year, quarter) in
  which the course counts, with ok = 1 when it succeeds — exactly the per-course step of
  `queries.per_course_sql`, stored.
- FigureCount: CourseFigure counted per (figure, initiative, unit, dimension, period) — the small
  grouped result that `services.plan_figures` rolls up to every scope.

After a change, the disclosure pattern is refreshed too (disclosure/refresh.py), once committed.

When an assessment, self-report rating, employment status, goal or course is saved or deleted,
`refresh_courses` recomputes that one course's CourseFigure rows and applies the difference to
FigureCount (as increments, so concurrent writers don't overwrite each other). Bulk writes that
skip signals (bulk_create, QuerySet.update, raw SQL) must be followed by `rebuild()`
(`sporbar refresh-figures`), as the demo loader does.
"""

from collections import Counter

from django.db import connection, transaction

from sporbar.courses import signals as course_signals
from sporbar.courses.models import Course

from . import queries
from .disclosure import refresh
from .models import CourseFigure, FigureCount

KEY = ["figure", "initiative_id", "unit_id", "dimension", "gran", "period_key"]
COLUMNS = "course_id, initiative_id, unit_id, figure, dimension, gran, period_key, ok"


def _insert_course_rows(cursor, course_ids=None):
    for kind in queries.FIGURES:
        sql, params = queries.per_course_sql(kind, course_ids=course_ids)
        cursor.execute(
            f"INSERT INTO effects_coursefigure ({COLUMNS}) {sql} "  # noqa: S608 - constant fragments
            f"SELECT p.course_id, c.initiative_id, c.unit_id, '{kind}', p.dim, p.gran, p.pk, p.ok "
            "FROM per_course p JOIN courses_course c ON c.id = p.course_id",
            params,
        )


@transaction.atomic
def rebuild() -> dict:
    """Recompute both tables from the raw tables with set-based SQL (INSERT … SELECT)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM effects_figurecount")
        cursor.execute("DELETE FROM effects_coursefigure")
        _insert_course_rows(cursor)
        keys = ", ".join(KEY)
        cursor.execute(
            f"INSERT INTO effects_figurecount ({keys}, cell, ok, n) "  # noqa: S608 - constant fragments
            f"SELECT {keys}, {queries.cell_code_sql('figure', 'dimension', 'gran', 'period_key')}, SUM(ok), COUNT(*) "
            f"FROM effects_coursefigure GROUP BY {keys}"
        )
        # Fresh statistics, so that the planner reads the covering indexes (SQLite needs them too).
        cursor.execute("ANALYZE effects_figurecount")
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE effects_coursefigure")
    return {"course_rows": CourseFigure.objects.count(), "count_rows": FigureCount.objects.count()}


@transaction.atomic
def refresh_courses(course_ids) -> None:
    """Bring the summary up to date for these courses (after any change to their data)."""
    course_ids = sorted({int(c) for c in course_ids if c is not None})
    if not course_ids:
        return
    transaction.on_commit(lambda: refresh.courses_changed(course_ids))
    # Lock the courses first: two transactions refreshing the same course would otherwise both
    # subtract its old rows. (A no-op on SQLite, which lets one writer in at a time anyway.)
    list(Course.objects.select_for_update().filter(id__in=course_ids).order_by("id").values_list("id"))
    rows = CourseFigure.objects.filter(course_id__in=course_ids)
    delta: Counter = Counter()
    for *key, ok in rows.values_list(*KEY, "ok"):
        delta[(*key, "ok")] -= ok
        delta[(*key, "n")] -= 1
    rows.delete()
    with connection.cursor() as cursor:
        _insert_course_rows(cursor, course_ids)
    for *key, ok in CourseFigure.objects.filter(course_id__in=course_ids).values_list(*KEY, "ok"):
        delta[(*key, "ok")] += ok
        delta[(*key, "n")] += 1
    changes = {}
    for (*key, field), value in delta.items():
        changes.setdefault(tuple(key), {"ok": 0, "n": 0})[field] = value
    changes = {k: v for k, v in changes.items() if v["ok"] or v["n"]}
    if not changes:
        return
    keys = ", ".join(KEY)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO effects_figurecount ({keys}, cell, ok, n) VALUES ({', '.join(['%s'] * 9)}) "  # noqa: S608
            f"ON CONFLICT ({keys}) DO UPDATE SET ok = effects_figurecount.ok + excluded.ok, "
            "n = effects_figurecount.n + excluded.n",
            [(*k, queries.cell_code(k[0], k[3], k[4], k[5]), v["ok"], v["n"]) for k, v in changes.items()],
        )
    emptied = [k for k, v in changes.items() if v["n"] < 0]
    if emptied:
        FigureCount.objects.filter(
            n__lte=0,
            initiative_id__in={k[1] for k in emptied},
            cell__in={queries.cell_code(k[0], k[3], k[4], k[5]) for k in emptied},
        ).delete()


# --- Signal handlers (connected in apps.EffectsConfig.ready) -------------------------------------


def course_data_changed(sender, instance, **kwargs):
    """An assessment, self-report rating, employment status or goal was saved or deleted."""
    if kwargs.get("raw") or course_signals.defer(instance.course_id):
        return
    refresh_courses([instance.course_id])


def course_changed(sender, instance, **kwargs):
    """A course was saved (initiative or unit may have changed) or deleted."""
    if kwargs.get("raw") or kwargs.get("created") or course_signals.defer(instance.pk):
        return
    refresh_courses([instance.pk])


def self_report_link_used(sender, instance, **kwargs):
    """courses.services.submit_self_report writes the ratings with bulk_create (no signals), then marks
    the link used: that save is our cue."""
    if kwargs.get("raw") or instance.used_at is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is None or "used_at" in update_fields:
        refresh_courses([instance.course_id])


def batch_changed(sender, course_ids, **kwargs):
    """A batch of course writes ended (sporbar.courses.signals.batched_changes)."""
    refresh_courses(course_ids)


def connect():
    from django.db.models.signals import post_delete, post_save

    from sporbar.courses.models import Assessment, Course, EmploymentStatus, Goal, SelfReportLink, SelfReportRating

    for model in (Assessment, SelfReportRating, EmploymentStatus, Goal):
        post_save.connect(course_data_changed, sender=model, dispatch_uid=f"effects-summary-save-{model.__name__}")
        post_delete.connect(course_data_changed, sender=model, dispatch_uid=f"effects-summary-del-{model.__name__}")
    post_save.connect(course_changed, sender=Course, dispatch_uid="effects-summary-save-Course")
    post_delete.connect(course_changed, sender=Course, dispatch_uid="effects-summary-del-Course")
    post_save.connect(self_report_link_used, sender=SelfReportLink, dispatch_uid="effects-summary-link")
    course_signals.courses_changed.connect(batch_changed, dispatch_uid="effects-summary-batch")
