"""Fixtures of the courses app: a plan with two initiatives, a citizen with a course in centre A."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from sporbar.courses import services
from sporbar.courses.models import Assessment, Goal
from sporbar.plans.models import Initiative, Plan, Theme, Track

CPR = "0101901234"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cdata(org):
    """centre_a owns `act` and runs a course of citizen `c1`; centre_b owns `ips` (employment)."""
    plan = Plan.objects.create(code="testplan", name="Testplanen")
    theme = Theme.objects.create(plan=plan, number=1, name="Tema")
    track = Track.objects.create(theme=theme, number="1.1", name="Spor")
    act = Initiative.objects.create(
        track=track, key="act", title="ACT-team", amount=Decimal(1), owner_unit=org.centre_a
    )
    ips = Initiative.objects.create(
        track=track, key="ips", title="IPS", amount=Decimal(1), owner_unit=org.centre_b, is_employment=True
    )
    citizen, _ = services.find_or_create_citizen(cpr=CPR, initials="AB", birth_year=1990, unit=org.service_a)
    course = services.create_course(
        citizen=citizen,
        initiative=act,
        unit=org.service_a,
        start_date=datetime.date(2025, 1, 10),
        goals=[
            {"dimension": "personlig", "goal_type": "udvikle", "text": "Jeg vil sove bedre"},
            {"dimension": "netvaerk", "goal_type": "fastholde", "text": "Jeg vil se min søster"},
        ],
    )
    goal = course.goals.first()
    assessment = Assessment.objects.create(
        course=course, goal=goal, date=datetime.date(2025, 6, 1), level=3, status="ikke", assessor=org.worker_a
    )

    class D:
        pass

    d = D()
    d.plan, d.act, d.ips, d.citizen, d.course, d.goal, d.assessment = plan, act, ips, citizen, course, goal, assessment
    d.goals = list(Goal.objects.filter(course=course))
    return d


def citizens_with_courses(unit, initiative, count, prefix):
    """`count` citizens of `unit` named PREFIX-000, PREFIX-001, …, each with a course in `initiative`."""
    for n in range(count):
        citizen, _ = services.find_or_create_citizen(unit=unit, pseudonym=f"{prefix}-{n:03d}")
        services.create_course(citizen=citizen, initiative=initiative, unit=unit, start_date=datetime.date(2025, 2, 1))
