"""In Chromium: the administrator moves an FFB condition to another dimension; the worker then sees
the imported goal under that dimension on the citizen's plan."""

import pytest

from conftest import browser_login
from sporbar.courses.models import Goal
from sporbar.ffb.models import Concept, DimensionMapping

from .conftest import EXAMPLES
from .test_import import run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_changes_a_dimension_and_the_worker_sees_it(ffb, page):
    run(EXAMPLES)
    spise = Concept.objects.get(display="Spise", kind=Concept.Kind.CONDITION)
    browser_login(page, "admin")
    page.goto("/ffb/")
    row = page.locator(f"#tilstand-{spise.id}")
    row.get_by_role("combobox").select_option("netvaerk")
    row.get_by_role("button", name="Gem").click()
    page.wait_for_selector("text=Spise tæller nu i netværk og medborgerskab")
    assert DimensionMapping.objects.get(condition=spise).dimension == "netvaerk"
    page.click("text=Log ud")
    browser_login(page, "medarbejder-a")
    citizen_id = Goal.objects.filter(condition=spise).first().course.citizen_id
    page.goto(f"/borgere/{citizen_id}/")
    goal = page.locator(".goal", has_text="FFB-tilstand: Spise").first
    assert goal.locator("strong").first.inner_text() == "Netværk og medborgerskab"
