"""Budgets, spending and status updates: figures from the database and who may record what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sporbar.accounts.audit import acting_as
from sporbar.accounts.models import AuditEntry
from sporbar.plans import services
from sporbar.plans.models import Initiative, Spending, StatusUpdate

DAY = datetime.date(2026, 11, 23)


def test_budget_by_year_lists_the_years_in_order(plan_data):
    assert services.budget_by_year(plan_data.act) == [
        {"year": 2021, "amount": Decimal("1000000")},
        {"year": 2022, "amount": Decimal("1000000")},
        {"year": 2023, "amount": Decimal("500000")},
    ]
    assert services.budget_by_year(plan_data.other) == []


def test_spending_summary_against_the_budget(plan_data, org):
    act = plan_data.act
    services.record_spending(initiative=act, user=org.lead_a, date=DAY, amount=Decimal("480000"), note="Løn")
    summary = services.spending_summary(act)
    assert summary["budget"] == Decimal("2500000")
    assert summary["spent"] == Decimal("500000")
    assert summary["remaining"] == Decimal("2000000")
    assert summary["share"] == Decimal("0.2")
    assert summary["count"] == 2


def test_spending_summary_falls_back_to_the_one_off_amount_without_budget_lines(plan_data):
    summary = services.spending_summary(plan_data.other)
    assert (summary["budget"], summary["spent"], summary["share"]) == (Decimal("1000000"), Decimal(0), Decimal(0))


def test_the_lead_records_a_status_update_and_the_initiative_takes_its_status(plan_data, org):
    act = plan_data.act
    with acting_as(org.lead_a):
        update = services.record_status_update(
            initiative=act, user=org.lead_a, date=DAY, status="afsluttet", light="groen", narrative="Færdig"
        )
    act.refresh_from_db()
    assert act.status == Initiative.Status.ENDED
    assert update.author == org.lead_a
    changes = AuditEntry.objects.filter(model="plans.Initiative", object_id=str(act.pk), user=org.lead_a)
    assert changes.get().after == {"status": "afsluttet"}


def test_an_older_update_does_not_override_the_newest_status(plan_data, org):
    act = plan_data.act
    services.record_status_update(
        initiative=act, user=org.lead_a, date=datetime.date(2021, 1, 1), status="planlagt", light="gul", narrative="Gl."
    )
    act.refresh_from_db()
    assert act.status == Initiative.Status.RUNNING  # the 2026 update in the fixture is newer


@pytest.mark.parametrize("who", ["lead_b", "worker_a", "leadership"])
def test_others_may_not_record_status_or_spending(plan_data, org, who):
    user = getattr(org, who)
    before = (StatusUpdate.objects.count(), Spending.objects.count())
    with pytest.raises(PermissionDenied):
        services.record_status_update(
            initiative=plan_data.act, user=user, date=DAY, status="afsluttet", light="roed", narrative="Nej"
        )
    with pytest.raises(PermissionDenied):
        services.record_spending(initiative=plan_data.act, user=user, date=DAY, amount=Decimal(1), note="")
    assert (StatusUpdate.objects.count(), Spending.objects.count()) == before
    plan_data.act.refresh_from_db()
    assert plan_data.act.status == Initiative.Status.PLANNED


def test_plan_editors_may_record_for_any_initiative(plan_data, org):
    services.record_spending(initiative=plan_data.ips, user=org.analyst, date=DAY, amount=Decimal("100"), note="")
    assert services.spending_summary(plan_data.ips)["spent"] == Decimal("100")


def test_plan_overview_totals_per_track_theme_and_plan(plan_data):
    overview = services.plan_overview(plan_data.plan)
    assert overview["plan"]["total"] == Decimal("5200000")
    theme1 = overview["themes"][0]
    assert theme1["total"] == Decimal("3500000")
    assert theme1["tracks"][0]["total"] == Decimal("3500000")
    assert [i["key"] for i in theme1["tracks"][0]["initiatives"]] == ["act", "boliger"]
