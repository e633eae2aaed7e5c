"""Hearing responses (seed 000) and plan documents (seed 001): parsing, import, review and apply."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sporbar.documents.importing import ImportFailed, import_hearing_response, import_plan_document
from sporbar.documents.models import Document
from sporbar.documents.parsing.hearing import guess_stance
from sporbar.governance.models import Hearing, HearingResponse, ResponsePassage
from sporbar.plans.models import Initiative, Plan, Theme, Track

SEEDS = Path(__file__).resolve().parents[3] / "data" / "seeds"
SEED_000, SEED_001 = SEEDS / "000_900901d2c1506195.txt", SEEDS / "001_db330a7efd97dd86.txt"
pytestmark = pytest.mark.django_db

THEMES = [
    (1, "Bedre hverdag for børn med særlige behov"),
    (2, "Flere Unge i Job og Uddannelse"),
    (3, "Bedre hverdag for aarhusianere med psykisk sygdom"),
    (4, "Flere Hjemløse i Egen Bolig"),
    (5, "Bedre hverdag for voksne med handicap"),
]


@pytest.fixture
def hearing(org):
    plan = Plan.objects.create(code="sb", name="Bæredygtighedsplanen")
    for number, name in THEMES:
        Theme.objects.create(plan=plan, number=number, name=name)
    return Hearing.objects.create(
        title="Høring om planen", plan=plan, owner_unit=org.dept,
        start_date=datetime.date(2021, 2, 1), deadline=datetime.date(2021, 2, 26),
    )  # fmt: skip


def test_stance_is_guessed_from_wording():
    assert guess_stance("Vi kan kun bakke op om initiativet.") == "stoetter"
    assert guess_stance("Det vil være en bekymring, hvis ressourcerne mangler.") == "bekymring"
    assert guess_stance("Vi bifalder initiativet. Vi vil anbefale, at det udfoldes.") == "stoetter"
    assert guess_stance("Vi bifalder uddannelsen og vil gerne medvirke til, at kapaciteten matcher.") == "stoetter"
    assert guess_stance("Vi foreslår, at der følges op løbende.") == "forslag"
    assert guess_stance("Udover dette arbejde leveres der en række indsatser i fællesskaber.") == "neutral"


def test_seed000_response_into_hearing(hearing, capsys):
    call_command("import_hearing_response", str(SEED_000), "--hearing", str(hearing.pk))
    assert "Ida Balling Sørensen (Formand)" in capsys.readouterr().out
    response = HearingResponse.objects.get(hearing=hearing)
    assert response.date == datetime.date(2021, 2, 26)
    assert response.sender.startswith("Center for Forebyggelse og Rehabilitering")
    assert "Marianne Riisbjerg Thomsen" in response.sender
    passages = ResponsePassage.objects.filter(response=response)
    themes = set(passages.exclude(theme=None).values_list("theme__number", flat=True))
    assert themes == {3, 4}
    assert response.unit is None  # the centre is not invited to this hearing (see the test below)
    peer = passages.get(passage__startswith="Det er vores erfaring, at netop PEER-medarbejdere")
    assert peer.initiative is None  # this plan has themes only; with initiatives, see the next test
    assert passages.filter(stance="bekymring", theme__number=3).exists()
    assert not passages.filter(passage__contains="Telefon").exists()
    before = (HearingResponse.objects.count(), ResponsePassage.objects.count(), Document.objects.count())
    call_command("import_hearing_response", str(SEED_000), "--hearing", str(hearing.pk))
    assert (HearingResponse.objects.count(), ResponsePassage.objects.count(), Document.objects.count()) == before


@pytest.fixture
def plan_hearing(demo_plan):
    """A hearing on the demo plan with the centre of seed 000 invited, and its demo-style response."""
    from sporbar.accounts.models import Unit

    centre = Unit.objects.get(name="Center for Forebyggelse og Rehabilitering")
    hearing = Hearing.objects.create(
        title="Høring", plan=demo_plan, start_date=datetime.date(2021, 2, 1), deadline=datetime.date(2021, 2, 26)
    )
    hearing.invitations.create(unit=centre)
    hearing.invitations.create(unit=Unit.objects.get(code="center-for-forsorg"))
    response = HearingResponse.objects.create(
        hearing=hearing, unit=centre, sender="Center for Forebyggelse og Rehabilitering", date=hearing.deadline,
        text="Indtastet i hånden.", source_key="seed:000_900901d2c1506195",
    )  # fmt: skip
    response.passages.create(stance="stoetter", passage="Vi bakker op.")
    return hearing


def test_seed000_is_linked_to_the_invited_unit_and_replaces_its_earlier_response(plan_hearing, capsys):
    call_command("import_hearing_response", str(SEED_000), "--hearing", str(plan_hearing.pk))
    response = HearingResponse.objects.get(hearing=plan_hearing)  # replaced, not a second one
    assert response.unit.name == "Center for Forebyggelse og Rehabilitering"
    assert not response.passages.filter(passage="Vi bakker op.").exists()
    passages = response.passages.select_related("theme", "initiative")
    # The sentence broken by the page (and the letterhead of page 2 between its halves) is one passage again.
    joined = passages.get(passage__startswith="Det kan dog være svært")
    assert "Der vil således potentielt kunne opstå et uhensigtsmæssigt pres" in joined.passage
    assert "SOCIALE FORHOLD" not in joined.passage and "Telefon" not in joined.passage
    assert joined.stance == "bekymring" and joined.theme.number == 3
    # Each passage naming PEER is placed by the PEER initiative: Tema 3, with the initiative set.
    peer = [p for p in passages if "PEER" in p.passage]
    assert len(peer) == 3 and {(p.initiative.key, p.theme.number) for p in peer} == {("peer", 3)}
    jobs = passages.get(passage__startswith="Selv om nogle vil tænke")  # under the heading of track 4.3
    assert (jobs.initiative.key, jobs.theme.number, jobs.stance) == ("hjemloese-i-job", 4, "stoetter")
    stances = dict(passages.values_list("passage", "stance"))
    assert stances[next(p for p in stances if p.startswith("Vi vil også gerne tilkendegive"))] == "stoetter"
    assert stances[next(p for p in stances if p.startswith("Udover dette arbejde"))] == "neutral"
    # Once more: still one response from the centre, with the same passages.
    count = passages.count()
    call_command("import_hearing_response", str(SEED_000), "--hearing", str(plan_hearing.pk))
    assert HearingResponse.objects.filter(hearing=plan_hearing).count() == 1
    assert ResponsePassage.objects.filter(response__hearing=plan_hearing).count() == count


def test_a_response_from_an_uninvited_sender_is_kept_apart_and_reported(plan_hearing):
    plan_hearing.invitations.filter(unit__name="Center for Forebyggelse og Rehabilitering").delete()
    result = import_hearing_response(SEED_000.name, SEED_000.read_bytes(), plan_hearing.pk)
    assert result.report["unit"] is None and "ikke en inviteret enhed" in result.report["unrecognised"][-1]["text"]
    assert HearingResponse.objects.filter(hearing=plan_hearing).count() == 2  # the earlier one is not replaced


def test_unknown_hearing_and_empty_file(hearing, tmp_path):
    empty = tmp_path / "svar.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(CommandError, match="svar.txt: Filen er tom"):
        call_command("import_hearing_response", str(empty), "--hearing", str(hearing.pk))
    with pytest.raises(ImportFailed, match="høringen 999999 findes ikke"):
        import_hearing_response("svar.txt", b"Tekst", 999999)
    assert HearingResponse.objects.count() == 0 and Document.objects.count() == 0


def test_seed001_plan_draft_totals_25_mio_and_changes_nothing():
    result = import_plan_document(SEED_001.name, SEED_001.read_bytes())
    draft = result.report["draft"]
    assert draft["total_mio"] == draft["stated_total_mio"] == "25.0"
    assert [t["number"] for t in draft["themes"]] == [1, 2, 3, 4, 5]
    tracks = {tr["number"]: tr for t in draft["themes"] for tr in t["tracks"]}
    assert sorted(tracks) == ["1.2", "1.3", "1.4", "2.3", "3.2", "3.3", "4.1", "4.3", "5.2", "5.3"]
    assert [(i["title"][:3], i["amount_mio"]) for i in tracks["3.3"]["initiatives"]] == [("IPS", "1.7"), ("Fle", "1.0")]
    assert tracks["4.1"]["initiatives"][1]["title"].startswith("ACT-indsats")
    assert Plan.objects.count() == 0  # a draft only
    assert import_plan_document(SEED_001.name, SEED_001.read_bytes()).created is False


def test_analyst_sees_the_difference_and_writes_only_after_confirming(org, client_for):
    document = import_plan_document(SEED_001.name, SEED_001.read_bytes()).document
    client = client_for(org.analyst)
    page = client.get(f"/dokumenter/{document.pk}/").content.decode()
    assert "Plankladde til gennemsyn" in page and "25,0 mio. kr." in page
    fields = {"plan_code": "sb-kladde", "plan_name": "Bæredygtighedsplanen", "owner_unit": org.centre_a.code}
    shown = client.post(f"/dokumenter/{document.pk}/", {**fields, "vis": "1"})
    assert shown.status_code == 200 and not Plan.objects.exists()  # the difference only
    comparison = shown.context["comparison"]
    assert len(comparison.of_kind("new")) == 13 and "Planen findes ikke og oprettes" in shown.content.decode()
    response = client.post(
        f"/dokumenter/{document.pk}/", {**fields, "anvend": "1", "fingerprint": comparison.fingerprint}
    )
    assert response.status_code == 302, response.context["outcome"]
    plan = Plan.objects.get(code="sb-kladde")
    initiatives = Initiative.objects.filter(track__theme__plan=plan)
    assert initiatives.count() == 13 and sum(i.amount for i in initiatives) == Decimal("25000000")
    assert Track.objects.filter(theme__plan=plan, number="3.3").exists()
    assert initiatives.get(track__number="1.4").title == "Familiehuset og Frivillighed Gentænkt"
    assert (initiatives.get(track__number="5.3").period_start, initiatives.get(track__number="5.3").period_end) == (
        2022,
        2023,
    )
    document.refresh_from_db()
    assert document.report["applied"]["plan_code"] == "sb-kladde"


def test_seed001_initiative_names_and_periods_come_from_the_document():
    draft = import_plan_document(SEED_001.name, SEED_001.read_bytes()).report["draft"]
    tracks = {tr["number"]: tr for t in draft["themes"] for tr in t["tracks"]}
    titles = {number: [i["title"] for i in tr["initiatives"]] for number, tr in tracks.items()}
    # The table names 1.2–1.4 only by their track; their own names are in the descriptions.
    assert titles["1.2"] == [
        "Sunde børn leger bedst og 'Lyt til mig' – et initiativ om tidlig indsats og børneinddragelse"
    ]
    assert titles["1.3"][0].startswith("Ni nye interne døgnpladser i Vikingedalen, Familieindsats med Ventilpladser")
    assert titles["1.4"] == ["Familiehuset og Frivillighed Gentænkt"]
    periods = {
        i["title"][:12]: (i["period_start"], i["period_end"])
        for t in draft["themes"]
        for tr in t["tracks"]
        for i in tr["initiatives"]
    }
    assert periods["Ni nye inter"] == (2021, 2023)  # "3-årigt implementeringsforløb med opstart i 2021"
    assert periods["Familiehuset"] == (2021, 2022)  # "Tidsplan: 2-årigt forløb med opstart i 2021"
    assert periods["ACT-indsats "] == (2021, 2023)  # "i 2021-2023"
    assert periods["Flow fra bes"] == (2021, 2022)  # "i 2021-22"
    assert periods["Sundhedsproj"] == (2022, 2023)
    assert periods["Sunde børn l"] == (None, None)  # the seed gives none


@pytest.fixture
def demo_plan(db):
    from sporbar.accounts.demo import load_units
    from sporbar.plans.demo import PLAN_CODE, PLAN_FILE
    from sporbar.plans.importing import import_plan_file

    load_units()
    assert import_plan_file(PLAN_FILE).ok
    return Plan.objects.get(code=PLAN_CODE)


def test_seed001_against_the_demo_plan_updates_and_never_duplicates(demo_plan, capsys):
    act = Initiative.objects.get(key="act")
    act.spendings.create(date=datetime.date(2022, 1, 1), amount=Decimal("1000"))
    call_command("import_plan_document", str(SEED_001), "--plan", demo_plan.code)
    shown = capsys.readouterr().out
    assert "Nye: 0" in shown and "Mangler i dokumentet (beholdes): 0" in shown
    assert "Planen bagefter: 13 initiativer, 25,0 mio. kr." in shown and "Intet er skrevet" in shown
    assert Document.objects.count() == 0 and Initiative.objects.filter(title__startswith="Ni nye").count() == 0
    call_command("import_plan_document", str(SEED_001), "--plan", demo_plan.code, "--apply")
    assert "0 oprettet" in capsys.readouterr().out
    initiatives = Initiative.objects.filter(track__theme__plan=demo_plan)
    assert initiatives.count() == 13 and sum(i.amount for i in initiatives) == Decimal("25000000")
    # The matched initiative keeps its key, owner and spending; it takes the document's title.
    act = Initiative.objects.get(pk=act.pk)
    assert (
        act.key == "act"
        and act.spendings.count() == 1
        and act.title == "ACT-indsats for udsatte og hjemløse borgere over 25 år"
    )
    assert initiatives.get(key="familiehuset").title == "Familiehuset og Frivillighed Gentænkt"
    call_command("import_plan_document", str(SEED_001), "--plan", demo_plan.code, "--apply")
    assert "13 uændret" in capsys.readouterr().out and initiatives.count() == 13


def test_a_changed_amount_is_shown_and_splits_the_budget_again(demo_plan, capsys):
    ips = Initiative.objects.get(key="ips")
    ips.amount = Decimal("1500000")
    ips.title = "IPS-forløb for målgrupper med psykisk sygdom"
    ips.save()
    extra = Initiative.objects.create(
        track=ips.track, key="ekstra", title="Et lokalt initiativ", amount=Decimal("500000"), owner_unit=ips.owner_unit
    )
    call_command("import_plan_document", str(SEED_001), "--plan", demo_plan.code)
    shown = capsys.readouterr().out
    assert "beløb 1,5 mio. kr. → 1,7 mio. kr." in shown
    assert "Mangler i dokumentet (beholdes): 1" in shown and "Et lokalt initiativ" in shown
    assert "Planen bagefter: 14 initiativer, 25,5 mio. kr." in shown
    call_command("import_plan_document", str(SEED_001), "--plan", demo_plan.code, "--apply")
    ips.refresh_from_db()
    assert ips.amount == Decimal("1700000") and Initiative.objects.filter(pk=extra.pk).exists()
    assert sorted(ips.budget_lines.values_list("year", "amount")) == [
        (2021, Decimal("566666.67")), (2022, Decimal("566666.67")), (2023, Decimal("566666.66")),
    ]  # fmt: skip


def test_a_new_plan_from_the_command_line_needs_an_owner(db, org, capsys):
    with pytest.raises(CommandError, match="angiv --owner ENHEDSKODE"):
        call_command("import_plan_document", str(SEED_001), "--plan", "ny", "--apply")
    assert Plan.objects.count() == 0 and Document.objects.count() == 0
    with pytest.raises(CommandError, match="En ny plan skal have en kode"):
        call_command(
            "import_plan_document", str(SEED_001), "--plan", "ny plan!", "--apply", "--owner", org.centre_a.code
        )
    assert Plan.objects.count() == 0 and Document.objects.count() == 0
    call_command("import_plan_document", str(SEED_001), "--plan", "ny", "--apply", "--owner", org.centre_a.code)
    assert Initiative.objects.filter(track__theme__plan__code="ny").count() == 13


def test_a_stale_confirmation_writes_nothing(demo_plan, org, client_for):
    document = import_plan_document(SEED_001.name, SEED_001.read_bytes()).document
    client = client_for(org.analyst)
    fields = {"plan_code": demo_plan.code, "plan_name": "", "owner_unit": ""}
    shown = client.post(f"/dokumenter/{document.pk}/", {**fields, "vis": "1"}).context["comparison"]
    Initiative.objects.filter(key="act").update(amount=Decimal("1"))  # someone changes the plan meanwhile
    response = client.post(f"/dokumenter/{document.pk}/", {**fields, "anvend": "1", "fingerprint": shown.fingerprint})
    assert "Planen er ændret" in response.content.decode()
    assert Initiative.objects.get(key="act").amount == Decimal("1")
    assert Initiative.objects.get(key="ips").title.startswith("IPS-forløb (Individuel")


def test_leadership_cannot_see_or_apply_drafts(org, client_for):
    document = import_plan_document(SEED_001.name, SEED_001.read_bytes()).document
    client = client_for(org.leadership)
    assert client.get(f"/dokumenter/{document.pk}/").status_code == 404
    response = client.post(f"/dokumenter/{document.pk}/", {"plan_code": "x", "plan_name": "x", "owner_unit": "dept"})
    assert response.status_code == 404
    assert Plan.objects.count() == 0


def test_plan_document_without_table_is_refused():
    with pytest.raises(ImportFailed, match="plan.txt: Ingen oversigtstabel"):
        import_plan_document("plan.txt", b"Et notat uden tabel.")
    assert Document.objects.count() == 0


def test_hearing_response_uploaded_on_the_page(org, client_for, hearing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(org.admin)
    upload = SimpleUploadedFile(SEED_000.name, SEED_000.read_bytes())
    response = client.post("/dokumenter/import/", {"kind": "hearing_response", "file": upload})
    assert "Vælg den høring" in response.content.decode()
    upload = SimpleUploadedFile(SEED_000.name, SEED_000.read_bytes())
    response = client.post(
        "/dokumenter/import/", {"kind": "hearing_response", "file": upload, "hearing": hearing.pk}, follow=True
    )
    assert "Afsnit i høringssvaret" in response.content.decode()
    assert HearingResponse.objects.get().hearing == hearing


def test_a_period_statement_with_another_amount_is_reported_not_guessed():
    text = SEED_001.read_text(encoding="utf-8").replace(
        "Prioriteret engangsbeløb i 2021-2023: 2,5 mio. kr.", "Prioriteret engangsbeløb i 2021-2023: 9,9 mio. kr."
    )
    draft = import_plan_document("plan.txt", text.encode()).report["draft"]
    act = next(i for t in draft["themes"] for tr in t["tracks"] for i in tr["initiatives"] if i["title"][:3] == "ACT")
    assert (act["period_start"], act["period_end"]) == (None, None)
    assert any("9,9 mio. kr. passer ikke til »ACT-indsats" in u["text"] for u in draft["unrecognised"])
