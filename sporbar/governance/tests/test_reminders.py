"""Reminders by e-mail (sporbar tick), each at most once, and the calendar feed per user."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from sporbar.governance import calendar_feed, reminders
from sporbar.governance.models import FollowUp, Hearing, HearingInvitation, ReminderSent

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def people(org):
    emails = {"lead_a": "leder-a", "lead_b": "leder-b", "analyst": "analytiker", "worker_a": "medarbejder-a"}
    for attr, name in emails.items():
        user = getattr(org, attr)
        user.email = f"{name}@example.dk"
        user.save()
    return org


def test_follow_ups_due_within_7_days_or_overdue_are_reminded_once(gov, people):
    soon = FollowUp.objects.create(title="Status på ACT", owner_unit=people.centre_a, due_date=TODAY.replace(day=30))
    FollowUp.objects.create(title="Langt ude", owner_unit=people.centre_a, due_date=datetime.date(2027, 3, 1))
    FollowUp.objects.create(title="Færdig", owner_unit=people.centre_a, due_date=TODAY, status="faerdig")
    assert reminders.send_reminders(TODAY) == {"emails": 1, "reminders": 1}
    (message,) = mail.outbox
    assert message.to == ["leder-a@example.dk"]  # the lead of the owning unit
    assert "Status på ACT – frist 30-11-2026" in message.body and "/opfoelgning/?ansvarlig=mine" in message.body
    assert reminders.send_reminders(TODAY) == {"emails": 0, "reminders": 0}  # at most once
    # Overdue: one more reminder, once.
    assert reminders.send_reminders(datetime.date(2026, 12, 1))["reminders"] == 1
    assert "overskredet 30-11-2026" in mail.outbox[-1].body
    assert reminders.send_reminders(datetime.date(2026, 12, 2))["reminders"] == 0
    # A recurring follow-up reported on gets a new due date, and so a new reminder.
    soon.due_date = datetime.date(2026, 12, 31)
    soon.save()
    assert reminders.send_reminders(datetime.date(2026, 12, 28))["reminders"] == 1


def test_the_owner_user_or_else_the_secretariat_is_reminded(gov, people):
    FollowUp.objects.create(title="Min opgave", owner_user=people.worker_a, due_date=TODAY)
    FollowUp.objects.create(title="Uden ejer", owner_name="Vibeke", due_date=TODAY)
    reminders.send_reminders(TODAY)
    to = {m.to[0]: m.body for m in mail.outbox}
    assert "Min opgave" in to["medarbejder-a@example.dk"] and "Uden ejer" in to["analytiker@example.dk"]
    assert "Uden ejer" not in to["medarbejder-a@example.dk"]


def test_nobody_is_reminded_of_what_they_may_not_see(gov, people):
    FollowUp.objects.create(title="Lukket sag", owner_unit=people.centre_b, agenda_item=gov.closed_item, due_date=TODAY)
    reminders.send_reminders(TODAY)
    assert not any("Lukket sag" in m.body for m in mail.outbox if m.to == ["leder-b@example.dk"])


def test_invited_units_are_reminded_of_an_open_hearing_once(gov, people, hearing):
    HearingInvitation.objects.create(hearing=hearing, unit=people.centre_b)
    reminders.send_reminders(TODAY)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert set(bodies) == {"leder-a@example.dk", "leder-b@example.dk"}
    assert "Høring om planen – svarfrist 30-11-2026" in bodies["leder-b@example.dk"]
    reminders.send_reminders(TODAY)
    assert len(mail.outbox) == 2
    Hearing.objects.filter(pk=hearing.pk).update(state=Hearing.State.DRAFT)
    mail.outbox.clear()
    HearingInvitation.objects.filter(unit=people.centre_b).delete()
    HearingInvitation.objects.create(hearing=hearing, unit=people.centre_b)
    assert reminders.send_reminders(TODAY)["emails"] == 0  # not open: no invitation yet


def test_a_failed_send_records_nothing_and_is_retried(gov, people, settings, monkeypatch):
    FollowUp.objects.create(title="Status", owner_unit=people.centre_a, due_date=TODAY)

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("nede")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert reminders.send_reminders(TODAY)["emails"] == 0 and not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert reminders.send_reminders(TODAY)["emails"] == 1 and ReminderSent.objects.count() == 1


def test_tick_moves_hearings_and_sends_reminders(gov, people, capsys):
    FollowUp.objects.create(title="Status", owner_unit=people.centre_a, due_date=TODAY)
    call_command("tick", "--dato", TODAY.isoformat())
    assert "Påmindelser sendt: 1 i 1 e-mails" in capsys.readouterr().out
    call_command("tick", "--dato", TODAY.isoformat())
    assert "Påmindelser sendt: 0 i 0 e-mails" in capsys.readouterr().out


def test_the_calendar_feed_needs_no_login_and_holds_only_what_the_user_may_see(gov, people, hearing, client_for):
    gov.m2.time = "13:00 - 15:00"
    gov.m2.place = "Rådhuset"
    gov.m2.save()
    FollowUp.objects.create(title="Min opfølgning", owner_unit=people.centre_a, due_date=TODAY)
    FollowUp.objects.create(title="Andres opfølgning", owner_unit=people.centre_b, due_date=TODAY)
    FollowUp.objects.create(title="Navn på lukket punkt", owner_unit=people.centre_a, agenda_item=gov.closed_item,
                            due_date=TODAY)  # fmt: skip
    page = client_for(people.lead_a).get("/kalender/").content.decode()
    token = calendar_feed.feed_for(people.lead_a).token
    assert f"/kalender/{token}.ics" in page
    anonymous = Client()
    response = anonymous.get(f"/kalender/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    feed = response.content.decode().replace("\r\n ", "")
    assert "SUMMARY:Rådmandsmøde MSB" in feed and "DTSTART:20261207T120000Z" in feed and "LOCATION:Rådhuset" in feed
    assert "SUMMARY:Høringsfrist: Høring om planen" in feed and "DTSTART;VALUE=DATE:20261130" in feed
    assert "Min opfølgning" in feed and "Andres opfølgning" not in feed
    assert "Navn på lukket punkt" not in feed and "Opfølgning (lukket punkt)" in feed
    # Renewed: the old address stops working at once.
    client_for(people.lead_a).post("/kalender/forny/")
    assert anonymous.get(f"/kalender/{token}.ics").status_code == 404
    new = calendar_feed.feed_for(people.lead_a).token
    assert anonymous.get(f"/kalender/{new}.ics").status_code == 200
    people.lead_a.is_active = False
    people.lead_a.save()
    assert anonymous.get(f"/kalender/{new}.ics").status_code == 404
    assert anonymous.get("/kalender/gæt.ics").status_code == 404
