import datetime

from sporbar.accounts.models import AuditEntry
from sporbar.governance.models import FollowUp, Proposal


def test_public_minutes_never_show_confidential_items(gov, client):
    page = client.get(f"/offentlig/moeder/{gov.m1.pk}/").content.decode()
    assert "Åbent punkt om ACT" in page and "Hemmelig personalesag" not in page
    assert client.get(f"/offentlig/moeder/{gov.m2.pk}/").status_code == 404  # not published


def test_confidential_items_only_for_those_with_access(gov, client_for, org):
    for user, sees in [(org.worker_b, False), (org.lead_b, False), (org.worker_a, True), (org.leadership, True)]:
        page = client_for(user).get(f"/moeder/{gov.m1.pk}/").content.decode()
        assert ("Hemmelig personalesag" in page) is sees, user
        assert "Åbent punkt om ACT" in page


def test_api_meetings_filter_confidential_items(gov, api_for, org):
    def titles(user):
        data = api_for(user).get(f"/api/v1/meetings/{gov.m1.pk}/").json()
        return [item["title"] for item in data["items"]]

    assert titles(org.worker_b) == ["Åbent punkt om ACT"]
    assert titles(org.analyst) == ["Åbent punkt om ACT", "Hemmelig personalesag"]
    listed = api_for(org.worker_b).get("/api/v1/meetings/").json()["results"]
    assert "Hemmelig" not in str(listed)


def test_proposals_on_closed_items_are_hidden_too(gov, api_for, client_for, org):
    proposal = Proposal.objects.create(title="Lukket indstilling", agenda_item=gov.closed_item)
    assert api_for(org.worker_b).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    assert client_for(org.worker_b).get(f"/indstillinger/{proposal.pk}/").status_code == 404
    assert api_for(org.leadership).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200


def test_api_writes_are_audited_and_limited_to_editors(gov, api_for, org):
    assert api_for(org.worker_a).post("/api/v1/proposals/", {"title": "Ny"}).status_code == 403
    response = api_for(org.analyst).post("/api/v1/proposals/", {"title": "Ny", "kind": "raadmandsindstilling"})
    assert response.status_code == 201
    entry = AuditEntry.objects.get(model="governance.Proposal", object_id=str(response.json()["id"]))
    assert entry.user == org.analyst


def test_follow_up_register_highlights_overdue_and_owner_changes_status(gov, client_for, api_for, org):
    late = FollowUp.objects.create(title="Status på ACT", owner_unit=org.centre_a, due_date=datetime.date(2020, 1, 1))
    FollowUp.objects.create(title="Senere", owner_unit=org.centre_b, due_date=datetime.date(2099, 1, 1))
    page = client_for(org.leadership).get("/opfoelgning/?status=forfalden").content.decode()
    assert "Status på ACT" in page and "overskredet" in page and "Senere" not in page
    # Front pages: leadership sees all overdue, the owner's lead sees theirs, another unit nothing.
    assert "Status på ACT" in client_for(org.leadership).get("/").content.decode()
    assert "Status på ACT" in client_for(org.lead_a).get("/").content.decode()
    assert "Status på ACT" not in client_for(org.lead_b).get("/").content.decode()
    assert client_for(org.lead_b).post(f"/opfoelgning/{late.pk}/status/", {"status": "faerdig"}).status_code == 403
    assert api_for(org.leadership).patch(f"/api/v1/followups/{late.pk}/", {"status": "faerdig"}).status_code == 403
    client_for(org.lead_a).post(f"/opfoelgning/{late.pk}/status/", {"status": "faerdig"})
    late.refresh_from_db()
    assert late.status == "faerdig"
    assert api_for(org.leadership).get("/api/v1/followups/?overdue=1").json()["results"] == []


def test_pages_render_for_a_worker(gov, client_for, org):
    client = client_for(org.worker_a)
    for url in [
        "/moeder/",
        "/indstillinger/",
        "/opfoelgning/",
        "/hoeringer/",
        f"/initiativer/{gov.act.pk}/beslutninger/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/hoeringer/ny/").status_code == 403


def test_a_flagged_proposal_is_refused_on_the_agenda_in_page_and_api(gov, client_for, api_for, org):
    proposal = Proposal.objects.create(title="Klage", resume="Om borger Anna Hansen.", planned_meeting=gov.m2)
    assert client_for(org.worker_a).post(f"/indstillinger/{proposal.pk}/dagsorden/").status_code == 403
    response = client_for(org.analyst).post(f"/indstillinger/{proposal.pk}/dagsorden/", follow=True)
    assert "personoplysninger" in response.content.decode()
    assert api_for(org.analyst).post(f"/api/v1/proposals/{proposal.pk}/agenda/").status_code == 400
    proposal.refresh_from_db()
    assert proposal.flagged_personal_data and proposal.agenda_item is None
    proposal.resume = "Om en borger."
    proposal.save()
    assert api_for(org.analyst).post(f"/api/v1/proposals/{proposal.pk}/agenda/").status_code == 200
    assert gov.m2.items.filter(title="Klage").exists()


def test_meeting_list_in_date_order_undated_last(gov, org, client_for):
    from sporbar.governance.models import Meeting

    undated = Meeting.objects.create(body=gov.raadmand, title="Uden dato")
    older = Meeting.objects.create(body=gov.raadmand, date=datetime.date(2025, 1, 6))
    page = client_for(org.worker_b).get("/moeder/")
    assert list(page.context["meetings"]) == [gov.m2, gov.m1, older, undated]
    assert list(Meeting.objects.all()) == [gov.m2, gov.m1, older, undated]  # the API's order too


def test_follow_up_register_by_due_date_undated_last(gov, org, client_for):
    undated = FollowUp.objects.create(title="Uden frist")
    later = FollowUp.objects.create(title="Senere", due_date=datetime.date(2027, 2, 1))
    sooner = FollowUp.objects.create(title="Snart", due_date=datetime.date(2026, 12, 1))
    rows = client_for(org.analyst).get("/opfoelgning/").context["rows"]
    assert [row["f"] for row in rows] == [sooner, later, undated]
