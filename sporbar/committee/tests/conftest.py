"""A plan with the whole chain for the committee report: figures (one hidden outside its unit), money,
decisions before and after the last report (and a confidential one), follow-ups and two investment cases."""

import datetime
from decimal import Decimal

import pytest

from sporbar.committee.models import IssuedReport
from sporbar.effects.models import Target
from sporbar.effects.tests import conftest as effects_fixtures
from sporbar.governance.models import AgendaItem, Body, DecisionPoint, FollowUp, Meeting, Proposal
from sporbar.investment.models import CaseConsequence, Consequence, InvestmentCase, Price
from sporbar.investment.tests import conftest as investment_fixtures
from sporbar.plans.models import BudgetLine, Spending, StatusUpdate

# The fixtures of the effects app (a plan of three initiatives, hand-made courses) and the investment app.
plan, build, fresh_figures = effects_fixtures.plan, effects_fixtures.build, effects_fixtures._fresh_cache
fresh_measurements = investment_fixtures.fresh_measurements

TODAY = datetime.date(2026, 3, 1)
LAST_REPORT = datetime.date(2025, 6, 1)


def _case(initiative, name, consequence):
    case = InvestmentCase.objects.create(
        initiative=initiative,
        name=name,
        start_year=2025,
        horizon_years=5,
        citizens_per_year=20,
        intake_years=1,
        intake_source=InvestmentCase.IntakeSource.PLANNED,
        effect_start=InvestmentCase.EffectStart.MONTHS,
        effect_start_months=6,
        effect_years=Decimal(3),
        effect_decay=Decimal(0),
        success_rate=Decimal("0.30"),
        baseline_rate=Decimal("0.10"),
        discount_rate=Decimal("0.035"),
        cost_source=InvestmentCase.CostSource.BUDGET,
    )
    CaseConsequence.objects.create(case=case, consequence=consequence, quantity=Decimal("10"))
    return case


@pytest.fixture
def chain(org, plan, build):
    """The test plan as of 1 March 2026, its last report to the committee sent on 1 June 2025.

    Figures for 2025: children 15 of 20 (target 75 %), young people 3 of 3 in centre B (hidden outside
    centre B), jobs 6 of 6 (hidden too, so that the track's total cannot give the young away).
    """
    build.improving(plan.kids, org.centre_a, 15)
    build.worsening(plan.kids, org.centre_a, 5)
    build.improving(plan.young, org.centre_b, 3)
    build.improving(plan.job, org.centre_a, 6)
    Target.objects.create(
        figure="maal", dimension="personlig", scope_kind="target_group", target_category="boern", year=2025, share=0.75
    )
    BudgetLine.objects.create(initiative=plan.kids, year=2025, amount=1_500_000)
    Spending.objects.create(initiative=plan.kids, date="2025-03-01", amount=250_000)
    StatusUpdate.objects.create(
        initiative=plan.kids, date="2025-06-01", status="i_gang", light="groen", narrative="Godt i gang med familierne."
    )
    body = Body.objects.create(name="Rådmandsmøde", kind=Body.Kind.RAADMAND)
    before = Meeting.objects.create(body=body, date=datetime.date(2025, 1, 15))
    after = Meeting.objects.create(body=body, date=datetime.date(2025, 11, 10))
    old = AgendaItem.objects.create(meeting=before, title="Børneindsatsen starter", decision="Godkendt. Gammel sag.")
    old.initiatives.add(plan.kids)
    kids_item = AgendaItem.objects.create(
        meeting=after, position=1, title="Børneindsatsen udvides", decision="Godkendt. Center A følger op."
    )
    kids_item.initiatives.add(plan.kids)
    young_item = AgendaItem.objects.create(meeting=after, position=2, title="Ungeindsatsen fortsætter")
    proposal = Proposal.objects.create(title="Ungeindsatsen fortsætter", agenda_item=young_item)
    proposal.initiatives.add(plan.young)
    DecisionPoint.objects.create(proposal=proposal, number=1, text="At indsatsen fortsætter.", outcome="godkendt")
    secret = AgendaItem.objects.create(
        meeting=after, position=3, title="Lukket sag om en familie", decision="Godkendt.", confidential=True
    )
    secret.initiatives.add(plan.kids)
    open_follow_up = FollowUp.objects.create(
        title="Center A giver status på udvidelsen", agenda_item=kids_item, due_date=datetime.date(2025, 12, 1)
    )
    open_follow_up.initiatives.add(plan.kids)
    hidden_follow_up = FollowUp.objects.create(title="Opfølgning på den lukkede sag", agenda_item=secret)
    hidden_follow_up.initiatives.add(plan.kids)
    done_long_ago = FollowUp.objects.create(title="Afsluttet opgave fra 2024", status=FollowUp.Status.DONE)
    done_long_ago.initiatives.add(plan.kids)
    FollowUp.objects.filter(pk=done_long_ago.pk).update(created_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    IssuedReport.objects.create(plan=plan, issued_on=LAST_REPORT, issued_by=org.analyst, covers_from=None)
    housing = Consequence.objects.create(
        name="Overnatning på forsorgshjem", unit="overnatninger", outcome_figure="maal", outcome_dimension="personlig"
    )
    Price.objects.create(consequence=housing, payer="kommune", amount=Decimal("1000"), price_level_year=2025)
    plan.kids_case = _case(plan.kids, "Børnecasen", housing)
    plan.young_case = _case(plan.young, "Ungecasen", housing)
    return plan
