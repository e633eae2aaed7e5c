"""The pages: the profile, its forms (with and without htmx), the matrix and its CSV/XLSX export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import ffb_condition
from sporbar.courses.models import Goal
from sporbar.practice import services
from sporbar.practice.models import LevelDecision, SelfAssessment

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_profile_page_shows_eleven_elements_with_rule_and_evidence(client, org, world):
    client.force_login(org.analyst)
    page = client.get(reverse("practice:profile", args=[world.act.pk])).content.decode()
    for number in range(1, 12):
        assert f'id="element-{number}"' in page
    assert "Hvor mange af initiativets seks fakta er udfyldt" in page  # the rule of Beskrivelse
    assert "Målgruppens størrelse" in page and "ca. 12 borgere" in page  # its evidence
    assert page.count("Gem niveau") == 11 and page.count("Gem selvevaluering") == 4


def test_setting_a_level_without_reason_shows_the_message_and_saves_nothing(client, org, world):
    client.force_login(org.analyst)
    url = reverse("practice:set-level", args=[world.act.pk, 3])
    full = client.post(url, {"level": "ikke opfyldt", "reason": ""})
    assert full.status_code == 400 and "Skriv en begrundelse" in full.content.decode()
    card = client.post(url, {"level": "ikke opfyldt", "reason": ""}, **HTMX)
    assert card.status_code == 200 and card.content.decode().startswith('<section class="card practice-element"')
    assert "Skriv en begrundelse" in card.content.decode()
    assert not LevelDecision.objects.exists()


def test_htmx_returns_the_updated_card(client, org, world):
    client.force_login(org.lead_a)
    card = client.post(
        reverse("practice:self-assessment", args=[world.act.pk, 8]),
        {"text": "Relationskompetencer trænes i teamet.", "proposed_level": "delvist opfyldt"},
        **HTMX,
    ).content.decode()
    assert 'id="element-8"' in card and "Relationskompetencer trænes i teamet." in card
    assert "Selvevalueringen er gemt." in card and 'id="element-1"' not in card
    assert SelfAssessment.objects.get().written_by == org.lead_a


def test_history_page_lists_every_level_with_the_evidence_then(client, org, world):
    services.set_level(world.act, 3, "opfyldt", org.analyst)
    services.set_level(world.act, 3, "delvist opfyldt", org.analyst, "Evalueringen er ikke aftalt endnu.")
    client.force_login(org.leadership)
    page = client.get(reverse("practice:history", args=[world.act.pk, 3])).content.decode()
    assert page.index("Evalueringen er ikke aftalt endnu.") < page.index("forslaget bekræftet")
    assert "Forsøg med 12 borgere" in page  # the evidence as it was


def test_matrix_page_and_exports(client, org, world):
    world.act.title = '=HYPERLINK("http://x")'
    world.act.save()
    services.set_level(world.act, 3, "opfyldt", org.analyst)
    client.force_login(org.leadership)
    page = client.get(reverse("practice:matrix", args=[world.plan.pk])).content.decode()
    assert "Relationelt samarbejde" in page and page.count('class="level-cell') == 22

    raw = client.get(reverse("practice:matrix-export", args=[world.plan.pk, "csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert rows[0][:4] == ["Spor", "Initiativ", "1. Teori og viden", "2. Virkning"] and len(rows[0]) == 13
    assert rows[1][1] == '\'=HYPERLINK("http://x")'  # never a formula
    assert rows[1][4] == "opfyldt" and rows[1][2] == "ikke vurderet (forslag)"

    response = client.get(reverse("practice:matrix-export", args=[world.plan.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Lovende praksis", "Lovende praksis, evidens"]
    sheet = book["Lovende praksis"]
    assert sheet["B2"].value == '=HYPERLINK("http://x")' and sheet["B2"].data_type == "s"
    assert sheet["E2"].value == "opfyldt" and sheet["E3"].value == "ikke opfyldt (forslag)"
    evidence = book["Lovende praksis, evidens"]
    assert evidence.max_row == 1 + 2 * 11
    assert client.get(reverse("practice:matrix-export", args=[world.plan.pk, "pdf"])).status_code == 404


def test_the_course_form_records_whether_a_goal_is_in_the_citizens_own_words(client, org, world):
    client.force_login(org.worker_a)
    response = client.post(
        reverse("courses:citizen-create"),
        {
            "initials": "AB",
            "initiative": world.act.pk,
            "unit": org.centre_a.pk,
            "start_date": "2026-01-05",
            "goal0_condition": ffb_condition("personlig"),
            "goal0_goal_type": "udvikle",
            "goal0_text": "Jeg vil kunne handle ind selv",
            "goal0_own_words": "on",
            "goal1_condition": ffb_condition("netvaerk"),
            "goal1_goal_type": "udvikle",
            "goal1_text": "Borgeren skal opbygge netværk",
            "goal2_goal_type": "udvikle",
        },
    )
    assert response.status_code == 302
    assert dict(Goal.objects.values_list("text", "in_citizens_words")) == {
        "Jeg vil kunne handle ind selv": True,
        "Borgeren skal opbygge netværk": False,
    }


def test_the_course_import_reads_whether_a_goal_is_in_the_citizens_own_words(world, org):
    from sporbar.courses.imports import ImportFailed, import_file

    header = "citizen_ref,initiative,unit,start_date,dimension,goal_type,goal_text,goal_in_citizens_words\n"
    good = header + (
        "Borger A,act,centre-a,2025-01-01,personlig,udvikle,Jeg vil sove bedre,ja\n"
        "Borger A,act,centre-a,2025-01-01,netvaerk,udvikle,Borgeren skal se sin bror,\n"
    )
    import_file(good.encode(), "forloeb.csv")
    assert dict(Goal.objects.values_list("text", "in_citizens_words")) == {
        "Jeg vil sove bedre": True,
        "Borgeren skal se sin bror": False,
    }
    bad = header + "Borger B,act,centre-a,2025-01-01,personlig,udvikle,Mål,måske\n"
    with pytest.raises(ImportFailed) as refused:
        import_file(bad.encode(), "forloeb.csv")
    assert refused.value.errors == [
        "forloeb.csv, linje 2, felt goal_in_citizens_words: 'måske' skal være ja eller nej."
    ]
    assert Goal.objects.count() == 2
