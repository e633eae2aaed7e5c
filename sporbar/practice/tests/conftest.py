"""Fixtures of the promising-practice tests: a plan with two initiatives and hand-made courses."""

import datetime
import itertools
from decimal import Decimal

import pytest

from sporbar.courses.models import Assessment, Citizen, Course, Goal, SelfReport, SelfReportRating
from sporbar.plans.models import Initiative, Plan, Theme, Track

TODAY = datetime.date(2026, 6, 30)
_seq = itertools.count(1)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    """Files in a temporary media root; effect figures recomputed for each test (ids repeat)."""
    from sporbar.effects import services

    settings.MEDIA_ROOT = tmp_path / "media"
    services.clear_cache()


class World:
    """plan → theme → track → `act` (owned by centre A) and `other` (owned by centre B)."""

    def __init__(self, org):
        self.org = org
        self.plan = Plan.objects.create(code="testplan", name="Testplanen")
        theme = Theme.objects.create(plan=self.plan, number=4, name="Forebyggelse")
        self.track = Track.objects.create(theme=theme, number="4.1", name="Forebyggelse")
        self.act = Initiative.objects.create(
            track=self.track,
            key="act",
            title="ACT-indsats",
            amount=Decimal("2500000"),
            period_start=2025,
            period_end=2027,
            target_group="Hjemløse over 25 år",
            target_group_size=12,
            what_who_how="Et tværfagligt team",
            purpose="Borgerne får et hjem",
            evaluation="Forsøg med 12 borgere",
            owner_unit=org.centre_a,
        )
        self.other = Initiative.objects.create(
            track=self.track, key="andet", title="Andet initiativ", amount=Decimal("1000000"), owner_unit=org.centre_b
        )

    def course(self, initiative=None, unit=None, start="2025-01-01", end=None, goals=(True,), assessed=(), rated=()):
        """goals: one entry per goal, True when written in the citizen's own words; assessed/rated: dates."""
        citizen = Citizen.objects.create(pseudonym=f"P-{next(_seq):05d}", is_synthetic=True)
        course = Course.objects.create(
            citizen=citizen,
            initiative=initiative or self.act,
            unit=unit or self.org.centre_a,
            start_date=d(start),
            end_date=d(end) if end else None,
        )
        made = [
            Goal.objects.create(
                course=course,
                dimension="personlig",
                goal_type="udvikle",
                text="Jeg vil have min egen bolig",
                in_citizens_words=own,
            )
            for own in goals
        ]
        for i, date in enumerate(assessed):
            Assessment.objects.create(
                course=course, goal=made[0], date=d(date), level=3 - min(i, 2), status="ikke" if i == 0 else "delvist"
            )
        for i, date in enumerate(rated):
            report = SelfReport.objects.create(course=course, date=d(date))
            SelfReportRating.objects.create(
                self_report=report, course=course, goal=made[0], date=d(date), rating=3 + 3 * i
            )
        return course

    def courses(self, n, **kwargs):
        return [self.course(**kwargs) for _ in range(n)]


@pytest.fixture
def world(org):
    return World(org)


def element(profile_or_elements, number):
    elements = profile_or_elements["elements"] if isinstance(profile_or_elements, dict) else profile_or_elements
    return next(e for e in elements if e["number"] == number)
