#!/usr/bin/env python
"""Benchmark: one investment case with measured outcomes against one full scan of the assessments table.

    .venv/bin/python benchmarks/investment.py [--citizens 100000] [--only sqlite|postgres]

Uses the synthetic municipality of benchmarks/keyfigures.py (built on first use; its SQLite file
benchmarks/keyfigures.sqlite3, and on PostgreSQL the database named by BENCH_DATABASE_URL). On it, a
case for an employment initiative with three consequences — one driven by the goal figure, one by the
employment figure, one assumed — is evaluated as a reader outside the units sees it: the observed rate
and the matched comparison group of each outcome (the other initiatives for the same target group),
the intake, the costs, the result, the interval ends and the sensitivity. Measured:
  (a) the evaluation (`services.evaluate`) with the measurements computed afresh, and again with them
      kept from the previous evaluation (`outcomes.measure` keeps them while no data changes),
  (b) the baseline: one pass reading every row, SELECT sum(level) FROM courses_assessment,
  (c) for reference, the effect pages' figure for a chosen date range, all initiatives, goal figure
      (`effects.services.grouped_counts`), the same kind of window pass the case makes per outcome.
Every time is the best of 3. The last line printed is `ratio N`: the worse ratio (a)/(b) of the databases.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import keyfigures  # noqa: E402 - the synthetic municipality and its helpers

TODAY = datetime.date(2026, 11, 1)


def make_case():
    from sporbar.investment.models import CaseConsequence, Consequence, InvestmentCase, Price
    from sporbar.plans.models import Initiative

    initiative = Initiative.objects.filter(track__theme__plan__code="bench", is_employment=True).order_by("id").first()
    InvestmentCase.objects.filter(initiative=initiative).delete()
    outcomes = [
        ("Bench: uge på kontanthjælp", "beskaeftigelse", ""),
        ("Bench: overnatning", "maal", "personlig"),
        ("Bench: sengedag", "", ""),
    ]
    case = InvestmentCase.objects.create(
        initiative=initiative,
        name="Benchmarkcase",
        start_year=2021,
        citizens_per_year=500,
        success_rate=Decimal("0.2"),
        baseline_rate=Decimal("0.05"),
    )
    for name, figure, dimension in outcomes:
        consequence, _ = Consequence.objects.update_or_create(
            name=name, defaults={"unit": "enheder", "outcome_figure": figure, "outcome_dimension": dimension}
        )
        Price.objects.get_or_create(
            consequence=consequence, payer="kommune", defaults={"amount": Decimal(1000), "price_level_year": 2024}
        )
        CaseConsequence.objects.create(case=case, consequence=consequence, quantity=Decimal(10))
    return case


def measure(citizens: int) -> dict:
    from django.db import connection

    from sporbar.effects import services as effects
    from sporbar.investment import outcomes, services
    from sporbar.plans.models import Initiative

    keyfigures.build(citizens)
    case = make_case()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM courses_assessment")
        assessments = cursor.fetchone()[0]

    def scan():
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(level) FROM courses_assessment")
            cursor.fetchone()

    evaluation = {}

    def evaluate():
        evaluation.update(services.evaluate(case, viewer=None, today=TODAY))

    def evaluate_afresh():
        outcomes.clear_cache()
        evaluate()

    ids = list(Initiative.objects.filter(track__theme__plan__code="bench").values_list("id", flat=True))
    window = (datetime.date(2021, 1, 1), TODAY)
    baseline = keyfigures.best_of(scan)
    case_s = keyfigures.best_of(evaluate_afresh)
    cached_s = keyfigures.best_of(evaluate)
    range_s = keyfigures.best_of(lambda: effects.grouped_counts("maal", ids, window))
    measured = [r.consequence.name for r in evaluation["rates"] if r.status == "maalt"]
    return {
        "vendor": connection.vendor,
        "assessments": assessments,
        "measured": measured,
        "baseline_s": baseline,
        "case_s": case_s,
        "cached_s": cached_s,
        "date_range_figure_s": range_s,
        "ratio": case_s / baseline,
    }


def child(engine: str, citizens: int):
    keyfigures.setup_django(f"sqlite:///{keyfigures.SQLITE_FILE}" if engine == "sqlite" else keyfigures.PG_URL)
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
        if engine == "postgres" and not keyfigures.ensure_pg_database():
            print("postgres: not reachable, skipped")
            continue
        out = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--citizens", str(args.citizens)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        ).stdout
        result = json.loads(out.split("RESULT ", 1)[1])
        print(
            f"{result['vendor']}: {result['assessments']:,} assessments; measured {len(result['measured'])} of 3 "
            f"consequences; case {result['case_s']:.3f} s (measurements kept: {result['cached_s']:.3f} s); "
            f"one scan {result['baseline_s']:.3f} s; "
            f"effect figure for a date range, all initiatives {result['date_range_figure_s']:.3f} s; "
            f"ratio case / scan {result['ratio']:.1f}"
        )
        ratios.append(result["ratio"])
    if ratios:
        print(f"ratio {max(ratios):.1f}")


if __name__ == "__main__":
    main()
