"""Fixtures of the plans app: a small plan over the `org` fixture's units."""

import datetime
from decimal import Decimal

import pytest

from sporbar.plans.models import BudgetLine, Initiative, Plan, Spending, StatusUpdate, Theme, Track


@pytest.fixture
def plan_data(org):
    """One plan, two themes, three initiatives. centre_a owns `act` (lead_a is its lead); centre_b owns `ips`."""
    plan = Plan.objects.create(code="testplan", name="Testplanen")
    theme1 = Theme.objects.create(plan=plan, number=1, name="Hjemløshed")
    theme2 = Theme.objects.create(plan=plan, number=2, name="Beskæftigelse")
    track11 = Track.objects.create(theme=theme1, number="1.1", name="Boliger")
    track21 = Track.objects.create(theme=theme2, number="2.1", name="Job")
    act = Initiative.objects.create(
        track=track11,
        key="act",
        title="ACT-team",
        amount=Decimal("2500000"),
        period_start=2021,
        period_end=2023,
        target_group="Borgere med komplekse problemer",
        target_group_size=12,
        owner_unit=org.centre_a,
        partners="Rusmiddelcenter Aarhus",
        evaluation="Borgernes egen oplevelse",
        purpose="Et stabilt liv i egen bolig",
        value="Færre indlæggelser",
        what_who_how="Et tværfagligt team",
        resources="Fire medarbejdere",
        follow_up="Halvårlig status",
    )
    other = Initiative.objects.create(
        track=track11, key="boliger", title="Nye boliger", amount=Decimal("1000000"), owner_unit=org.centre_a
    )
    ips = Initiative.objects.create(
        track=track21, key="ips", title="IPS", amount=Decimal("1700000"), owner_unit=org.centre_b, is_employment=True
    )
    for year, amount in [(2021, "1000000"), (2022, "1000000"), (2023, "500000")]:
        BudgetLine.objects.create(initiative=act, year=year, amount=Decimal(amount))
    BudgetLine.objects.create(initiative=ips, year=2022, amount=Decimal("1700000"))
    Spending.objects.create(initiative=act, date=datetime.date(2022, 3, 1), amount=Decimal("20000"), note="Løn")
    StatusUpdate.objects.create(
        initiative=act,
        date=datetime.date(2026, 11, 22),
        status=Initiative.Status.RUNNING,
        light=StatusUpdate.Light.GREEN,
        narrative="Teamet er i gang",
        author=org.lead_a,
    )

    class Data:
        pass

    d = Data()
    d.plan, d.theme1, d.theme2, d.track11, d.track21 = plan, theme1, theme2, track11, track21
    d.act, d.other, d.ips = act, other, ips
    return d
