"""Figures on small hand-made data; the right answers are worked out in each test."""

import pytest

from sporbar.effects import services
from sporbar.effects.tests.conftest import d, pick

pytestmark = pytest.mark.django_db


def test_goal_reached_or_improved_udvikle_vs_fastholde(org, plan, build):
    kids = plan.kids
    # 1: udvikle, level 3 → 2: improved → success
    build.course(
        kids, org.centre_a, goals=[("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-03-01", 2, "ikke")])]
    )
    # 2: udvikle, level unchanged, not met → failure
    build.course(
        kids, org.centre_a, goals=[("personlig", "udvikle", [("2025-01-10", 2, "ikke"), ("2025-03-01", 2, "ikke")])]
    )
    # 3: fastholde, level unchanged → success (did not worsen)
    build.course(
        kids, org.centre_a, goals=[("personlig", "fastholde", [("2025-01-10", 2, "ikke"), ("2025-03-01", 2, "ikke")])]
    )
    # 4: fastholde, level worsened → failure
    build.course(
        kids, org.centre_a, goals=[("personlig", "fastholde", [("2025-01-10", 2, "ikke"), ("2025-03-01", 3, "ikke")])]
    )
    # 5: worse level but goal "opfyldt" → success
    build.course(
        kids, org.centre_a, goals=[("personlig", "udvikle", [("2025-01-10", 2, "ikke"), ("2025-03-01", 3, "opfyldt")])]
    )
    # 6: a single assessment → does not qualify
    build.course(kids, org.centre_a, goals=[("personlig", "udvikle", [("2025-01-10", 3, "ikke")])])
    # 7: two assessments 29 days apart → does not qualify
    build.course(
        kids, org.centre_a, goals=[("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-02-08", 1, "ikke")])]
    )
    # 8: exactly 30 days apart → qualifies, improved
    build.course(
        kids, org.centre_a, goals=[("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-02-09", 1, "ikke")])]
    )
    figures = services.plan_figures(plan)
    f = pick(figures, scope_id=kids.id)
    assert (f["count"], f["denominator"]) == (4, 6)  # successes: 1, 3, 5, 8
    assert f["share"] == pytest.approx(4 / 6)
    assert f["ci_low"] == pytest.approx(services.wilson(4, 6)[0])
    # no other dimension has data
    assert pick(figures, dimension="netvaerk", scope_id=kids.id) is None


def test_ties_on_the_same_date_the_last_entered_wins(org, plan, build):
    # Two assessments on the latest date: the one entered last (higher id) is the latest.
    build.course(
        plan.kids,
        org.centre_a,
        goals=[
            ("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-04-01", 3, "ikke"), ("2025-04-01", 2, "ikke")])
        ],
    )
    build.course(
        plan.kids,
        org.centre_a,
        goals=[
            ("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-04-01", 2, "ikke"), ("2025-04-01", 3, "ikke")])
        ],
    )
    f = pick(services.plan_figures(plan), scope_id=plan.kids.id)
    assert (f["count"], f["denominator"]) == (1, 2)


def test_course_with_two_goals_in_a_dimension_needs_both(org, plan, build):
    build.course(
        plan.kids,
        org.centre_a,
        goals=[
            ("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-04-01", 2, "ikke")]),
            ("personlig", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-04-01", 3, "ikke")]),
            ("netvaerk", "udvikle", [("2025-01-10", 3, "ikke"), ("2025-04-01", 2, "ikke")]),
        ],
    )
    figures = services.plan_figures(plan)
    assert pick(figures, scope_id=plan.kids.id)["count"] == 0
    assert pick(figures, dimension="netvaerk", scope_id=plan.kids.id)["count"] == 1


def test_course_straddling_periods(org, plan, build):
    # First 2024-11-01 (level 3), 2025-02-01 (level 2), 2025-08-01 (level 4).
    build.course(
        plan.kids,
        org.centre_a,
        start="2024-10-01",
        goals=[
            ("personlig", "udvikle", [("2024-11-01", 3, "ikke"), ("2025-02-01", 2, "ikke"), ("2025-08-01", 4, "ikke")])
        ],
    )
    figures = services.plan_figures(plan)
    # 2024: only the first assessment lies in 2024 → it is compared with itself: 0 days → not counted
    assert pick(figures, scope_id=plan.kids.id, period="2024") is None
    # 2025-K1 / 2025-H1: latest is 2025-02-01 → improved
    assert pick(figures, scope_id=plan.kids.id, period="2025-K1")["count"] == 1
    assert pick(figures, scope_id=plan.kids.id, period="2025-H1")["count"] == 1
    # 2025-H2 and the year 2025: latest is 2025-08-01 → worse
    assert pick(figures, scope_id=plan.kids.id, period="2025-H2")["count"] == 0
    f = pick(figures, scope_id=plan.kids.id, period="2025")
    assert (f["count"], f["denominator"]) == (0, 1)
    # a chosen range up to 2025-03-31 sees the improvement
    ranged = services.plan_figures(plan, date_range=(d("2025-01-01"), d("2025-03-31")))
    f = pick(ranged, scope_id=plan.kids.id, period="2025-01-01/2025-03-31")
    assert (f["count"], f["denominator"]) == (1, 1)


def test_self_report_and_employment(org, plan, build):
    # self: 2 → 4 (+2) success; 5 → 6 (+1) failure; a single rating does not count
    build.course(plan.young, org.centre_b, ratings=[("netvaerk", [("2025-01-05", 2), ("2025-05-05", 4)])])
    build.course(plan.young, org.centre_b, ratings=[("netvaerk", [("2025-01-05", 5), ("2025-05-05", 6)])])
    build.course(plan.young, org.centre_b, ratings=[("netvaerk", [("2025-01-05", 5)])])
    # employment: none → protected (up); same occupation, more hours (up); flex → education? 2 → 3 rung up;
    # ordinary job → education: same rung, same hours → not closer
    build.course(plan.job, org.centre_a, employment=[("2025-01-05", 0, 0), ("2025-06-05", 5, 1)])
    build.course(plan.job, org.centre_a, employment=[("2025-01-05", 5, 1), ("2025-06-05", 10, 1)])
    build.course(plan.job, org.centre_a, employment=[("2025-01-05", 20, 3), ("2025-06-05", 20, 4)])
    # a non-employment initiative's statuses are ignored
    build.course(plan.kids, org.centre_a, employment=[("2025-01-05", 0, 0), ("2025-06-05", 5, 1)])
    figures = services.plan_figures(plan)
    f = pick(figures, figure="selv", dimension="netvaerk", scope_id=plan.young.id)
    assert (f["count"], f["denominator"]) == (1, 2)
    f = pick(figures, figure="beskaeftigelse", dimension="", kind="plan")
    assert (f["count"], f["denominator"]) == (2, 3)


def test_roll_up_to_track_plan_unit_and_target_group(org, plan, build):
    build.improving(plan.kids, org.service_a, 3)
    build.worsening(plan.kids, org.centre_a, 1)
    build.improving(plan.young, org.centre_b, 2)
    figures = services.plan_figures(plan)
    assert pick(figures, kind="track")["denominator"] == 6
    assert pick(figures, kind="plan")["count"] == 5
    # centre A includes its sub-unit service A
    assert (
        pick(figures, kind="unit", scope_id=org.centre_a.id)["count"],
        pick(figures, kind="unit", scope_id=org.centre_a.id)["denominator"],
    ) == (3, 4)
    assert pick(figures, kind="unit", scope_id=org.area.id)["denominator"] == 6
    assert pick(figures, kind="target_group", scope_id="unge")["count"] == 2


def test_wilson_known_values():
    low, high = services.wilson(15, 20)
    assert round(low, 3) == 0.531
    assert round(high, 3) == 0.888


def test_verdict():
    assert services.verdict(0.76, 0.9, 0.75) == services.MET
    assert services.verdict(0.5, 0.74, 0.75) == services.NOT_MET
    assert services.verdict(0.531, 0.888, 0.75) == services.UNDECIDED
    assert services.verdict(0.5, 0.9, None) is None
