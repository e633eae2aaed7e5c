"""The secretariat's screens, as each role: who may prepare, who may decide, who may only read."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sporbar.governance import services
from sporbar.governance.models import AgendaItem, Attachment, Body, DecisionPoint, FollowUp, Meeting, Proposal

PREPARERS, DECIDERS = {"admin", "analyst"}, {"admin", "analyst", "leadership"}
ROLES = ["admin", "analyst", "leadership", "lead_a", "worker_a", "worker_b"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("role", ROLES)
def test_who_may_prepare(gov, org, client_for, role):
    client = client_for(getattr(org, role))
    may = role in PREPARERS
    pages = ["/fora/ny/", "/moeder/ny/", f"/moeder/{gov.m2.pk}/punkter/ny/", "/indstillinger/ny/"]
    for url in pages + [f"/punkter/{gov.open_item.pk}/ret/", f"/moeder/{gov.m2.pk}/ret/"]:
        assert client.get(url).status_code == (200 if may else 403), url
    response = client.post("/moeder/ny/", {"body": gov.raadmand.pk, "date": "2026-12-14", "title": "Nyt"})
    assert response.status_code == (302 if may else 403)
    assert Meeting.objects.filter(title="Nyt").exists() is may
    response = client.post(f"/moeder/{gov.m2.pk}/offentliggoer/", {"offentliggoer": "1"})
    gov.m2.refresh_from_db()
    assert gov.m2.is_published is may
    response = client.post(f"/punkter/{gov.open_item.pk}/bilag/", {"title": "Notat", "text": "Tekst"})
    assert Attachment.objects.filter(title="Notat").exists() is may
    # The agenda page offers the tools only to those who may use them.
    page = client.get(f"/moeder/{gov.m1.pk}/").content.decode()
    assert ("Nyt punkt" in page) is may
    assert (f"/punkter/{gov.open_item.pk}/beslutning/" in page) is (role in DECIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_decide(gov, org, client_for, api_for, role):
    proposal = Proposal.objects.create(title="Indstilling", agenda_item=gov.open_item)
    services.set_decision_points(proposal, "At 1) Rådmanden godkender. At 2) Rådmanden tager til efterretning.")
    client = client_for(getattr(org, role))
    response = client.post(
        f"/punkter/{gov.open_item.pk}/beslutning/", {"decision": "Godkendt.", "point_1": "godkendt", "point_2": ""}
    )
    may = role in DECIDERS
    assert response.status_code == (302 if may else 403)
    assert proposal.decision_points.get(number=1).outcome == ("godkendt" if may else "")
    # The API asks the same rule.
    api = api_for(getattr(org, role)).post(f"/api/v1/proposals/{proposal.pk}/decide/", {"text": "1) Udsat. 2) Udsat."})
    assert api.status_code == (200 if may else 403)
    assert proposal.decision_points.get(number=2).outcome == ("udsat" if may else "")


def test_anonymous_is_sent_to_login(gov, client):
    for url in ["/fora/", "/moeder/ny/", f"/punkter/{gov.open_item.pk}/beslutning/", "/kalender/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_closed_meeting_has_only_closed_items_and_is_never_published(gov, org, client_for):
    analyst = client_for(org.analyst)
    analyst.post("/moeder/ny/", {"body": gov.raadmand.pk, "date": "2026-12-21", "title": "Lukket", "closed": "on"})
    meeting = Meeting.objects.get(title="Lukket")
    analyst.post(f"/moeder/{meeting.pk}/punkter/ny/", {"title": "Personalesag", "category": "droeftelse"})
    item = meeting.items.get()
    assert item.confidential and item.number == 1
    response = analyst.post(f"/moeder/{meeting.pk}/offentliggoer/", {"offentliggoer": "1"}, follow=True)
    assert "Et lukket møde offentliggøres ikke" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_published
    Meeting.objects.filter(pk=meeting.pk).update(is_published=True)  # even if forced in the database
    assert Client().get(f"/offentlig/moeder/{meeting.pk}/").status_code == 404
    assert "Personalesag" not in client_for(org.worker_b).get(f"/moeder/{meeting.pk}/").content.decode()


def test_the_public_page_shows_open_items_and_decisions_never_closed_ones(gov, org, client_for):
    services.record_item_decision(gov.closed_item, "Godkendt. Den hemmelige afgørelse.")
    services.record_item_decision(gov.open_item, "Godkendt. Det åbne resultat.")
    for item, title in [(gov.open_item, "Åbent bilag"), (gov.closed_item, "Hemmeligt bilag")]:
        client_for(org.analyst).post(
            f"/punkter/{item.pk}/bilag/",
            {"title": title, "file": SimpleUploadedFile("notat.txt", b"indhold", content_type="text/plain")},
        )
    client = Client()  # nobody logged in
    page = client.get(f"/offentlig/moeder/{gov.m1.pk}/").content.decode()
    assert "Det åbne resultat" in page and "Åbent bilag" in page
    assert "Hemmelig personalesag" not in page and "Den hemmelige afgørelse" not in page
    assert "Hemmeligt bilag" not in page
    open_file = Attachment.objects.get(title="Åbent bilag")
    closed_file = Attachment.objects.get(title="Hemmeligt bilag")
    assert client.get(f"/offentlig/bilag/{open_file.pk}/").status_code == 200
    assert client.get(f"/offentlig/bilag/{closed_file.pk}/").status_code == 404
    assert client.get(f"/bilag/{open_file.pk}/").status_code == 302  # the logged-in address wants a login
    assert client_for(org.worker_b).get(f"/bilag/{closed_file.pk}/").status_code == 404
    assert client_for(org.leadership).get(f"/bilag/{closed_file.pk}/").status_code == 200
    # Withdrawn: the page is gone.
    client_for(org.analyst).post(f"/moeder/{gov.m1.pk}/offentliggoer/", {"offentliggoer": "0"})
    assert client.get(f"/offentlig/moeder/{gov.m1.pk}/").status_code == 404


def test_attachments_are_checked(gov, org, client_for):
    client = client_for(org.analyst)
    bad = SimpleUploadedFile("makro.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(f"/punkter/{gov.open_item.pk}/bilag/", {"title": "Program", "file": bad}, follow=True)
    assert "makro.exe: filtypen kan ikke vedhæftes" in response.content.decode()
    response = client.post(f"/punkter/{gov.open_item.pk}/bilag/", {"title": "Tomt"}, follow=True)
    assert "Vedhæft en fil eller skriv bilagets tekst" in response.content.decode()
    sneaky = SimpleUploadedFile("../../etc/passwd.txt", b"x", content_type="text/plain")
    client.post(f"/punkter/{gov.open_item.pk}/bilag/", {"title": "Sti", "file": sneaky})
    assert Attachment.objects.get(title="Sti").file.startswith(f"governance/items/{gov.open_item.pk}/passwd")
    assert Attachment.objects.filter(title__in=["Program", "Tomt"]).count() == 0


def test_the_agenda_is_reordered_and_numbered(gov, org, client_for):
    meeting = gov.m2  # not published: its agenda can still change
    first = services.add_item(meeting, title="Åbent punkt om ACT")
    second = services.add_item(meeting, title="Hemmelig personalesag", confidential=True)
    third = services.add_item(meeting, title="Tredje")
    client = client_for(org.analyst)
    order = [third.pk, first.pk, second.pk]
    response = client.post(f"/moeder/{meeting.pk}/raekkefoelge/", {"punkt": order}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200 and 'id="dagsorden"' in fragment
    assert f"/punkter/{first.pk}/beslutning/" in fragment  # the analyst still sees every tool after the swap
    assert list(meeting.items.order_by("position").values_list("title", "number")) == [
        ("Tredje", 1), ("Åbent punkt om ACT", 2), ("Hemmelig personalesag", 3),
    ]  # fmt: skip
    client.post(f"/punkter/{third.pk}/flyt/", {"retning": "ned"})  # the keyboard's way, without HTMX
    assert list(meeting.items.order_by("position").values_list("title", flat=True))[:2] == [
        "Åbent punkt om ACT",
        "Tredje",
    ]
    # An order that leaves out an item, or names another meeting's, changes nothing.
    other = services.add_item(gov.m1, title="Andet møde")
    before = list(meeting.items.order_by("position").values_list("pk", flat=True))
    for bad in ([third.pk, first.pk], [*before[:2], other.pk], ["x"]):
        response = client.post(f"/moeder/{meeting.pk}/raekkefoelge/", {"punkt": bad}, HTTP_HX_REQUEST="true")
        assert response.status_code == 409
    assert list(meeting.items.order_by("position").values_list("pk", flat=True)) == before
    # The minutes of a published meeting are final.
    published = [i.pk for i in gov.m1.items.order_by("position")][::-1]
    assert client.post(f"/moeder/{gov.m1.pk}/raekkefoelge/", {"punkt": published}).status_code == 302
    assert list(gov.m1.items.order_by("position").values_list("pk", flat=True)) == published[::-1]
    assert client_for(org.lead_a).post(f"/moeder/{meeting.pk}/raekkefoelge/", {"punkt": before}).status_code == 403


def test_a_proposal_in_the_template_with_its_decision_points(gov, org, client_for):
    client = client_for(org.analyst)
    fields = {
        "kind": "raadmandsindstilling", "title": "Videreførelse af IPS", "to": "Rådmanden", "sender": "Center B",
        "planned_meeting": gov.m2.pk, "resume": "Kort resume.", "why": "Fordi.", "value": "Værdi.",
        "what_who_how": "Sådan.", "resources": "2 mio. kr.", "follow_up": "Center B følger op hver måned.",
        "decision_points": "At 1) Rådmanden godkender videreførelsen.\nAt 2) Rådmanden tager status til efterretning.",
    }  # fmt: skip
    response = client.post("/indstillinger/ny/", fields)
    proposal = Proposal.objects.get(title="Videreførelse af IPS")
    assert response.status_code == 302
    assert (proposal.resume, proposal.why, proposal.resources) == ("Kort resume.", "Fordi.", "2 mio. kr.")
    assert list(proposal.decision_points.values_list("number", flat=True)) == [1, 2]
    client.post(f"/indstillinger/{proposal.pk}/ret/", {**fields, "decision_points": "At 1) Kun dette punkt."})
    assert list(proposal.decision_points.values_list("number", "text")) == [(1, "Kun dette punkt.")]
    response = client.post("/indstillinger/ny/", {**fields, "title": "Forkert", "decision_points": "Godkend det"})
    assert "Skriv punkterne som »At 1) …«" in response.content.decode()
    flagged = client.post("/indstillinger/ny/", {**fields, "title": "Sag", "resume": "Om borger Anna Hansen."})
    assert Proposal.objects.get(title="Sag").flagged_personal_data and flagged.status_code == 302


def test_the_deadline_rule_as_it_applies(gov, org, client_for):
    today = timezone.localdate()
    body = Body.objects.create(name="Direktionen", kind=Body.Kind.DIREKTION)
    soon = Meeting.objects.create(body=body, date=today + datetime.timedelta(days=1))
    later = Meeting.objects.create(body=body, date=today + datetime.timedelta(days=15))
    client = client_for(org.analyst)
    fragment = client.get(f"/indstillinger/frist/?planned_meeting={soon.pk}").content.decode()
    # Tomorrow's meeting: its Thursday-noon deadline has passed, so a proposal delivered now goes to the next.
    assert "Fristen er overskredet" in fragment and later.date.strftime("%d-%m-%Y") in fragment
    fragment = client.get(f"/indstillinger/frist/?planned_meeting={later.pk}").content.decode()
    deadline = timezone.localtime(services.deadline_for(later))
    assert f"{deadline:%d-%m-%Y} kl. 12:00" in fragment and "overskredet" not in fragment
    assert "torsdag" in fragment
    assert client_for(org.worker_a).get(f"/indstillinger/frist/?planned_meeting={later.pk}").status_code == 403


def test_a_decision_per_point_and_the_follow_ups_it_names(gov, org, client_for):
    proposal = Proposal.objects.create(title="ACT", agenda_item=gov.open_item, follow_up="Center A giver status.")
    services.set_decision_points(proposal, "At 1) Godkender. At 2) Tager til efterretning. At 3) Udsætter.")
    client = client_for(org.leadership)
    page = client.get(f"/punkter/{gov.open_item.pk}/beslutning/").content.decode()
    assert "1) Godkender." in page and "Taget til efterretning" in page
    text = "1) Godkendt. 2) Taget til efterretning. Center A følger op senest 15-01-2027."
    client.post(f"/punkter/{gov.open_item.pk}/beslutning/", {"decision": text, "point_3": "udsat"})
    outcomes = list(proposal.decision_points.values_list("outcome", flat=True))
    assert outcomes == [DecisionPoint.Outcome.APPROVED, DecisionPoint.Outcome.NOTED, DecisionPoint.Outcome.POSTPONED]
    promise = FollowUp.objects.get(title__startswith="Center A følger op")
    assert promise.due_date == datetime.date(2027, 1, 15) and promise.agenda_item == gov.open_item
    gov.open_item.refresh_from_db()
    assert gov.open_item.decision == text
    client.post(f"/punkter/{gov.open_item.pk}/beslutning/", {"decision": text, "point_3": "udsat"})
    assert FollowUp.objects.filter(title__startswith="Center A følger op").count() == 1


def test_bodies_are_created_with_their_own_deadline(gov, org, client_for):
    client = client_for(org.analyst)
    response = client.post(
        "/fora/ny/", {"name": "Direktionen", "kind": "direktion", "deadline_weekday": "1", "deadline_time": "10:00"}
    )
    assert response.status_code == 302
    body = Body.objects.get(name="Direktionen")
    assert (body.deadline_weekday, body.deadline_time) == (1, datetime.time(10, 0))
    assert "tirsdag kl. 10:00" in client.get("/fora/").content.decode()


def test_items_with_a_decision_are_not_deleted(gov, org, client_for):
    client = client_for(org.analyst)
    client.post(f"/punkter/{gov.open_item.pk}/slet/")
    assert AgendaItem.objects.filter(pk=gov.open_item.pk).exists()
    fresh = services.add_item(gov.m2, title="Nyt punkt")
    client.post(f"/punkter/{fresh.pk}/slet/")
    assert not AgendaItem.objects.filter(pk=fresh.pk).exists()


def test_open_minutes_with_possible_personal_data_are_not_published(gov, org, client_for):
    services.add_item(gov.m2, title="Klage", body="Sagen om borger Anna Hansen.")
    services.add_item(gov.m2, title="Lukket klage", body="Borger Bent Hansen.", confidential=True)
    response = client_for(org.analyst).post(f"/moeder/{gov.m2.pk}/offentliggoer/", {"offentliggoer": "1"}, follow=True)
    page = response.content.decode()
    assert "personoplysninger i »Klage«" in page and "Lukket klage" not in page.split("personoplysninger")[1][:80]
    gov.m2.refresh_from_db()
    assert not gov.m2.is_published


def test_a_huge_attachment_is_refused(gov, org, client_for, monkeypatch):
    monkeypatch.setattr("sporbar.governance.forms.MAX_ATTACHMENT", 10)
    upload = SimpleUploadedFile("stor.pdf", b"%PDF" + b"x" * 20, content_type="application/pdf")
    response = client_for(org.analyst).post(f"/punkter/{gov.open_item.pk}/bilag/", {"title": "Stor", "file": upload})
    assert not Attachment.objects.filter(title="Stor").exists()
    assert "stor.pdf: filen er for stor" in client_for(org.analyst).get(response["Location"]).content.decode()
