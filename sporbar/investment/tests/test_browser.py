"""The analyst's path in a real browser: open the ACT case, see years per payer, both break-evens, the
consequences marked assumed, charts and sensitivity; change the effect's timing on the form."""

import pytest

from conftest import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_analyst_opens_the_act_case(page, act_case):
    browser_login(page, "analytiker")
    page.goto("/investering/")
    page.get_by_role("link", name=act_case.initiative.title).click()
    page.wait_for_url(f"**/initiativer/{act_case.initiative_id}/investering/**")
    table = page.locator("table").first
    assert "Kommune" in table.inner_text() or "Kommune" in page.content()
    assert page.locator("svg[role=img]").count() == 2
    assert "2027" in page.locator("text=Tjener sig hjem (udiskonteret)").first.locator("xpath=..").inner_text()
    assert page.get_by_text("Tjener sig hjem (diskonteret, 0,0 %)").is_visible()
    consequences = page.locator("section", has_text="Konsekvenser og det udfald").first.inner_text()
    assert "Overnatning på forsorgshjem" in consequences and "antaget" in consequences
    page.get_by_role("link", name="Redigér case").click()
    page.fill("#id_success_rate", "50")
    page.fill("#id_effect_years", "2,5")
    page.fill("#id_effect_decay", "10")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/initiativer/{act_case.initiative_id}/investering/**")
    assert "50 %" in page.content()
    assert "2,5 år, aftager 10 % om året" in page.locator("main").inner_text()
