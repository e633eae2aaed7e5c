"""In Chromium: a worker assesses all goals with the keyboard, the citizen answers on a phone."""

import pytest

from conftest import browser_login
from sporbar.courses.models import Assessment, SelfReport
from sporbar.courses.tests.conftest import citizens_with_courses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keyboard_assessment_then_self_report_on_a_phone(org, cdata, page, browser, live_server):
    browser_login(page, "medarbejder-a")
    page.goto(f"/forloeb/{cdata.course.id}/vurdering/")
    page.focus("#id_date")
    for _goal in cdata.goals:
        page.keyboard.press("Tab")  # into the level group
        page.keyboard.press("ArrowRight")  # 0 → 1 "let"
        page.keyboard.press("Tab")  # into the status group
        page.keyboard.press("Space")  # "opfyldt"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/borgere/{cdata.citizen.id}/**")
    assert Assessment.objects.filter(course=cdata.course, level=1, status="opfyldt").count() == len(cdata.goals)

    page.click("text=Link til borgerens egen vurdering")
    url = page.get_attribute("#selfreport-link", "href")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True)
    citizen = phone.new_page()
    citizen.goto(url)
    assert "Hvordan går det?" in citizen.content()
    for goal in cdata.goals:
        citizen.check(f"input[name=rating_{goal.id}][value='8']")
    citizen.fill("#id_comment", "At nogen lyttede")
    citizen.click("button[type=submit]")
    citizen.wait_for_selector("text=Tak for dit svar")
    phone.close()
    assert SelfReport.objects.get().comment == "At nogen lyttede"

    page.goto(f"/borgere/{cdata.citizen.id}/")
    content = page.content()
    assert "1 – let" in content and "opfyldt" in content
    assert "At nogen lyttede" in content and "8/10" in content


def test_a_worker_finds_a_citizen_by_searching_and_paging_the_course_list(org, cdata, page):
    citizens_with_courses(org.service_a, cdata.act, 55, "Borger")
    browser_login(page, "medarbejder-a")
    page.goto("/borgere/")
    page.click("text=Næste")
    page.wait_for_url("**side=2**")
    assert "Side 2 af 2" in page.content() and "Borger-054" in page.content()
    page.fill("#citizen-search", "borger-007")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=borger-007**")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Borger-007" in rows.first.inner_text() and "1 forløb." in page.content()
    page.click("text=Ryd søgning")
    page.wait_for_selector("text=Side 1 af 2")
