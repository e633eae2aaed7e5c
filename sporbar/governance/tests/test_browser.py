import datetime

import pytest
from django.utils import timezone

from conftest import browser_login
from sporbar.governance.models import Hearing, HearingInvitation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_unit_answers_a_hearing_and_the_owner_sees_it_in_the_summary(page, org):
    today = timezone.localdate()
    hearing = Hearing.objects.create(
        title="Høring om planen",
        owner_unit=org.dept,
        start_date=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=7),
        ready=True,
        state=Hearing.State.OPEN,
    )
    HearingInvitation.objects.create(hearing=hearing, unit=org.centre_a)

    browser_login(page, "medarbejder-a")
    page.goto(f"/hoeringer/{hearing.pk}/")
    page.fill("#id_sender", "Center A, MED-udvalget")
    page.fill("#id_text", "Vi anbefaler systematisk opfølgning på effekten.")
    page.click("text=Send høringssvar")
    page.wait_for_selector("text=Tak, dit høringssvar er modtaget.")
    page.context.clear_cookies()

    browser_login(page, "analytiker")
    page.goto(f"/hoeringer/{hearing.pk}/")
    page.click("summary")
    page.select_option("#id_stance", "forslag")
    page.fill("#id_passage", "systematisk opfølgning på effekten")
    page.click("text=Gem passage")
    summary = page.locator("#opsummering")
    summary.wait_for()
    assert "systematisk opfølgning på effekten" in summary.inner_text()
    assert "Center A, MED-udvalget" in summary.inner_text()
