"""The politician's two minutes: the plan dashboard in a real browser, with the period filter (htmx)."""

import pytest

from conftest import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_leadership_reads_the_dashboard_and_filters_by_period(org, plan, build, page):
    build.improving(plan.kids, org.centre_a, 6, first="2024-01-10", last="2024-06-10")
    build.worsening(plan.kids, org.centre_a, 5, first="2024-01-10", last="2024-06-10")
    build.improving(plan.kids, org.centre_a, 10)
    build.worsening(plan.kids, org.centre_a, 5)
    browser_login(page, "ledelse")
    page.goto("/")
    page.click(f"a[href='/planer/{plan.id}/effekt/']")
    page.wait_for_selector("#dashboard")
    assert "10 af 15" in page.inner_text("#dashboard")
    page.select_option("#f-periode", "2024")
    page.locator("#dashboard", has_text="6 af 11").wait_for()
    assert "/effekt/?periode=2024" in page.url
    page.screenshot(path="/tmp/h4_dashboard.png", full_page=True)
