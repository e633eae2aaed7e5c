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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_reorders_the_agenda_by_drag_and_by_keyboard(page, org):
    from playwright.sync_api import expect

    from sporbar.governance import services
    from sporbar.governance.models import Body, Meeting

    body = Body.objects.create(name="Rådmandsmøde", kind=Body.Kind.RAADMAND)
    meeting = Meeting.objects.create(body=body, date=timezone.localdate() + datetime.timedelta(days=14))
    for title in ["Dagsorden", "Referat", "Budget 2027"]:
        services.add_item(meeting, title=title)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )

    def titles():
        return [t.split(". ", 1)[1].strip() for t in page.locator("#dagsorden h2").all_inner_texts()]

    browser_login(page, "analytiker")
    page.set_viewport_size({"width": 1280, "height": 2400})  # the whole agenda in view: a drag without scrolling
    page.goto(f"/moeder/{meeting.pk}/")
    page.locator(".agenda-item", has_text="Budget 2027").drag_to(page.locator(".agenda-item", has_text="Dagsorden"))
    expect(page.locator("#dagsorden h2").first).to_contain_text("1. Budget 2027")
    assert titles() == ["Budget 2027", "Dagsorden", "Referat"]
    assert list(meeting.items.order_by("position").values_list("title", "number")) == [
        ("Budget 2027", 1), ("Dagsorden", 2), ("Referat", 3),
    ]  # fmt: skip
    # The keyboard's way: focus "Ned" on the first item and press Enter.
    page.get_by_role("button", name="Flyt »Budget 2027« ned").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#dagsorden h2").first).to_contain_text("1. Dagsorden")
    assert titles() == ["Dagsorden", "Budget 2027", "Referat"]
    # The proposal form shows the deadline rule for the meeting chosen (HTMX).
    page.goto("/indstillinger/ny/")
    page.select_option("#id_planned_meeting", str(meeting.pk))
    expect(page.locator("#frist")).to_contain_text("Frist for aflevering til Rådmandsmøde")
    expect(page.locator("#frist")).to_contain_text("kl. 12:00")
    assert not errors  # no script error, no refused inline script or style (the content security policy)
