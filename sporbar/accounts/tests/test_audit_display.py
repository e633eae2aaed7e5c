"""The change log reads as Danish: field labels, Danish formats, the record by its name with a link."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sporbar.accounts.audit import acting_as
from sporbar.courses import services as course_services
from sporbar.plans.models import Initiative, Plan, Spending, Theme, Track
from sporbar.tests.interface_text import interface_text, problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_data(org):
    class Data:
        pass

    d = Data()
    d.plan = Plan.objects.create(code="testplan", name="Testplanen")
    d.theme1 = Theme.objects.create(plan=d.plan, number=1, name="Hjemløshed")
    d.track11 = Track.objects.create(theme=d.theme1, number="1.1", name="Boliger")
    d.track21 = Track.objects.create(theme=d.theme1, number="2.1", name="Job")
    d.act = Initiative.objects.create(
        track=d.track11, key="act", title="ACT-team", amount=Decimal("2500000"), owner_unit=org.centre_a
    )
    d.other = Initiative.objects.create(
        track=d.track11, key="boliger", title="Nye boliger", amount=Decimal("1000000"), owner_unit=org.centre_a
    )
    return d


def change_log(client_for, org, model=""):
    url = reverse("accounts:audit-log") + (f"?model={model}" if model else "")
    return client_for(org.admin).get(url).content.decode()


def test_a_change_shows_labels_old_and_new_values_in_danish_and_a_link(org, plan_data, client_for):
    org.analyst.first_name, org.analyst.last_name = "Anna", "Analytiker"
    org.analyst.save()
    act = plan_data.act
    with acting_as(org.analyst):
        act.amount = Decimal("3000000")
        act.status = Initiative.Status.RUNNING
        act.track = plan_data.track21
        act.is_employment = True
        act.save()
    html = change_log(client_for, org, "plans.Initiative")
    text = interface_text(html)
    assert "Anna Analytiker" in text
    assert "Initiativ ændret:" in text
    assert f'<a href="/initiativer/{act.pk}/">ACT-team</a>' in html
    assert "Engangsbeløb\n2.500.000 kr. → 3.000.000 kr." in text
    assert "Status\nplanlagt → i gang" in text
    assert "Spor\nSpor 1.1: Boliger → Spor 2.1: Job" in text
    assert "Beskæftigelsesrettet\nnej → ja" in text
    assert problems(text) == []


def test_a_creation_shows_what_was_set_with_danish_dates_and_who_made_it(org, plan_data, client_for):
    with acting_as(None, "sporbar import-plan"):
        Spending.objects.create(
            initiative=plan_data.act, date=datetime.date(2021, 6, 30), amount=Decimal("310000"), note="Løn"
        )
    text = interface_text(change_log(client_for, org, "plans.Spending"))
    assert "import af plan\nForbrug oprettet:" in text
    assert "Dato\n30-06-2021" in text and "Beløb\n310.000 kr." in text and "Initiativ\nACT-team" in text
    assert problems(text) == []


def test_a_deleted_record_keeps_its_name_without_a_dead_link(org, plan_data, client_for):
    other_id = plan_data.other.pk
    with acting_as(org.admin):
        plan_data.other.delete()
    html = change_log(client_for, org, "plans.Initiative")
    assert "Initiativ slettet:<br>Nye boliger" in html
    assert f"/initiativer/{other_id}/" not in html


def test_a_person_is_named_by_number_only(org, client_for):
    """What the log keeps of a person is decided by `audit`; its heading never names them."""
    citizen, _created = course_services.find_or_create_citizen(cpr="0202021234", initials="XY", birth_year=1990)
    html = change_log(client_for, org, "courses.Citizen")
    assert f"Borger oprettet:<br>nr. {citizen.pk}</td>" in html


def test_the_filter_offers_each_kind_of_record_by_its_danish_name(org, plan_data, client_for):
    html = change_log(client_for, org, "plans.Theme")
    assert '<option value="plans.Initiative">Initiativ</option>' in html
    assert '<option value="plans.Theme" selected>Tema</option>' in html
    assert "Tema oprettet:" in html and "Initiativ oprettet:" not in html
