"""Fixtures of the investment app: the ACT initiative with a budget, a small catalogue and a case."""

from decimal import Decimal

import pytest

from sporbar.investment import outcomes
from sporbar.investment.models import CaseConsequence, Consequence, InvestmentCase, Price
from sporbar.plans.models import BudgetLine, Initiative, Plan, Theme, Track


@pytest.fixture(autouse=True)
def fresh_measurements():
    """Rolled-back tests may reuse ids on SQLite, and so the data version of the cache: start each test empty."""
    outcomes.clear_cache()
    yield
    outcomes.clear_cache()


@pytest.fixture
def act(org):
    plan = Plan.objects.create(code="testplan", name="Testplanen")
    theme = Theme.objects.create(plan=plan, number=4, name="Forebyggelse")
    track = Track.objects.create(theme=theme, number="4.1", name="Forebyggelse")
    initiative = Initiative.objects.create(
        track=track,
        key="act",
        title="ACT-indsats for udsatte og hjemløse borgere over 25 år",
        amount=Decimal("2500000"),
        period_start=2021,
        period_end=2023,
        target_group_size=12,
        owner_unit=org.centre_a,
    )
    for year, amount in [(2021, "1000000"), (2022, "1000000"), (2023, "500000")]:
        BudgetLine.objects.create(initiative=initiative, year=year, amount=Decimal(amount))
    return initiative


@pytest.fixture
def shelter(db):
    consequence = Consequence.objects.create(name="Overnatning på forsorgshjem", unit="overnatninger")
    Price.objects.create(consequence=consequence, payer="kommune", amount=Decimal("1000"), price_level_year=2024)
    Price.objects.create(consequence=consequence, payer="stat", amount=Decimal("500"), price_level_year=2024)
    return consequence


@pytest.fixture
def act_case(act, shelter):
    """12 citizens planned in 2021, 25 % net success, 100 shelter nights a year from 2022 to the horizon (the effect
    starts 6 months after a 1 July start, never fades), budget costs 2021–2023.

    Gain per successful citizen per year: 100 × (1.000 + 500) = 150.000 kr.; 3 successful → 450.000 kr. a year.
    """
    case = InvestmentCase.objects.create(
        initiative=act,
        name="ACT-casen",
        start_year=2021,
        horizon_years=10,
        citizens_per_year=12,
        intake_years=1,
        intake_source=InvestmentCase.IntakeSource.PLANNED,
        effect_start=InvestmentCase.EffectStart.MONTHS,
        effect_start_months=6,
        effect_years=Decimal(10),
        effect_decay=Decimal(0),
        success_rate=Decimal("0.25"),
        baseline_rate=Decimal("0.10"),
        discount_rate=Decimal("0"),
        cost_source=InvestmentCase.CostSource.BUDGET,
    )
    CaseConsequence.objects.create(case=case, consequence=shelter, quantity=Decimal("100"))
    return case
