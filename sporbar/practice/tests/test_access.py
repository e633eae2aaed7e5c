"""Who may see and change what, as each role, through the pages and the API. A refused request changes nothing."""

import datetime
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sporbar.practice import papers, services
from sporbar.practice.models import LevelDecision, PracticeDocument, SelfAssessment

ROLES = ["admin", "analyst", "leadership", "lead_a", "lead_b", "worker_a", "anonymous"]
EVERYONE = {"admin", "analyst", "leadership", "lead_a", "lead_b", "worker_a"}
EDITORS = {"admin", "analyst"}
WRITERS = EDITORS | {"lead_a"}  # and the lead of the unit that owns the ACT initiative


def _client(client, org, role):
    if role != "anonymous":
        client.force_login(getattr(org, role))
    return client


def _api(api_for, org, role):
    return APIClient() if role == "anonymous" else api_for(getattr(org, role))


def _upload():
    file = io.BytesIO("Forandringsteori: et hjem først.".encode())
    file.name = "teori.txt"
    return file


@pytest.fixture
def doc(world, org):
    return papers.attach(world.act, 1, "metode.txt", b"Metodebeskrivelse for ACT", org.lead_a)[0]


@pytest.mark.parametrize("role", ROLES)
def test_reading_pages(client, org, world, doc, role):
    c = _client(client, org, role)
    urls = [
        reverse("practice:profile", args=[world.act.pk]),
        reverse("practice:history", args=[world.act.pk, 3]),
        reverse("practice:matrix", args=[world.plan.pk]),
        reverse("practice:matrix-export", args=[world.plan.pk, "csv"]),
        reverse("practice:document", args=[doc.pk]),
    ]
    for url in urls:
        response = c.get(url)
        if role in EVERYONE:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_setting_a_level_on_the_page(client, org, world, role):
    url = reverse("practice:set-level", args=[world.act.pk, 3])
    response = _client(client, org, role).post(url, {"level": "ikke opfyldt", "reason": "Forældet beskrivelse"})
    if role in EDITORS:
        assert response.status_code == 302
        assert LevelDecision.objects.get().reason == "Forældet beskrivelse"
    else:
        assert response.status_code in (302, 403) and not LevelDecision.objects.exists()
        assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_writing_a_self_assessment_and_attaching_a_document_on_the_page(client, org, world, role):
    c = _client(client, org, role)
    text = c.post(
        reverse("practice:self-assessment", args=[world.act.pk, 1]),
        {"text": "Vi bygger på ACT-modellen.", "proposed_level": "opfyldt"},
    )
    upload = c.post(reverse("practice:upload", args=[world.act.pk, 1]), {"file": _upload(), "kind": "forandringsteori"})
    if role in WRITERS:
        assert (text.status_code, upload.status_code) == (302, 302)
        assert SelfAssessment.objects.count() == 1 and PracticeDocument.objects.count() == 1
    else:
        expected = 302 if role == "anonymous" else 403
        assert (text.status_code, upload.status_code) == (expected, expected)
        assert not SelfAssessment.objects.exists() and not PracticeDocument.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_document(client, org, world, doc, role):
    response = _client(client, org, role).post(reverse("practice:remove-document", args=[doc.pk]))
    assert PracticeDocument.objects.exists() is (role not in WRITERS)
    if role not in WRITERS:
        assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_api(api_for, org, world, role):
    api = _api(api_for, org, role)
    profile = api.get(f"/api/v1/promising-practice/{world.act.pk}/")
    matrix = api.get(f"/api/v1/promising-practice-matrix/{world.plan.pk}/")
    level = api.post(
        f"/api/v1/promising-practice/{world.act.pk}/level/",
        {"element": 3, "level": "ikke opfyldt", "reason": "Forældet"},
        format="json",
    )
    text = api.post(
        f"/api/v1/promising-practice/{world.act.pk}/self-assessment/",
        {"element": 7, "text": "Ugentlig supervision.", "proposed_level": "delvist opfyldt"},
        format="json",
    )
    upload = api.post(
        f"/api/v1/promising-practice/{world.act.pk}/documents/",
        {"element": 1, "file": _upload(), "kind": "forandringsteori"},
        format="multipart",
    )
    if role == "anonymous":
        assert {r.status_code for r in (profile, matrix, level, text, upload)} <= {401, 403}
        return
    assert (profile.status_code, matrix.status_code) == (200, 200)
    assert len(profile.json()["elements"]) == 11 and len(matrix.json()["rows"]) == 2
    assert level.status_code == (201 if role in EDITORS else 403)
    assert text.status_code == (201 if role in WRITERS else 403)
    assert upload.status_code == (201 if role in WRITERS else 403)
    assert LevelDecision.objects.exists() is (role in EDITORS)
    assert SelfAssessment.objects.exists() is (role in WRITERS)
    assert PracticeDocument.objects.exists() is (role in WRITERS)


def test_api_refuses_bad_input_with_a_message_naming_the_field(api_for, org, world):
    api = api_for(org.analyst)
    url = f"/api/v1/promising-practice/{world.act.pk}/level/"
    no_reason = api.post(url, {"element": 3, "level": "ikke opfyldt"}, format="json")
    assert no_reason.status_code == 400 and "begrundelse" in no_reason.json()["reason"][0]
    bad_level = api.post(url, {"element": 3, "level": "super"}, format="json")
    assert bad_level.status_code == 400 and "level" in bad_level.json()
    assert api.post(url, {"element": 99, "level": "opfyldt"}, format="json").status_code == 400
    assert api.get("/api/v1/promising-practice/999999/").status_code == 404
    assert not LevelDecision.objects.exists()


def test_a_worker_sees_the_profile_but_not_the_investment_case(client, org, world):
    from sporbar.practice.tests.test_profile import act_case

    act_case(world)
    worker = client.force_login(org.worker_a) or client
    page = worker.get(reverse("practice:profile", args=[world.act.pk])).content.decode()
    assert "Økonomi" in page and "ACT-casen" not in page and "mio. kr." not in page
    assert "Gem niveau" not in page and "Gem selvevaluering" not in page
    client.force_login(org.leadership)
    page = client.get(reverse("practice:profile", args=[world.act.pk])).content.decode()
    assert "ACT-casen" in page and "Gem niveau" not in page


def test_a_hidden_number_stays_hidden_on_every_output(client, api_for, org, world):
    today = datetime.date.today()
    world.courses(6, start="2024-01-01", goals=[True], assessed=[str(today - datetime.timedelta(days=10))])
    world.courses(2, start="2024-01-01", goals=[False], assessed=[str(today - datetime.timedelta(days=300))])
    client.force_login(org.analyst)
    page = client.get(reverse("practice:profile", args=[world.act.pk])).content.decode()
    api = api_for(org.analyst).get(f"/api/v1/promising-practice/{world.act.pk}/").content.decode()
    xlsx_matrix = services.matrix(world.plan, org.analyst)
    from sporbar.practice import exports

    evidence = str(exports.evidence_rows(xlsx_matrix))
    for output in (page, api, evidence):
        assert "6 af 8" not in output and "2 af 8" not in output
        assert "færre end 5" in output
