"""End to end in headless Chromium: the lead records a status update on the initiative and sees it."""

import pytest

from conftest import browser_login
from sporbar.plans.models import StatusUpdate


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_records_a_status_update_and_sees_it_in_the_log(org, plan_data, page):
    browser_login(page, org.lead_a.username)
    page.goto("/planer/")
    page.click("text=Testplanen")
    page.click("text=ACT-team")
    page.wait_for_selector("h1:has-text('ACT-team')")

    page.fill("#id_narrative", "Alle tolv borgere er i gang")
    page.select_option("#id_status", "i_gang")
    page.check("input[name=light][value=gul]")
    page.click("text=Gem statusopdatering")

    entry = page.locator("#status-log li", has_text="Alle tolv borgere er i gang")
    entry.wait_for()
    assert entry.locator(".light-gul").count() == 1
    assert "i gang" in page.locator("#initiative-status").inner_text()
    assert StatusUpdate.objects.filter(narrative="Alle tolv borgere er i gang", author=org.lead_a).exists()
