"""Measured against assumed with real courses: each consequence's outcome, a matched comparison group,
the real intake, and what each role may see of them."""

import datetime
import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from statsmodels.stats.proportion import confint_proportions_2indep

from sporbar.courses.models import Assessment, Citizen, Course, EmploymentStatus, Goal
from sporbar.effects import services as effects_services
from sporbar.investment import services
from sporbar.investment.models import InvestmentCase
from sporbar.plans.models import Initiative

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
# As test_cases.CUMULATIVE, with 30 % observed − 10 % baseline = 20 %: 2,4 successful × 150.000 kr. a year.
OBSERVED_CUMULATIVE = [-1000000, -1640000, -1780000, -1420000, -1060000, -700000, -340000, 20000, 380000, 740000]
_made = iter(range(1, 100000))


def make_courses(initiative, unit, reached: int, total: int, first_level=3, start=datetime.date(2022, 1, 10)):
    """`total` courses with one development goal in personal development, assessed twice 60 days apart;
    `reached` of them have met it at the second assessment."""
    for n in range(total):
        citizen = Citizen.objects.create(pseudonym=f"inv-{next(_made)}", is_synthetic=True)
        course = Course.objects.create(citizen=citizen, initiative=initiative, unit=unit, start_date=start)
        goal = Goal.objects.create(
            course=course, dimension="personlig", goal_type=Goal.GoalType.DEVELOP, text="Bo i egen bolig"
        )
        Assessment.objects.create(course=course, goal=goal, date=start, level=first_level, status="ikke")
        status = "opfyldt" if n < reached else "ikke"
        later = start + datetime.timedelta(days=60)
        Assessment.objects.create(course=course, goal=goal, date=later, level=first_level, status=status)


@pytest.fixture
def housing_outcome(shelter, act):
    """Shelter nights are driven by the housing goal (personal development); ACT serves the homeless."""
    shelter.outcome_figure, shelter.outcome_dimension = "maal", "personlig"
    shelter.save()
    act.target_category = "udsatte"
    act.save()
    return shelter


@pytest.fixture
def other_initiative(act, org):
    """Another initiative for the same target group, run by another unit: the comparison group."""
    return Initiative.objects.create(
        track=act.track,
        key="natcafe",
        title="Natcafé for hjemløse",
        amount=D(1),
        target_category="udsatte",
        owner_unit=org.centre_b,
    )


def test_the_observed_rate_is_the_effect_figure_the_effect_pages_show(act_case, housing_outcome, org):
    make_courses(act_case.initiative, org.centre_a, reached=6, total=20)
    make_courses(act_case.initiative, org.service_a, reached=3, total=7, start=datetime.date(2023, 5, 1))
    rate = services.evaluate(act_case, viewer=org.analyst, today=TODAY)["rates"][0]
    window = services.observation_window(act_case, TODAY)
    # From the year the initiative's first course started (2022 in make_courses) to the last whole year.
    assert window == (datetime.date(2022, 1, 1), datetime.date(2025, 12, 31))
    # Chosen ranges are shown on the effect pages only inside the units: the lead of centre A sees the range.
    figures = effects_services.keyfigures(act_case.initiative.track.theme.plan, org.lead_a, window, use_cache=False)
    [figure] = [
        f
        for f in figures
        if f["figure"] == "maal"
        and f["dimension"] == "personlig"
        and f["scope"] == {"kind": "initiative", "id": act_case.initiative_id, "name": act_case.initiative.title}
    ]
    assert (rate.observed["successes"], rate.observed["n"]) == (figure["count"], figure["denominator"]) == (9, 27)
    assert float(rate.observed["share"]) == pytest.approx(figure["share"])
    assert float(rate.observed["ci_low"]) == pytest.approx(figure["ci_low"], abs=1e-6)


def test_the_measured_rate_replaces_the_assumed_one_and_moves_break_even(act_case, housing_outcome, org, client_for):
    # 6 of 20 courses reach the goal: 30 % − the case's baseline 10 % = 20 % net (assumed: 25 %).
    make_courses(act_case.initiative, org.centre_a, reached=6, total=20)
    evaluation = services.evaluate(act_case, viewer=org.analyst, today=TODAY)
    [rate] = evaluation["rates"]
    assert rate.status == "maalt" and rate.observed["share"] == D("0.3")
    assert (rate.baseline, rate.baseline_source, rate.net) == (D("0.1"), "case", D("0.2"))
    assert [y.cumulative for y in evaluation["result"].years] == OBSERVED_CUMULATIVE
    assert evaluation["result"].break_even_year == 2028
    assert evaluation["assumed_result"].break_even_year == 2027
    # The ends of the 95 % interval (Wilson, 12 %–52 %) minus the baseline.
    low, high = evaluation["interval_results"]["low"], evaluation["interval_results"]["high"]
    assert low.break_even_year is None and high.break_even_year < 2027

    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "6 af 20 forløb" in html and "30 %" in html and "95 %-interval" in html
    assert "fra=2022-01-01" not in html  # the analyst may not choose date ranges on the effect pages
    lead_html = client_for(org.lead_a).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "fra=2022-01-01&amp;til=2025-12-31" in lead_html  # the effect page for the same period
    assert "2028" in html


@pytest.mark.parametrize("reached, total", [(2, 4), (3, 20), (18, 20)])
def test_small_numbers_are_hidden_outside_the_units_and_the_assumed_rate_is_used(
    act_case, housing_outcome, org, client_for, reached, total
):
    # Fewer than 5 courses, or 1–4 who succeeded or did not: outside the units no number is shown.
    make_courses(act_case.initiative, org.centre_a, reached=reached, total=total)
    for outsider in (org.analyst, org.leadership, org.lead_b, None):
        evaluation = services.evaluate(act_case, viewer=outsider, today=TODAY)
        [rate] = evaluation["rates"]
        assert rate.hidden and rate.observed is None and rate.status == "antaget"
        assert evaluation["result"].break_even_year == 2027  # the assumed case
        data = services.evaluation_json(evaluation)
        assert data["consequences"][0]["rate"]["observed"] is None and data["consequences"][0]["rate"]["n"] is None
    html = client_for(org.leadership).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "skjult uden for de enheder" in html and f"{reached} af {total}" not in html
    # The lead of the unit that works with the citizens sees the measured rate.
    inside = services.evaluate(act_case, viewer=org.lead_a, today=TODAY)["rates"][0]
    assert inside.observed["successes"] == reached and not inside.hidden


def test_the_command_shows_what_the_user_may_see(act_case, housing_outcome, org):
    make_courses(act_case.initiative, org.centre_a, reached=3, total=20)

    def rate(**options):
        out = io.StringIO()
        call_command("investment", initiative=act_case.initiative_id, json=True, stdout=out, **options)
        return json.loads(out.getvalue())["consequences"][0]["rate"]

    assert rate()["observed"] is None and rate()["hidden"] is True
    assert rate(username="leder-a")["observed"] == 0.15


def test_a_comparison_group_matched_on_the_first_assessment_gives_the_baseline(
    act_case, housing_outcome, other_initiative, org
):
    make_courses(act_case.initiative, org.centre_a, reached=12, total=20, first_level=3)
    # The comparison: 5 of 20 with the same first level reach the goal; 18 of 20 who started better off
    # (level 1) are not like the initiative's citizens and do not count.
    make_courses(other_initiative, org.centre_b, reached=5, total=20, first_level=3)
    make_courses(other_initiative, org.centre_b, reached=18, total=20, first_level=1)
    [rate] = services.evaluate(act_case, viewer=org.analyst, today=TODAY)["rates"]
    assert (rate.baseline, rate.baseline_source) == (D("0.25"), "sammenligning")
    assert rate.net == D("0.35")
    comparison = rate.comparison
    low, high = confint_proportions_2indep(12, 20, 5, 20, method="newcomb", compare="diff")
    assert float(comparison["difference_low"]) == pytest.approx(low, abs=1e-6)
    assert float(comparison["difference_high"]) == pytest.approx(high, abs=1e-6)
    assert comparison["n"] == 20 and comparison["coverage"] == 1
    assert "Natcafé for hjemløse" in comparison["text"] and "ikke fordelt ved lodtrækning" in comparison["text"]
    assert comparison["strength"] == "moderat"


def test_a_comparison_reweights_to_the_initiatives_mix_of_first_assessments(
    act_case, housing_outcome, other_initiative, org
):
    # The initiative: 10 at level 3, 30 at level 2. The comparison: 20 % at level 3, 60 % at level 2.
    # Standardised to the initiative's mix: (10 × 0,2 + 30 × 0,6) / 40 = 50 %.
    make_courses(act_case.initiative, org.centre_a, reached=6, total=10, first_level=3)
    make_courses(act_case.initiative, org.centre_a, reached=20, total=30, first_level=2)
    make_courses(other_initiative, org.centre_b, reached=5, total=25, first_level=3)
    make_courses(other_initiative, org.centre_b, reached=6, total=10, first_level=2)
    [rate] = services.evaluate(act_case, viewer=org.analyst, today=TODAY)["rates"]
    assert rate.baseline == D("0.5")
    # Kish: 40² / (10²/25 + 30²/10) = 1600 / 94 ≈ 17,0 effective comparison courses: a weak comparison.
    assert rate.comparison["effective_n"].quantize(D("0.01")) == D("17.02")
    assert rate.comparison["strength"] == "svag"


def test_a_comparison_too_small_to_show_outside_the_units_leaves_the_baseline_assumed(
    act_case, housing_outcome, other_initiative, org
):
    make_courses(act_case.initiative, org.centre_a, reached=12, total=20)
    make_courses(other_initiative, org.centre_b, reached=1, total=3)
    [rate] = services.evaluate(act_case, viewer=org.analyst, today=TODAY)["rates"]
    assert rate.observed["share"] == D("0.6")
    assert (rate.baseline, rate.baseline_source) == (D("0.1"), "case")
    assert "for lille" in rate.comparison["text"] and not rate.comparison["used"]


def test_an_employment_outcome_is_not_measured_for_an_initiative_without_employment(act_case, shelter, org):
    shelter.outcome_figure = "beskaeftigelse"
    shelter.save()
    course = Course.objects.create(
        citizen=Citizen.objects.create(pseudonym="inv-job"),
        initiative=act_case.initiative,
        unit=org.centre_a,
        start_date=datetime.date(2022, 1, 1),
    )
    for date, hours in ((datetime.date(2022, 1, 1), 0), (datetime.date(2022, 6, 1), 10)):
        EmploymentStatus.objects.create(course=course, date=date, hours_per_week=hours, occupation=1)
    [rate] = services.evaluate(act_case, viewer=org.lead_a, today=TODAY)["rates"]
    assert rate.status == "antaget" and "ikke beskæftigelsesrettet" in rate.reason


def make_starts(initiative, unit, per_year: dict):
    for year, n in per_year.items():
        for _ in range(n):
            Course.objects.create(
                citizen=Citizen.objects.create(pseudonym=f"inv-{next(_made)}"),
                initiative=initiative,
                unit=unit,
                start_date=datetime.date(year, 3, 1),
            )


def test_the_real_intake_replaces_the_planned_and_small_years_are_pooled_outside(act_case, org):
    act_case.intake_source = InvestmentCase.IntakeSource.OBSERVED
    act_case.save()
    make_starts(act_case.initiative, org.centre_a, {2021: 5, 2022: 2, 2024: 2, 2025: 3})
    inside = services.evaluate(act_case, viewer=org.lead_a, today=TODAY)
    assert [y.citizens for y in inside["result"].years][:7] == [5, 2, 0, 2, 3, 0, 0]
    assert inside["intake"]["planned"][0] == {"year": 2021, "n": 12}
    outside = services.evaluate(act_case, viewer=org.analyst, today=TODAY)
    intake = outside["intake"]
    assert [row["n"] for row in intake["observed"]] == [5, None, 0, None, None, 0]
    assert intake["pooled"] == {"years": [2022, 2024, 2025], "n": 7}
    assert [y.citizens for y in outside["result"].years][:6] == [5, D(7) / 3, 0, D(7) / 3, D(7) / 3, 0]
    # The spending per course actually started sits next to the budget per planned course (no spending here).
    assert outside["cost_per_course"]["planned"] == D("2500000") / 12


def test_a_single_small_year_is_left_out_outside_the_units(act_case, org, client_for):
    act_case.intake_source = InvestmentCase.IntakeSource.OBSERVED
    act_case.save()
    make_starts(act_case.initiative, org.centre_a, {2021: 6, 2022: 3})
    outside = services.evaluate(act_case, viewer=org.leadership, today=TODAY)
    assert outside["intake"]["left_out_years"] == [2022] and outside["intake"]["pooled"] is None
    assert [y.citizens for y in outside["result"].years][:2] == [6, 0]
    # The total (9) would give the hidden year away by subtraction; so would the spending per course.
    assert outside["intake"]["observed_total"] is None and outside["cost_per_course"]["observed"] is None
    html = client_for(org.leadership).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "færre end 5" in html and "indgår ikke" in html


def test_a_comparison_with_one_small_part_is_not_shown_outside(act_case, housing_outcome, other_initiative, org):
    # Natcafé's 20 courses could be shown alone; a third initiative adds 3. Shown together, the third's
    # result would be the group minus Natcafé's figure on the effect pages: so outside, neither is used.
    third = Initiative.objects.create(
        track=act_case.initiative.track,
        key="varmestue",
        title="Varmestue",
        amount=D(1),
        target_category="udsatte",
        owner_unit=org.centre_b,
    )
    make_courses(act_case.initiative, org.centre_a, reached=12, total=20)
    make_courses(other_initiative, org.centre_b, reached=5, total=20)
    make_courses(third, org.centre_b, reached=1, total=3)
    [rate] = services.evaluate(act_case, viewer=org.analyst, today=TODAY)["rates"]
    assert rate.baseline_source == "case" and "for lille" in rate.comparison["text"]
    # A lead of both centres works with every citizen behind it and sees the comparison.
    lead = org.lead_b
    lead.units.add(org.centre_a)
    [rate] = services.evaluate(act_case, viewer=lead, today=TODAY)["rates"]
    assert rate.baseline_source == "sammenligning" and rate.baseline == D(6) / 23


def test_the_api_shows_each_reader_what_they_may_see(act_case, housing_outcome, org, api_for):
    make_courses(act_case.initiative, org.centre_a, reached=3, total=20)
    url = f"/api/v1/investment-cases/{act_case.pk}/"
    outside = api_for(org.leadership).get(url).json()["result"]["consequences"][0]["rate"]
    inside = api_for(org.lead_a).get(url).json()["result"]["consequences"][0]["rate"]
    assert outside["observed"] is None and outside["status"] == "antaget" and outside["hidden"]
    assert inside["observed"] == 0.15 and inside["n"] == 20 and inside["status"] == "maalt"
    assert api_for(org.worker_a).get(url).status_code == 403


def test_a_measurement_is_kept_until_the_data_changes(act_case, housing_outcome, org):
    make_courses(act_case.initiative, org.centre_a, reached=6, total=20)
    first = services.evaluate(act_case, viewer=org.lead_a, today=TODAY)["rates"][0]
    assert first.observed["n"] == 20
    make_courses(act_case.initiative, org.centre_a, reached=5, total=5)
    again = services.evaluate(act_case, viewer=org.lead_a, today=TODAY)["rates"][0]
    assert (again.observed["successes"], again.observed["n"]) == (11, 25)
