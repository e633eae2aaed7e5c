import io

from sporbar.accounts.demo import load_units
from sporbar.documents import demo as documents_demo
from sporbar.governance import demo
from sporbar.governance.models import FollowUp, Hearing, HearingResponse, Proposal


def test_demo_shows_overdue_follow_ups_and_the_initiative_decisions(gov, client_for, org):
    load_units()
    out = io.StringIO()
    demo.load({}, out)
    demo.load({}, out)  # twice: nothing new
    assert Proposal.objects.filter(case_number__startswith="DEMO-").count() == 4
    assert Hearing.objects.get().state == Hearing.State.AWAITING
    documents_demo.load({}, out)  # seed 000 into the demo hearing through the real importer
    documents_demo.load({}, out)
    (response,) = HearingResponse.objects.all()
    assert response.unit.code == "center-for-forebyggelse-og-rehabilitering" and response.passages.count() > 6
    latest = FollowUp.objects.exclude(due_date=None).order_by("-due_date").first().due_date
    overdue = FollowUp.objects.filter(due_date__lt=latest)
    assert overdue.exists()
    home = client_for(org.leadership).get("/").content.decode()
    assert "Overskredne opfølgninger" in home and "Center for Forsorg følger op" in home
    page = client_for(org.leadership).get(f"/initiativer/{gov.act.pk}/beslutninger/").content.decode()
    assert "Videreførelse af ACT-teamet" in page and "Godkendt" in page
    assert Proposal.objects.get(case_number="DEMO-2026-004").flagged_personal_data
