"""The figure summary is kept current on write and always equals the figures computed from the raw tables."""

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from sporbar.courses import services as course_services
from sporbar.courses.models import Assessment, Citizen, Course, EmploymentStatus, Goal
from sporbar.effects import services
from sporbar.effects.models import CourseFigure, FigureCount

from .conftest import d, pick


def from_summary(plan):
    return services.plan_figures(plan)


def from_raw(plan):
    return services.plan_figures(plan, use_summary=False)


def assert_summary_matches_raw(plan):
    summary, raw = from_summary(plan), from_raw(plan)
    assert summary == raw
    return summary


def test_summary_follows_an_assessment_added_changed_and_deleted(org, plan, build):
    course = build.course(plan.kids, org.service_a, goals=[("personlig", "udvikle", [("2025-01-10", 3, "ikke")])])
    assert pick(from_summary(plan), scope_id=plan.kids.id) is None  # a single assessment does not count

    goal = course.goals.get()
    later = Assessment.objects.create(course=course, goal=goal, date=d("2025-03-01"), level=2, status="delvist")
    f = pick(assert_summary_matches_raw(plan), scope_id=plan.kids.id)
    assert (f["count"], f["denominator"]) == (1, 1)  # improved from 3 to 2

    later.level = 4  # worse
    later.save()
    f = pick(assert_summary_matches_raw(plan), scope_id=plan.kids.id)
    assert (f["count"], f["denominator"]) == (0, 1)

    later.delete()
    assert pick(assert_summary_matches_raw(plan), scope_id=plan.kids.id) is None
    assert not FigureCount.objects.exists()


def test_summary_follows_goals_courses_statuses_and_deleted_citizens(org, plan, build):
    course = build.course(
        plan.job,
        org.service_a,
        goals=[("laering", "fastholde", [("2025-01-10", 2, "ikke"), ("2025-05-10", 2, "ikke")])],
        employment=[("2025-01-10", 0, 0), ("2025-06-01", 10, 1)],
    )
    figures = assert_summary_matches_raw(plan)
    assert pick(figures, dimension="laering", scope_id=plan.job.id)["count"] == 1
    assert pick(figures, figure="beskaeftigelse", dimension="", scope_id=plan.job.id)["count"] == 1

    # The goal becomes "develop": not improved, so no longer a success.
    goal = Goal.objects.get(course=course)
    goal.goal_type = "udvikle"
    goal.save()
    assert pick(assert_summary_matches_raw(plan), dimension="laering", scope_id=plan.job.id)["count"] == 0

    # The course moves to another unit: the unit figures follow it.
    course.unit = org.centre_b
    course.save()
    figures = assert_summary_matches_raw(plan)
    assert pick(figures, dimension="laering", kind="unit", scope_id=org.centre_b.id)["denominator"] == 1
    assert pick(figures, dimension="laering", kind="unit", scope_id=org.service_a.id) is None

    EmploymentStatus.objects.filter(course=course).last().delete()
    assert pick(assert_summary_matches_raw(plan), figure="beskaeftigelse", dimension="") is None

    Citizen.objects.filter(courses=course).delete()
    assert from_summary(plan) == [] == from_raw(plan)
    assert not CourseFigure.objects.exists() and not FigureCount.objects.exists()


def test_self_report_submitted_by_the_citizen_counts_at_once(org, plan, build):
    course = build.course(plan.young, org.centre_b)
    Goal.objects.create(course=course, dimension="netvaerk", goal_type="udvikle", text="mål")
    goal_id = course.goals.get().id
    for rating in (3, 6):
        _link, token = course_services.create_link(course)
        course_services.submit_self_report(token, ratings={goal_id: rating})
    year = str(timezone.localdate().year)
    f = pick(assert_summary_matches_raw(plan), figure="selv", dimension="netvaerk", scope_id=plan.young.id, period=year)
    assert (f["count"], f["denominator"]) == (1, 1)


def random_data(plan, org, build, seed):
    rng = random.Random(seed)
    units = [org.service_a, org.centre_a, org.centre_b]
    days = [f"{y}-{m:02d}-{day:02d}" for y in (2024, 2025) for m in (1, 2, 3, 5, 6, 7, 9, 12) for day in (1, 15, 28)]
    for _ in range(25):
        initiative = rng.choice([plan.kids, plan.young, plan.job])
        goals = []
        for dim in rng.sample(["personlig", "netvaerk", "laering"], rng.randint(1, 3)):
            for _ in range(rng.choice([1, 1, 2])):
                marks = [(rng.choice(days), rng.randint(0, 4), rng.choice(["opfyldt", "delvist", "ikke"]))]
                marks += [(rng.choice(days), rng.randint(0, 4), rng.choice(["delvist", "ikke"])) for _ in range(3)]
                goals.append((dim, rng.choice(["udvikle", "fastholde", "begraense"]), marks[: rng.randint(1, 4)]))
        ratings = [(rng.choice(["personlig", "netvaerk"]), [(rng.choice(days), rng.randint(0, 10)) for _ in range(3)])]
        employment = [(rng.choice(days), rng.choice([0, 5, 10]), rng.randint(0, 4)) for _ in range(rng.randint(0, 3))]
        build.course(
            initiative,
            rng.choice(units),
            goals=goals,
            ratings=ratings[: rng.randint(0, 1)],
            employment=employment if initiative == plan.job else [],
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_from_the_summary_equal_figures_from_the_raw_tables(org, plan, build, seed):
    random_data(plan, org, build, seed)
    figures = assert_summary_matches_raw(plan)
    assert len(figures) > 50
    # Some random changes and deletions, then a full rebuild: still the same.
    rng = random.Random(seed)
    for a in rng.sample(list(Assessment.objects.all()), 10):
        a.level = rng.randint(0, 4)
        a.save()
    for a in rng.sample(list(Assessment.objects.all()), 10):
        a.delete()
    Course.objects.filter(id__in=rng.sample(list(Course.objects.values_list("id", flat=True)), 3)).delete()
    assert_summary_matches_raw(plan)
    before = sorted(
        FigureCount.objects.values_list(
            "figure", "initiative_id", "unit_id", "dimension", "gran", "period_key", "ok", "n"
        )
    )
    services.rebuild_summaries()
    after = sorted(
        FigureCount.objects.values_list(
            "figure", "initiative_id", "unit_id", "dimension", "gran", "period_key", "ok", "n"
        )
    )
    assert before == after


def test_refresh_figures_command_picks_up_bulk_loaded_data(org, plan, build):
    course = build.course(plan.kids, org.service_a)
    goal = Goal.objects.create(course=course, dimension="personlig", goal_type="udvikle", text="mål")
    Assessment.objects.bulk_create(  # bulk_create skips the signals, as the demo loader does
        [
            Assessment(course=course, goal=goal, date=d("2025-01-10"), level=3, status="ikke"),
            Assessment(course=course, goal=goal, date=d("2025-06-10"), level=1, status="delvist"),
        ]
    )
    assert pick(from_summary(plan), scope_id=plan.kids.id) is None
    call_command("refresh_figures", stdout=open("/dev/null", "w"))
    assert pick(assert_summary_matches_raw(plan), scope_id=plan.kids.id)["count"] == 1
