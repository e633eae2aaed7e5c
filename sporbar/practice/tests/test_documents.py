"""Documents behind the self-assessments: hostile files refused with a clear message, the rest stored and searchable."""

from pathlib import Path

import pytest
from django.urls import reverse

from sporbar.documents.search import search
from sporbar.practice import papers, services
from sporbar.practice.models import PracticeDocument
from sporbar.practice.tests.conftest import TODAY, element


def pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def test_a_text_and_a_pdf_are_kept_with_their_text(world, org, settings):
    doc, created = papers.attach(world.act, 1, "teori.pdf", pdf("Forandringsteori: boligen først"), org.lead_a)
    assert created and "boligen først" in doc.text and doc.title == "teori"
    assert (Path(settings.MEDIA_ROOT) / doc.file).read_bytes()[:5] == b"%PDF-"
    latin1 = "Metode: tværfagligt team og fælles sagsansvar".encode("latin-1")
    doc2, _ = papers.attach(world.act, 1, "metode.txt", latin1, org.lead_a, title="Metode", kind="metodebeskrivelse")
    assert "tværfagligt" in doc2.text and doc2.get_kind_display() == "Metodebeskrivelse"
    theory = element(services.initiative_profile(world.act, org.analyst, today=TODAY), 1)
    assert [d.title for d in theory["documents"]] == ["teori", "Metode"]


def test_a_file_name_cannot_inject_a_header_or_a_path(client, world, org):
    doc, _ = papers.attach(world.act, 1, "../../etc/x\r\nSet-Cookie: a=b.txt", b"Metode", org.lead_a)
    assert doc.filename == "xSet-Cookie: a=b.txt" and doc.file.startswith(f"practice/{world.act.pk}/")
    client.force_login(org.leadership)
    response = client.get(reverse("practice:document", args=[doc.pk]))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_a_missing_file_gives_not_found(client, world, org, settings):
    doc, _ = papers.attach(world.act, 1, "metode.txt", b"Metode", org.lead_a)
    (Path(settings.MEDIA_ROOT) / doc.file).unlink()
    client.force_login(org.leadership)
    assert client.get(reverse("practice:document", args=[doc.pk])).status_code == 404


def test_the_same_file_twice_is_kept_once(world, org):
    first, created = papers.attach(world.act, 1, "teori.txt", b"Forandringsteori", org.lead_a)
    again, created_again = papers.attach(world.act, 1, "kopi.txt", b"Forandringsteori", org.lead_a)
    assert created and not created_again and again.pk == first.pk
    assert PracticeDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("makro.docm", b"PK\x03\x04", "kun PDF- og tekstfiler"),
        ("falsk.pdf", b"<html>ikke en pdf</html>", "er ikke en PDF"),
        ("beskadiget.pdf", b"%PDF-1.4 broken" + b"\x00" * 50, "beskadiget eller kan ikke læses"),
        ("tom.txt", b"   \n", "Filen er tom"),
        ("binaer.txt", b"\x00\x01\x02" * 100, "hverken tekst eller PDF"),
        ("cpr.txt", b"Linje et\nBorgeren har cpr 010190-1234", "cpr.txt, linje 2: dokumentet ser ud til"),
    ],
)
def test_hostile_files_are_refused_with_a_message_naming_the_file(world, org, settings, name, data, message):
    with pytest.raises(services.PracticeError, match=message) as refused:
        papers.attach(world.act, 1, name, data, org.lead_a)
    assert name in str(refused.value)
    assert not PracticeDocument.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "practice").exists()


def test_a_huge_file_is_refused(world, org, settings):
    settings.PRACTICE_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(services.PracticeError, match="for stor"):
        papers.attach(world.act, 1, "stor.txt", b"a" * 2048, org.lead_a)
    assert not PracticeDocument.objects.exists()


def test_documents_belong_to_the_assessed_elements_only(world, org):
    with pytest.raises(services.PracticeError, match="hører til elementerne"):
        papers.attach(world.act, 6, "teori.txt", b"Forandringsteori", org.lead_a)


def test_documents_and_the_current_self_assessment_are_found_by_search(world, org):
    papers.attach(world.act, 1, "teori.txt", "Forandringsteorien bygger på Housing First-tanken.".encode(), org.lead_a)
    services.write_self_assessment(
        world.act, 7, "Vi holder ugentlig supervision med refleksionsteam.", "opfyldt", org.lead_a
    )
    services.write_self_assessment(world.act, 7, "Månedlig sparring med ekstern konsulent.", "opfyldt", org.lead_a)
    housing = search(org.worker_b, "housing first")
    assert [r["kind"] for r in housing] == ["practice_document"]
    assert housing[0]["url"].startswith("/lovende-praksis/dokumenter/")
    assert (
        search(org.leadership, "sparring")[0]["url"] == reverse("practice:profile", args=[world.act.pk]) + "#element-7"
    )
    assert search(org.leadership, "refleksionsteam") == []  # the older version left the index


def test_download_gives_the_original_bytes_and_removal_unindexes_it(client, world, org):
    data = "Metode: fælles sagsansvar".encode("latin-1")
    doc, _ = papers.attach(world.act, 5, "metode.txt", data, org.lead_a)
    client.force_login(org.worker_b)
    response = client.get(reverse("practice:document", args=[doc.pk]))
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(org.lead_a)
    response = client.post(reverse("practice:remove-document", args=[doc.pk]))
    assert response.status_code == 302 and not PracticeDocument.objects.exists()
    assert search(org.leadership, "sagsansvar") == []


@pytest.mark.django_db(transaction=True)
def test_the_file_goes_when_the_document_is_removed(org, settings):
    from sporbar.practice.tests.conftest import World

    world = World(org)
    doc, _ = papers.attach(world.act, 5, "metode.txt", b"Metode", org.lead_a)
    path = Path(settings.MEDIA_ROOT) / doc.file
    assert path.exists()
    papers.remove(doc, org.lead_a)
    assert not path.exists()
