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
    assert guess_stance("Vi vil anbefale, at der følges op løbende.") == "forslag"


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
    peer = passages.get(passage__startswith="Det er vores erfaring, at netop PEER-medarbejdere")
    assert peer.theme.number == 4
    assert passages.filter(stance="bekymring", theme__number=3).exists()
    assert not passages.filter(passage__contains="Telefon").exists()
    before = (HearingResponse.objects.count(), ResponsePassage.objects.count(), Document.objects.count())
    call_command("import_hearing_response", str(SEED_000), "--hearing", str(hearing.pk))
    assert (HearingResponse.objects.count(), ResponsePassage.objects.count(), Document.objects.count()) == before


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


def test_analyst_reviews_and_applies_the_draft(org, client_for):
    document = import_plan_document(SEED_001.name, SEED_001.read_bytes()).document
    client = client_for(org.analyst)
    page = client.get(f"/dokumenter/{document.pk}/").content.decode()
    assert "Plankladde til gennemsyn" in page and "25,0 mio. kr." in page
    response = client.post(
        f"/dokumenter/{document.pk}/",
        {"plan_code": "sb-kladde", "plan_name": "Bæredygtighedsplanen", "owner_unit": org.centre_a.code},
    )
    assert response.status_code == 302, response.context["outcome"]
    plan = Plan.objects.get(code="sb-kladde")
    assert Initiative.objects.filter(track__theme__plan=plan).count() == 13
    total = sum(Initiative.objects.filter(track__theme__plan=plan).values_list("amount", flat=True))
    assert total == Decimal("25000000")
    assert Track.objects.filter(theme__plan=plan, number="3.3").exists()
    document.refresh_from_db()
    assert document.report["applied"]["plan_code"] == "sb-kladde"


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
