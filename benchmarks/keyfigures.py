#!/usr/bin/env python
"""Benchmark: every effect figure of a plan against one full scan of the assessments table.

    .venv/bin/python benchmarks/keyfigures.py [--citizens 100000] [--only sqlite|postgres]

Builds a synthetic municipality (default 100,000 citizens, about 1,000,000 assessments)
in its own SQLite file (benchmarks/keyfigures.sqlite3) and, when PostgreSQL is reachable
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/sporbar_bench), in the
database sporbar_bench. Then it rebuilds the figure summary (kept current on write in normal use; the synthetic data
is bulk-inserted, so it is rebuilt once, and that time is printed as "summary rebuild") and measures
  (a) every figure of the plan a leadership user sees (`services.keyfigures`, cache off): the
      figures of the stored, audited disclosure pattern (whole years outside the units),
and, on their own, the time to compute the disclosure pattern and audit it from scratch, and the
independent audit (`disclosure-audit`) as the leadership user,
  (b) the baseline: one pass reading every row, SELECT sum(level) FROM courses_assessment,
and the plan dashboard page through Django's test client (after one warm-up request), computing
the figures afresh and with the figures cached. Every time is the best of 3.
The last line printed is `ratio N`: the worse ratio (a)/(b) of the databases measured.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = ROOT / "benchmarks" / "keyfigures.sqlite3"
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sporbar_bench")
DIMENSIONS = ["personlig", "netvaerk", "laering"]
GOAL_TYPES = ["udvikle", "udvikle", "udvikle", "fastholde", "begraense"]
CATEGORIES = ["boern", "unge", "handicap", "psykiatri", "udsatte"]
STATUSES = ["opfyldt", "delvist", "ikke"]
DAY0 = datetime.date(2021, 1, 1)
SPAN_DAYS = (datetime.date(2026, 11, 1) - DAY0).days


def best_of(fn, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def ensure_pg_database() -> bool:
    import psycopg

    base, _, name = PG_URL.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return False
    return True


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sporbar.settings.base")
    os.environ.setdefault("DEBUG", "false")  # as in production: no query log
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_rows(cursor, vendor: str, table: str, columns: list[str], rows: list[tuple]):
    if vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def build(citizens: int, seed: int = 4):
    """Plan (4 themes, 10 tracks, 30 initiatives), units (1 + 3 + 9 + 18) and the courses, by raw bulk inserts."""
    from django.db import connection, transaction

    from sporbar.accounts.models import Unit, User
    from sporbar.courses.models import Course
    from sporbar.effects.demo import load as load_targets
    from sporbar.plans.models import Initiative, Plan, Theme, Track

    plan = Plan.objects.filter(code="bench").first()
    if plan and Course.objects.filter(initiative__track__theme__plan=plan).count() == citizens:
        return plan
    rng = random.Random(seed)
    with transaction.atomic():
        with connection.cursor() as cursor:
            for table in [
                "courses_employmentstatus",
                "courses_selfreportrating",
                "courses_selfreport",
                "courses_assessment",
                "courses_goal",
                "courses_course",
                "courses_citizen",
            ]:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - constant table names
        Plan.objects.filter(code="bench").delete()
        dept, _ = Unit.objects.get_or_create(
            code="b-dept", defaults={"name": "Afdelingen", "kind": "magistratsafdeling"}
        )
        services = []
        for a in range(3):
            area, _ = Unit.objects.get_or_create(
                code=f"b-a{a}", defaults={"name": f"Område {a}", "kind": "omraade", "parent": dept}
            )
            for c in range(3):
                centre, _ = Unit.objects.get_or_create(
                    code=f"b-a{a}c{c}", defaults={"name": f"Center {a}.{c}", "kind": "center", "parent": area}
                )
                for s in range(2):
                    service, _ = Unit.objects.get_or_create(
                        code=f"b-a{a}c{c}s{s}",
                        defaults={"name": f"Tilbud {a}.{c}.{s}", "kind": "tilbud", "parent": centre},
                    )
                    services.append(service)
        User.objects.get_or_create(username="bench-ledelse", defaults={"role": "leadership"})[0].units.set([dept])
        plan = Plan.objects.create(code="bench", name="Benchmarkplanen")
        initiatives = []
        for t in range(4):
            theme = Theme.objects.create(plan=plan, number=t + 1, name=f"Tema {t + 1}")
            for k in range(3 if t < 2 else 2):
                track = Track.objects.create(theme=theme, number=f"{t + 1}.{k + 1}", name=f"Spor {t + 1}.{k + 1}")
                for i in range(3):
                    initiatives.append(
                        Initiative.objects.create(
                            track=track,
                            key=f"i{t}{k}{i}",
                            title=f"Initiativ {t + 1}.{k + 1}.{i + 1}",
                            amount=1_000_000,
                            target_category=CATEGORIES[(t + k + i) % 5],
                            owner_unit=services[(t * 3 + k) % len(services)],
                            is_employment=(i == 2),
                        )
                    )
        load_targets({}, open(os.devnull, "w"))
        ids = {"citizen": 0, "course": 0, "goal": 0, "assessment": 0, "report": 0, "rating": 0, "status": 0}
        rows = {k: [] for k in ids}
        now = datetime.datetime.now(datetime.UTC)
        for n in range(citizens):
            ids["citizen"] += 1
            rows["citizen"].append((ids["citizen"], f"B-{n:07d}", "", None, True, now, None))
            initiative = initiatives[rng.randrange(len(initiatives))]
            unit = services[rng.randrange(len(services))]
            start = DAY0 + datetime.timedelta(days=rng.randrange(SPAN_DAYS - 200))
            end = start + datetime.timedelta(days=rng.randrange(120, 900))
            ended = end < datetime.date(2026, 11, 1)
            ids["course"] += 1
            course = ids["course"]
            rows["course"].append(
                (
                    course,
                    ids["citizen"],
                    initiative.id,
                    unit.id,
                    start,
                    end if ended else None,
                    "maal_naaet" if ended else "",
                    "",
                    "",
                )
            )
            last = end if ended else datetime.date(2026, 11, 1)
            for dim in rng.sample(DIMENSIONS, rng.choice((2, 3, 3))):
                ids["goal"] += 1
                goal = ids["goal"]
                rows["goal"].append((goal, course, dim, rng.choice(GOAL_TYPES), "mål", now, "", "", False))
                level = rng.randrange(1, 5)
                for _ in range(rng.choice((3, 4, 4, 5))):
                    date = start + datetime.timedelta(days=rng.randrange(max((last - start).days, 1)))
                    level = min(4, max(0, level + rng.choice((-1, -1, 0, 0, 1))))
                    ids["assessment"] += 1
                    rows["assessment"].append(
                        (ids["assessment"], course, goal, date, level, rng.choice(STATUSES), None, "", "")
                    )
                if rng.random() < 0.3:
                    rating = rng.randrange(0, 8)
                    for _ in range(rng.choice((2, 3))):
                        date = start + datetime.timedelta(days=rng.randrange(max((last - start).days, 1)))
                        ids["report"] += 1
                        rows["report"].append((ids["report"], course, None, date, ""))
                        ids["rating"] += 1
                        rating = min(10, max(0, rating + rng.choice((-1, 1, 2, 3))))
                        rows["rating"].append((ids["rating"], ids["report"], course, goal, date, rating))
            if initiative.is_employment:
                occupation, hours = 0, 0
                for _ in range(3):
                    date = start + datetime.timedelta(days=rng.randrange(max((last - start).days, 1)))
                    occupation = min(4, occupation + rng.choice((0, 0, 1)))
                    hours = min(37, hours + rng.choice((0, 2, 5)))
                    ids["status"] += 1
                    rows["status"].append((ids["status"], course, date, hours, occupation, None))
        vendor = connection.vendor
        with connection.cursor() as cursor:
            spec = [
                (
                    "citizen",
                    "courses_citizen",
                    [
                        "id",
                        "pseudonym",
                        "initials",
                        "birth_year",
                        "is_synthetic",
                        "created_at",
                        "erased_at",
                    ],
                ),
                (
                    "course",
                    "courses_course",
                    [
                        "id",
                        "citizen_id",
                        "initiative_id",
                        "unit_id",
                        "start_date",
                        "end_date",
                        "end_reason",
                        "source",
                        "source_ref",
                    ],
                ),
                (
                    "goal",
                    "courses_goal",
                    [
                        "id",
                        "course_id",
                        "dimension",
                        "goal_type",
                        "text",
                        "created_at",
                        "source",
                        "source_ref",
                        "in_citizens_words",
                    ],
                ),
                (
                    "assessment",
                    "courses_assessment",
                    ["id", "course_id", "goal_id", "date", "level", "status", "assessor_id", "source", "source_ref"],
                ),
                ("report", "courses_selfreport", ["id", "course_id", "link_id", "date", "comment"]),
                (
                    "rating",
                    "courses_selfreportrating",
                    ["id", "self_report_id", "course_id", "goal_id", "date", "rating"],
                ),
                (
                    "status",
                    "courses_employmentstatus",
                    ["id", "course_id", "date", "hours_per_week", "occupation", "assessor_id"],
                ),
            ]
            for key, table, columns in spec:
                write_rows(cursor, vendor, table, columns, rows[key])
            if vendor == "postgresql":
                for _key, table, _columns in spec:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan


def measure(citizens: int) -> dict:
    from django.db import connection
    from django.test import Client

    from sporbar.accounts.models import User
    from sporbar.effects import services

    started = time.perf_counter()
    plan = build(citizens)
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM courses_assessment")
        assessments = cursor.fetchone()[0]

    def scan():
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(level) FROM courses_assessment")
            cursor.fetchone()

    # The summary is kept current on write (signals); the synthetic data is written in bulk,
    # so it is rebuilt once here, and that time is reported on its own.
    started = time.perf_counter()
    summary = services.rebuild_summaries()
    rebuild = time.perf_counter() - started

    # The disclosure pattern and its audit, from scratch (in normal use: in the background after a change).
    from sporbar.effects.disclosure import store
    from sporbar.effects.disclosure.audit import audit
    from sporbar.effects.models import DisclosurePattern

    leadership = User.objects.get(username="bench-ledelse")
    DisclosurePattern.objects.filter(plan=plan).delete()  # from scratch: a stored one would be reused
    started = time.perf_counter()
    pattern = store.refresh_disclosure(plan)
    pattern_s = time.perf_counter() - started
    started = time.perf_counter()
    report = audit(plan, leadership)
    audit_s = time.perf_counter() - started

    figures = []

    def every_figure():
        figures[:] = services.keyfigures(plan, leadership, use_cache=False)

    baseline = best_of(scan)
    all_figures = best_of(every_figure)
    client = Client()
    client.force_login(User.objects.get(username="bench-ledelse"))
    url = f"/planer/{plan.id}/effekt/"
    assert client.get(url).status_code == 200  # first request of the process: imports, templates
    cold = best_of(lambda: (services.clear_cache(), client.get(url)))
    dashboard = best_of(lambda: client.get(url))
    return {
        "vendor": connection.vendor,
        "assessments": assessments,
        "figures": len(figures),
        "build_s": built,
        "rebuild_s": rebuild,
        "summary_rows": summary["course_rows"],
        "count_rows": summary["count_rows"],
        "baseline_s": baseline,
        "all_figures_s": all_figures,
        "dashboard_s": dashboard,
        "dashboard_cold_s": cold,
        "ratio": all_figures / baseline,
        "pattern_s": pattern_s,
        "pattern_checked": pattern.checked,
        "pattern_hidden": sum(1 for c in pattern.cells if c[7] is not None),
        "pattern_cells": len(pattern.cells),
        "audit_s": audit_s,
        "exposed": len(report.exposed),
    }


def child(engine: str, citizens: int):
    if engine == "sqlite":
        setup_django(f"sqlite:///{SQLITE_FILE}")
    else:
        setup_django(PG_URL)
    print("RESULT " + json.dumps(measure(citizens)), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.citizens)
        return
    engines = [args.only] if args.only else ["sqlite", "postgres"]
    ratios = []
    for engine in engines:
        if engine == "postgres" and not ensure_pg_database():
            print("postgres: not reachable, skipped")
            continue
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--citizens", str(args.citizens)],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(f"{engine}: failed\n{proc.stdout}\n{proc.stderr}")
            continue
        r = json.loads(line[7:])
        ratios.append(r["ratio"])
        print(
            f"{r['vendor']}: {args.citizens} citizens, {r['assessments']} assessments (built in {r['build_s']:.1f} s)\n"
            f"  (a) every figure of the plan a leadership user sees, pattern applied: {r['all_figures_s']:.3f} s"
            f" ({r['figures']} figures)\n"
            f"  disclosure pattern computed and audited from scratch: {r['pattern_s']:.1f} s"
            f" ({r['pattern_hidden']} of {r['pattern_cells']} hidden, {r['pattern_checked']} quantities checked);"
            f" independent audit as leadership: {r['audit_s']:.1f} s, exposed {r['exposed']}\n"
            f"  summary rebuild: {r['rebuild_s']:.1f} s ({r['summary_rows']} course rows,"
            f" {r['count_rows']} count rows; set-based INSERT … SELECT, done once after bulk loads;"
            " single writes keep it current)\n"
            f"  (b) baseline, one pass over the assessments (sum(level)): {r['baseline_s']:.3f} s\n"
            f"  plan dashboard page (test client): {r['dashboard_cold_s']:.3f} s computing,"
            f" {r['dashboard_s']:.3f} s with the figures cached\n"
            f"  ratio (a)/(b): {r['ratio']:.1f}",
            flush=True,
        )
    if not ratios:
        sys.exit(1)
    print(f"ratio {max(ratios):.1f}")


if __name__ == "__main__":
    main()
