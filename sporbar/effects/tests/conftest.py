import datetime
import itertools

import pytest

from sporbar.courses.models import Assessment, Citizen, Course, EmploymentStatus, Goal, SelfReport, SelfReportRating
from sporbar.plans.models import Initiative, Plan, Theme, Track

_seq = itertools.count(1)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class Builder:
    """Hand-made courses: build(initiative, unit, goals=[(dimension, goal_type, [(date, level, status), ...])])."""

    def course(self, initiative, unit, start="2025-01-01", end=None, goals=(), ratings=(), employment=()):
        citizen = Citizen.objects.create(pseudonym=f"T-{next(_seq):05d}", is_synthetic=True)
        course = Course.objects.create(
            citizen=citizen, initiative=initiative, unit=unit, start_date=d(start), end_date=d(end) if end else None
        )
        for dimension, goal_type, assessments in goals:
            goal = Goal.objects.create(course=course, dimension=dimension, goal_type=goal_type, text="mål")
            for date, level, status in assessments:
                Assessment.objects.create(course=course, goal=goal, date=d(date), level=level, status=status)
        for dimension, values in ratings:
            goal = Goal.objects.create(course=course, dimension=dimension, goal_type="udvikle", text="mål")
            for date, rating in values:
                report = SelfReport.objects.create(course=course, date=d(date))
                SelfReportRating.objects.create(
                    self_report=report, course=course, goal=goal, date=d(date), rating=rating
                )
        for date, hours, occupation in employment:
            EmploymentStatus.objects.create(course=course, date=d(date), hours_per_week=hours, occupation=occupation)
        return course

    def improving(self, initiative, unit, n, dimension="personlig", first="2025-01-10", last="2025-06-10"):
        for _ in range(n):
            self.course(initiative, unit, goals=[(dimension, "udvikle", [(first, 3, "ikke"), (last, 2, "delvist")])])

    def worsening(self, initiative, unit, n, dimension="personlig", first="2025-01-10", last="2025-06-10"):
        for _ in range(n):
            self.course(initiative, unit, goals=[(dimension, "udvikle", [(first, 2, "ikke"), (last, 3, "ikke")])])


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The figures are cached by data version; ids repeat between rolled-back tests, so start clean."""
    from sporbar.effects import services

    services.clear_cache()


@pytest.fixture
def build():
    return Builder()


@pytest.fixture
def plan(org):
    """Plan → 1 theme → 1 track → three initiatives (children, young, employment), owned by centre A/B."""
    plan = Plan.objects.create(code="testplan", name="Testplanen")
    theme = Theme.objects.create(plan=plan, number=1, name="Tema et")
    track = Track.objects.create(theme=theme, number="1.1", name="Sporet")
    common = {"track": track, "amount": 1_000_000}
    plan.kids = Initiative.objects.create(
        key="boern", title="Børneindsatsen", target_category="boern", owner_unit=org.centre_a, **common
    )
    plan.young = Initiative.objects.create(
        key="unge", title="Ungeindsatsen", target_category="unge", owner_unit=org.centre_b, **common
    )
    plan.job = Initiative.objects.create(
        key="job",
        title="Jobindsatsen",
        target_category="handicap",
        is_employment=True,
        owner_unit=org.centre_a,
        **common,
    )
    plan.theme, plan.track = theme, track
    return plan


def pick(figures, figure="maal", dimension="personlig", kind="initiative", scope_id=None, period="2025"):
    for f in figures:
        if (
            f["figure"] == figure
            and f["dimension"] == dimension
            and f["scope"]["kind"] == kind
            and (scope_id is None or f["scope"]["id"] == scope_id)
            and f["period"] == period
        ):
            return f
    return None
