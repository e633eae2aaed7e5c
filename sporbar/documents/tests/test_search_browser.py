"""The search box in the top bar, in a real browser."""

from decimal import Decimal

import pytest

from conftest import browser_login
from sporbar.plans.models import Initiative, Plan, Theme, Track


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_top_bar_search_shows_highlighted_passage(page, org):
    theme = Theme.objects.create(plan=Plan.objects.create(code="p", name="Plan"), number=1, name="Hjemløshed")
    track = Track.objects.create(theme=theme, number="1.1", name="Boliger")
    Initiative.objects.create(
        track=track,
        key="hf",
        title="Housing First",
        amount=Decimal("1000000"),
        owner_unit=org.centre_a,
        purpose="Vi vil bekæmpe hjemløshed med en bolig først.",
    )
    browser_login(page, org.worker_a.username)
    page.fill("#topbar-q", "hjemløse")
    page.press("#topbar-q", "Enter")
    page.wait_for_url("**/soeg/?q=*")
    assert page.locator(".search-results a").first.inner_text() == "Housing First"
    assert page.locator(".search-results mark").first.inner_text() == "hjemløshed"
