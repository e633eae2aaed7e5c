"""Search over meetings, agenda items, decisions, proposals and hearing responses:
filters by body, date and initiative, and confidential items only for those allowed."""

import datetime
from decimal import Decimal

import pytest

from sporbar.documents.search import Filters, search
from sporbar.governance.models import (
    AgendaItem,
    Attachment,
    Body,
    Hearing,
    HearingInvitation,
    HearingResponse,
    Meeting,
    Proposal,
)
from sporbar.plans.models import Initiative, Plan, Theme, Track


@pytest.fixture
def gov(org):
    plan = Plan.objects.create(code="soegeplan", name="Søgeplanen")
    theme = Theme.objects.create(plan=plan, number=3, name="Psykiatri")
    track = Track.objects.create(theme=theme, number="3.1", name="Psykiatri")
    house = Initiative.objects.create(
        track=track, key="ph", title="Psykiatriens Hus", amount=Decimal("3000000"), owner_unit=org.centre_a
    )
    raadmand = Body.objects.create(name="Rådmandsmøde MSB", kind=Body.Kind.RAADMAND, owner_unit=org.centre_a)
    udvalg = Body.objects.create(name="Socialudvalget", kind=Body.Kind.UDVALG)
    m2023 = Meeting.objects.create(body=raadmand, date=datetime.date(2023, 1, 9), title="Rådmandsmøde 9. januar")
    m2024 = Meeting.objects.create(body=udvalg, date=datetime.date(2024, 5, 2))
    evaluation = AgendaItem.objects.create(
        meeting=m2023,
        number=3,
        title="Evaluering af Psykiatriens Hus",
        category=AgendaItem.Category.APPROVAL,
        body="Evalueringen viser færre indlæggelser blandt borgere i hjemløshed.",
        decision="Godkendt. Psykiatriens Hus videreføres, og ledelsessekretariatet følger op.",
    )
    evaluation.initiatives.add(house)
    AgendaItem.objects.create(
        meeting=m2024, number=1, title="Status på hjemløshed", body="Antallet af hjemløse borgere falder."
    )
    secret = AgendaItem.objects.create(
        meeting=m2023,
        number=4,
        title="Lukket punkt: personalesag om hjemløshed",
        confidential=True,
        body="Fortrolig sag om en medarbejder.",
        decision="Drøftet.",
    )

    class Gov:
        pass

    g = Gov()
    g.house, g.raadmand, g.udvalg, g.m2023, g.m2024, g.evaluation, g.secret = (
        house,
        raadmand,
        udvalg,
        m2023,
        m2024,
        evaluation,
        secret,
    )
    return g


def titles(results):
    return [r["plain_title"] for r in results]


def test_psykiatriens_hus_finds_item_decision_and_initiative(org, gov):
    results = search(org.worker_b, "Psykiatriens Hus")
    kinds = {r["kind"]: r for r in results}
    assert kinds["item"]["plain_title"] == "Punkt 3: Evaluering af Psykiatriens Hus"
    assert kinds["decision"]["plain_title"] == "Beslutning: Evaluering af Psykiatriens Hus"
    assert kinds["initiative"]["url"] == f"/initiativer/{gov.house.pk}/"
    assert kinds["decision"]["body"] == "Rådmandsmøde MSB"
    assert kinds["decision"]["date"] == datetime.date(2023, 1, 9)


def test_filter_by_body_date_and_initiative(org, gov):
    everything = titles(search(org.leadership, "hjemløshed"))
    assert "Punkt 1: Status på hjemløshed" in everything and "Punkt 3: Evaluering af Psykiatriens Hus" in everything

    by_body = titles(search(org.leadership, "hjemløshed", Filters(body="Socialudvalget")))
    assert by_body == ["Punkt 1: Status på hjemløshed"]

    in_2023 = search(
        org.leadership, "hjemløshed", Filters(date_from=datetime.date(2023, 1, 1), date_to=datetime.date(2023, 12, 31))
    )
    assert {r["date"] for r in in_2023} == {datetime.date(2023, 1, 9)}

    linked = search(org.leadership, "hjemløshed", Filters(initiative=gov.house.pk))
    assert titles(linked) == ["Punkt 3: Evaluering af Psykiatriens Hus"]


def test_confidential_item_never_shown_without_access(org, gov, client_for, api_for):
    # worker_b is in centre_b; the rådmand's body is owned by centre_a.
    assert not any("personalesag" in t for t in titles(search(org.worker_b, "personalesag")))
    page = client_for(org.worker_b).get("/soeg/", {"q": "personalesag fortrolig"}).content.decode()
    assert "personalesag" not in page.lower().replace('value="personalesag', "")
    assert "Fortrolig sag" not in page
    api = api_for(org.worker_b).get("/api/v1/search", {"q": "personalesag"}).json()
    assert api["count"] == 0
    assert api_for(org.lead_b).get("/api/v1/search", {"q": "fortrolig medarbejder"}).json()["count"] == 0


def test_confidential_item_shown_to_allowed_users(org, gov, api_for):
    for user in (org.leadership, org.analyst, org.admin, org.worker_a):  # worker_a: body's owning unit
        found = api_for(user).get("/api/v1/search", {"q": "personalesag"}).json()
        assert "Punkt 4: Lukket punkt: personalesag om hjemløshed" in [r["title"] for r in found["results"]], user


def test_item_made_confidential_later_disappears(org, gov):
    gov.evaluation.confidential = True
    gov.evaluation.save()
    assert search(org.worker_b, "Psykiatriens Hus", Filters(body="Rådmandsmøde MSB")) == []


def test_renaming_body_reindexes_its_items(org, gov):
    gov.udvalg.name = "Social- og Beskæftigelsesudvalget"
    gov.udvalg.save()
    [hit] = search(org.worker_a, "hjemløse", Filters(body="Social- og Beskæftigelsesudvalget"))
    assert hit["plain_title"] == "Punkt 1: Status på hjemløshed"


def test_attachment_text_is_searchable(org, gov):
    # bulk_create + save of the item: the audit log cannot yet snapshot models with a FileField.
    Attachment.objects.bulk_create(
        [Attachment(item=gov.evaluation, title="Bilag 1: Tidsplan", text="Benchmark mod Odense")]
    )
    gov.evaluation.save()
    assert "Punkt 3: Evaluering af Psykiatriens Hus" in titles(search(org.worker_a, "benchmark Odense"))


def test_proposal_with_personal_data_is_restricted(org, gov):
    proposal = Proposal.objects.create(
        title="Indstilling om bostøtte", resume="Borgere i hjemløshed får bostøtte.", owner_unit=org.centre_a
    )
    proposal.initiatives.add(gov.house)
    assert "Indstilling om bostøtte" in titles(search(org.worker_b, "bostøtte"))

    proposal.flagged_personal_data = True
    proposal.save()
    assert "Indstilling om bostøtte" not in titles(search(org.worker_b, "bostøtte"))
    assert "Indstilling om bostøtte" in titles(search(org.worker_a, "bostøtte"))  # the owning unit


def test_hearing_response_only_for_invited_units(org, gov):
    hearing = Hearing.objects.create(
        title="Høring om planen",
        owner_unit=org.dept,
        start_date=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 2, 1),
    )
    response = HearingResponse(
        hearing=hearing, unit=org.centre_a, sender="MED-udvalget", date=datetime.date(2026, 1, 20), text="Vi støtter."
    )
    # bulk_create + save of the hearing: the audit log cannot yet snapshot models with a FileField.
    HearingResponse.objects.bulk_create([response])
    hearing.save()
    assert search(org.worker_b, "MED-udvalget støtter") == []
    assert len(search(org.worker_a, "MED-udvalget støtter")) == 1

    HearingInvitation.objects.create(hearing=hearing, unit=org.centre_b)
    assert len(search(org.worker_b, "MED-udvalget støtter")) == 1
