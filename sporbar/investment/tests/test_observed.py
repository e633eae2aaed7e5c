"""Observed against assumed with real courses: the effects app's success rate feeds the case."""

import datetime
from decimal import Decimal

import pytest

from sporbar.courses.models import Assessment, Citizen, Course, Goal
from sporbar.investment import services

pytestmark = pytest.mark.django_db

effects_services = pytest.importorskip("sporbar.effects.services")
if not hasattr(effects_services, "initiative_success_rate"):  # pragma: no cover - until the effects app has it
    pytest.skip("effects.services.initiative_success_rate is missing", allow_module_level=True)


def make_courses(initiative, unit, reached: int, total: int):
    """`total` courses with one development goal assessed twice 60 days apart; `reached` of them are met."""
    first, last = datetime.date(2022, 1, 10), datetime.date(2022, 3, 11)
    for n in range(total):
        citizen = Citizen.objects.create(pseudonym=f"inv-{n}", is_synthetic=True)
        course = Course.objects.create(citizen=citizen, initiative=initiative, unit=unit, start_date=first)
        goal = Goal.objects.create(
            course=course, dimension="personlig", goal_type=Goal.GoalType.DEVELOP, text="Bo i egen bolig"
        )
        Assessment.objects.create(course=course, goal=goal, date=first, level=3, status="ikke")
        status = "opfyldt" if n < reached else "ikke"
        Assessment.objects.create(course=course, goal=goal, date=last, level=3, status=status)


def test_observed_effect_from_courses_moves_break_even(act_case, org, client_for):
    # 6 of 20 courses reach their goal: 30 % gross − 10 % baseline = 20 % net (assumed 25 %).
    make_courses(act_case.initiative, org.centre_a, reached=6, total=20)
    evaluation = services.evaluate(act_case)
    observed = evaluation["observed"]
    assert observed["gross_rate"] == Decimal("0.3")
    assert observed["point"]["break_even_year"] == 2028
    assert evaluation["result"].break_even_year == 2027
    assert observed["low"]["success_rate"] < observed["point"]["success_rate"] < observed["high"]["success_rate"]

    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Observeret succesrate 30 % minus basisrate 10 %" in html
    assert "2028" in html and "95 %-interval" in html
    assert html.count("<svg") == 3  # the observed cumulative chart too


def test_fewer_than_five_courses_are_not_shown(act_case, org, client_for):
    make_courses(act_case.initiative, org.centre_a, reached=2, total=4)
    evaluation = services.evaluate(act_case)
    assert evaluation["observed"] is None and evaluation["observed_suppressed"]
    html = client_for(org.leadership).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Færre end 5 forløb" in html
