"""In a real browser: the lead writes a self-assessment, the analyst sets a level with a reason (htmx),
and the matrix shows the confirmed level."""

import pytest

from conftest import browser_login
from sporbar.practice.models import LevelDecision, SelfAssessment
from sporbar.practice.tests.conftest import World


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_writes_and_analyst_sets_a_level(page, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World(org)

    browser_login(page, "leder-a")
    page.goto(f"/initiativer/{world.act.pk}/lovende-praksis/")
    card = page.locator("#element-7")
    card.get_by_label("Selvevaluering").fill("Ugentlige sagsgennemgange med hele teamet.")
    card.get_by_label("Jeres vurdering").select_option("delvist opfyldt")
    card.get_by_role("button", name="Gem selvevaluering").click()
    page.locator("#element-7 .saved").wait_for()
    assert "Ugentlige sagsgennemgange med hele teamet." in page.locator("#element-7 blockquote").inner_text()
    assert SelfAssessment.objects.get().written_by == org.lead_a
    assert page.locator("#element-3 form.level-form").count() == 0  # a lead does not set levels

    page.context.clear_cookies()
    browser_login(page, "analytiker")
    page.goto(f"/initiativer/{world.act.pk}/lovende-praksis/")
    card = page.locator("#element-7")
    card.get_by_text("Bekræft forslaget eller sæt et andet niveau").click()
    card.get_by_label("ikke opfyldt").check()
    card.get_by_role("button", name="Gem niveau").click()
    page.locator("#element-7 .errorlist").wait_for()
    assert "Skriv en begrundelse" in page.locator("#element-7 .errorlist").inner_text()
    page.locator("#element-7").get_by_label("ikke opfyldt").check()
    page.locator("#element-7 textarea[name=reason]").fill("Ingen referater af sagsgennemgangene.")
    page.locator("#element-7").get_by_role("button", name="Gem niveau").click()
    page.locator("#element-7 .saved").wait_for()
    assert "Ingen referater af sagsgennemgangene." in page.locator("#element-7 .decision").inner_text()
    assert LevelDecision.objects.get().level == "ikke opfyldt"

    page.goto(f"/planer/{world.plan.pk}/lovende-praksis/")
    row = page.locator("table.practice-matrix tbody tr").first
    assert row.locator("td").nth(6).get_attribute("title") == "ikke opfyldt"
    assert row.locator("td").nth(6).locator("[aria-hidden]").inner_text() == "ikke"
    assert row.locator("td").nth(0).get_attribute("title") == "ikke vurderet (forslag)"  # Teori og viden
