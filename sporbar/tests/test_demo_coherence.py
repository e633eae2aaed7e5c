"""The demo tells one story: statuses, budgets and spending agree with the citizens' courses, meetings
are listed in date order, the organisation's names are whole, and the customer's papers are loaded."""

import datetime
import re

import pytest
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.test import Client

from sporbar.accounts.models import Unit, User
from sporbar.courses.demo import END
from sporbar.courses.models import Course
from sporbar.documents.models import Document
from sporbar.effects.services import reach_and_cost
from sporbar.plans.models import BudgetLine, Initiative, Plan, Spending

Status = Initiative.Status


@pytest.fixture
def runs(demo_db):
    """Per initiative: first course start, last day a course ran, and the courses still active at the end."""
    rows = (
        Course.objects.order_by()
        .values("initiative_id")
        .annotate(
            first=Min("start_date"), last=Max(Coalesce("end_date", END)), active=Count("id", filter=Q(end_date=None))
        )
    )
    return {row["initiative_id"]: row for row in rows}


def _by_year(model, initiative):
    rows = model.objects.filter(initiative=initiative)
    if model is Spending:
        return dict(rows.values("date__year").annotate(s=Sum("amount")).values_list("date__year", "s"))
    return dict(rows.values_list("year", "amount"))


def test_every_initiative_s_status_agrees_with_its_courses(runs):
    wrong = []
    for initiative in Initiative.objects.order_by("id"):
        run = runs.get(initiative.id)
        if run and run["active"]:
            expected = {Status.RUNNING, Status.CONTINUED}  # ACT was "afsluttet" with courses running
        elif run:
            expected = {Status.ENDED}
        elif initiative.period_end and initiative.period_end < END.year:
            expected = {Status.ENDED}
        else:
            expected = {Status.PLANNED}
        if initiative.status not in expected:
            wrong.append(f"{initiative.key}: {initiative.status}, expected {sorted(expected)}")
    assert wrong == []


def test_an_initiative_spends_in_every_year_its_courses_run_and_within_its_budget(runs):
    wrong = []
    for initiative in Initiative.objects.order_by("id"):
        spent, budget = _by_year(Spending, initiative), _by_year(BudgetLine, initiative)
        run = runs.get(initiative.id)
        years = range(run["first"].year, run["last"].year + 1) if run else []
        wrong += [f"{initiative.key}: no spending in {year}" for year in years if not spent.get(year)]
        wrong += [f"{initiative.key}: no budget in {year}" for year in years if not budget.get(year)]
        if not run and initiative.status == Status.PLANNED and spent:
            wrong.append(f"{initiative.key}: planned, yet spent {spent}")
        if sum(spent.values()) > sum(budget.values()):
            wrong.append(f"{initiative.key}: spent more than its budget")
    assert wrong == []


def test_this_year_s_reach_and_cost_has_spending_for_every_running_initiative(runs):
    analyst = User.objects.get(username="analytiker")
    rows = reach_and_cost(Plan.objects.get(), analyst, END.year)
    running = {i for i, run in runs.items() if run["active"]}
    assert running
    assert [r["initiative"]["title"] for r in rows if r["initiative"]["id"] in running and not r["spent"]] == []
    assert [r["initiative"]["title"] for r in rows if r["initiative"]["id"] in running and not r["budget"]] == []


def test_the_meeting_list_is_in_date_order_with_undated_meetings_last(demo_db):
    client = Client()
    client.force_login(User.objects.get(username="analytiker"))
    html = client.get("/moeder/").content.decode()
    cells = re.findall(r'<td><a href="/moeder/\d+/">([^<]*)</a>', html)
    assert len(cells) > 5
    dated = [datetime.datetime.strptime(c, "%d-%m-%Y").date() for c in cells if c != "uden dato"]
    assert dated == sorted(dated, reverse=True)
    assert cells[len(dated) :] == ["uden dato"] * (len(cells) - len(dated)), "undated meetings come last"


def test_unit_names_with_commas_are_whole(demo_db):
    names = dict(Unit.objects.values_list("code", "name"))
    assert names["job-udsatte-og-socialpsykiatri"] == "Job, Udsatte og Socialpsykiatri"
    assert names["voksne-job-og-handicap"] == "Voksne, Job og Handicap"


def test_the_customer_s_papers_are_part_of_the_demo(demo_site, demo_db):
    assert Document.objects.filter(filename__startswith="002_").exists()
    assert Document.objects.filter(filename__startswith="001_").exists()
    assert "springer over" not in demo_site.replace("Syntetiske borgere findes allerede – springer over", "")
