"""Importing minutes into governance records: idempotent, one transaction, clear messages on bad files."""

import datetime
import html
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from sporbar.documents.importing import ImportFailed, import_minutes
from sporbar.documents.models import Document
from sporbar.governance.models import AgendaItem, Attachment, DecisionPoint, Meeting, Proposal

DATA = Path(__file__).parent / "data"
SEED_002 = Path(__file__).resolve().parents[3] / "data" / "seeds" / "002_2d9e09fce0574635.txt"
pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (Document, Meeting, AgendaItem, Attachment, Proposal, DecisionPoint))


def test_seed002_import_and_reimport(capsys):
    call_command("import_minutes", str(SEED_002))
    out = capsys.readouterr().out
    assert "Mulige personoplysninger" in out
    assert Meeting.objects.count() == 4
    assert AgendaItem.objects.count() == 32
    meeting = Meeting.objects.get(date="2023-01-09")
    item = meeting.items.get(title="Evaluering af Psykiatriens Hus")
    assert item.decision.startswith("1) Godkendt.")
    proposal = item.proposals.get()
    assert proposal.sender == "Fagligt sekretariat"
    assert proposal.decision_points.get(number=1).outcome == "godkendt"
    assert proposal.flagged_personal_data  # the evaluation's case stories ("Borger er en kvinde …")
    document = Document.objects.get()
    assert document.kind == Document.Kind.MINUTES
    assert document.report["personal_data"]
    assert len(document.report["meetings"]) == 4
    before = counts()
    call_command("import_minutes", str(SEED_002))
    assert "allerede importeret" in capsys.readouterr().out
    assert counts() == before


def test_same_meetings_from_another_file_are_not_duplicated():
    data = (DATA / "faxe_socialudvalget_2021.txt").read_bytes()
    import_minutes("faxe.txt", data)
    import_minutes("faxe-kopi.txt", data + b"\n\n")  # other bytes, same meeting
    assert Meeting.objects.count() == 1
    assert AgendaItem.objects.count() == 2
    assert Document.objects.count() == 2


def test_empty_file_gives_message_and_writes_nothing(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="tom.txt: Filen er tom"):
        call_command("import_minutes", str(empty))
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_corrupt_pdf_gives_message_and_writes_nothing(tmp_path):
    broken = tmp_path / "referat.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref")
    with pytest.raises(CommandError, match="referat.pdf: PDF-filen"):
        call_command("import_minutes", str(broken))
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_text_that_is_not_minutes_is_refused():
    with pytest.raises(ImportFailed, match="brev.txt"):
        import_minutes("brev.txt", "Kære alle\nTak for sidst.".encode())
    assert counts() == (0, 0, 0, 0, 0, 0)


def _records():
    return [
        (m.date, m.body.name, [(i.number, i.title, i.category, i.decision) for i in m.items.order_by("position")])
        for m in Meeting.objects.order_by("date")
    ]


def test_pdf_imports_to_same_records_as_text(tmp_path):
    from weasyprint import HTML

    text = (DATA / "faxe_socialudvalget_2021.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    pdf = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    with transaction.atomic():
        import_minutes("faxe.txt", text.encode())
        from_text = _records()
        transaction.set_rollback(True)
    assert counts() == (0, 0, 0, 0, 0, 0)
    import_minutes("faxe.pdf", pdf)
    assert Document.objects.get().filename == "faxe.pdf"
    assert _records() == from_text
    assert from_text[0][2][1][3] == "Taget til efterretning."


def test_parse_minutes_json_writes_nothing(capsys):
    import json

    call_command("parse_minutes", str(DATA / "viborg_sosu_2019.txt"), "--json")
    parsed = json.loads(capsys.readouterr().out)
    meeting = parsed["meetings"][0]
    assert meeting["date"] == "2019-01-17"
    assert {"number", "title", "category", "decision"} <= set(meeting["items"][0])
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_upload_page_imports_and_shows_escaped_report(org, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (DATA / "faxe_socialudvalget_2021.txt").read_text(encoding="utf-8")
    text = text.replace("Godkendt.", "Godkendt.\n\nBorger er glad for <3 & x>1 tilbud.", 1)
    client = client_for(org.analyst)
    response = client.post(
        "/dokumenter/import/", {"kind": "minutes", "file": SimpleUploadedFile("faxe.txt", text.encode())}, follow=True
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == 1
    page = response.content.decode()
    assert "Mulige personoplysninger" in page
    assert "Borger er glad for &lt;3 &amp; x&gt;1 tilbud." in page  # imported text is shown escaped
    assert "<3 & x>1" not in page
    response = client.post("/dokumenter/import/", {"kind": "minutes", "file": SimpleUploadedFile("tom.txt", b"x")})
    assert "tom.txt: Teksten ligner ikke et referat" in response.content.decode()
    assert Document.objects.count() == 1


@pytest.mark.parametrize("who", ["worker_a", "lead_a", "leadership"])
def test_only_analysts_and_admins_may_import(org, client_for, who):
    client = client_for(getattr(org, who))
    assert client.get("/dokumenter/import/").status_code == 404
    document = Document.objects.create(title="x", filename="x.txt", sha256="0" * 64)
    assert client.get(f"/dokumenter/{document.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/dokumenter/import/")
    assert response.status_code == 302


def test_demo_loads_seed_002_twice_without_duplicates():
    import io

    from sporbar.documents import demo

    out = io.StringIO()
    demo.load({}, out)
    demo.load({}, out)
    assert Meeting.objects.count() == 4
    assert "fandtes allerede" in out.getvalue()
    assert Document.objects.filter(kind=Document.Kind.PLAN).count() == 1


def test_evaluation_item_is_linked_to_the_initiative_it_names(org):
    from sporbar.plans.models import Initiative, Plan, Theme, Track

    plan = Plan.objects.create(code="sb", name="Planen")
    track = Track.objects.create(
        theme=Theme.objects.create(plan=plan, number=3, name="Psykisk sygdom"), number="3.3", name="Uddannelse og Job"
    )
    peer = Initiative.objects.create(
        track=track, key="peer", title="Flere PEERs til at understøtte indsatser", amount=1_000_000,
        partners="Psykiatriens Hus (PEER-uddannelsen); brugerne i Job, Udsatte og Socialpsykiatri.",
        owner_unit=org.centre_a,
    )  # fmt: skip
    other = Initiative.objects.create(
        track=track, key="sundhed", title="Sundhedsprojekt", amount=1_000_000, owner_unit=org.centre_a
    )
    import_minutes(SEED_002.name, SEED_002.read_bytes())
    item = AgendaItem.objects.get(title="Evaluering af Psykiatriens Hus")
    assert list(item.initiatives.all()) == [peer]
    assert not other.agenda_items.exists()


def _proposals():
    return [
        (
            p.title,
            p.sender,
            p.date,
            p.resume,
            p.follow_up,
            p.case_number,
            [(d.number, d.outcome) for d in p.decision_points.all()],
        )
        for p in Proposal.objects.order_by("title")
    ]


def test_aarhus_pdf_imports_to_same_records_as_text():
    from weasyprint import CSS, HTML

    text = (DATA / "aarhus_excerpt.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    style = CSS(string="@page { size: A4; margin: 1cm } p { margin: 0; font-size: 9pt; min-height: 1em }")
    pdf = HTML(string=f"<html><body>{body}</body></html>").write_pdf(stylesheets=[style])
    with transaction.atomic():
        import_minutes("referat.txt", text.encode())
        from_text = (_records(), _proposals())
        transaction.set_rollback(True)
    import_minutes("referat.pdf", pdf)
    assert (_records(), _proposals()) == from_text
    (meeting,) = from_text[0]
    assert meeting[0] == datetime.date(2023, 1, 9)
    assert [i[1] for i in meeting[2]] == ["Dagsorden", "Evaluering af Psykiatriens Hus", "Tidsplan for regnskab 2022"]
    assert from_text[1][0][-1] == [(1, "godkendt")]
    assert not AgendaItem.objects.filter(title__contains="Borger").exists()


def test_seed002_import_fills_the_follow_up_register_once(org):
    from sporbar.documents.parsing.minutes import parse_minutes
    from sporbar.governance.models import FollowUp

    named = [f for m in parse_minutes(SEED_002.read_text())["meetings"] for i in m["items"] for f in i["follow_ups"]]
    # A unit named as owner is resolved to the unit.
    unit = org.centre_a
    unit.name = "Job og Virksomhedsservice"
    unit.save()
    import_minutes(SEED_002.name, SEED_002.read_bytes())
    assert FollowUp.objects.count() == len(named) == 11  # 3 "X følger op" + 8 sections 7
    lotte = FollowUp.objects.get(owner_name="Lotte")
    assert lotte.title.startswith("Lotte følger op med FAS") and lotte.due_date is None
    assert lotte.agenda_item.title == "Orientering om udvalgmødet" and lotte.agenda_item.meeting.date.day == 16
    fs_ol = FollowUp.objects.get(owner_name="FS og OL")
    assert fs_ol.decision_point.number == 1 and fs_ol.proposal.agenda_item == fs_ol.agenda_item
    assert FollowUp.objects.get(owner_name="Job og Virksomhedsservice").owner_unit == unit
    framework = FollowUp.objects.get(proposal__title__startswith="Udkast til byrådsindstilling")
    assert framework.due_date == datetime.date(2023, 1, 23)
    # The same minutes again, as other bytes (a PDF of them, say): no new follow-ups.
    import_minutes("kopi.txt", SEED_002.read_bytes() + b"\n")
    assert FollowUp.objects.count() == 11
