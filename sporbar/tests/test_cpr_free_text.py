"""CPR numbers typed into free text are masked on save, whatever the path, and the user is told;
dates, amounts, phone and account numbers are left alone."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ffb_condition
from sporbar.courses import services
from sporbar.courses.models import Goal, SelfReport
from sporbar.courses.tests.conftest import cdata  # noqa: F401 (fixture)
from sporbar.cpr import MASK, find_cprs, mask_cprs

MASKED = [
    "borgeren 010190-1234 har",
    "cpr 0101901234.",
    "010190 1234",
    "født 290200-4123 (skudår)",
    "311299-4321",
    "(3112991234)",
]
LEFT_ALONE = [
    "mødet 22-11-2026 kl. 10",
    "budget 1.500.000 kr.",
    "2500000000 kr. i alt",
    "ring på 12345678",
    "konto 1234 0101901234",
    "290201-1234",  # 29 February 1901 did not exist
    "010130-4123",  # would be born in 2030
    "ref. 01019012345",  # eleven digits
    "2023-2024",
]


@pytest.mark.parametrize("text", MASKED)
def test_cpr_numbers_are_found(text):
    masked, count = mask_cprs(text)
    assert count == 1 and MASK in masked and not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_dates_amounts_and_other_numbers_are_left_alone(text):
    assert mask_cprs(text) == (text, 0)


@settings(max_examples=60, deadline=None)
@given(
    born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2024, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    separator=st.sampled_from(["", "-", " "]),
    before=st.sampled_from(["", "cpr ", "Borger (", "nr.: "]),
    after=st.sampled_from(["", ".", " har ringet", ")"]),
)
def test_every_real_cpr_number_in_a_sentence_is_masked(born, serial, separator, before, after):
    first = 0 if born.year < 2000 else 4  # a serial digit that gives the right century
    number = f"{born:%d%m%y}{separator}{first}{serial:03d}"
    masked, count = mask_cprs(f"{before}{number}{after}")
    assert count == 1 and number not in masked and masked == f"{before}{MASK}{after}"


def test_find_reports_nothing_in_empty_text():
    assert find_cprs("") == [] and find_cprs(None) == []


pytestmark = pytest.mark.django_db


def test_goal_form_masks_a_cpr_and_says_so_in_danish(org, cdata, client_for):  # noqa: F811
    client = client_for(org.worker_a)
    url = reverse("courses:goal-create", args=[cdata.course.id])
    data = {"condition": ffb_condition("laering"), "goal_type": "udvikle", "text": "Ring til 010190-1234s mor"}
    response = client.post(url, data, follow=True)
    goal = Goal.objects.get(course=cdata.course, dimension="laering")
    assert goal.text == f"Ring til {MASK}s mor"
    page = response.content.decode()
    assert "Et CPR-nummer i »målet med borgerens ord« er skjult" in page and "010190-1234" not in page


def test_api_and_self_report_mask_too(org, cdata, api_for):  # noqa: F811
    response = api_for(org.worker_a).patch(f"/api/v1/goals/{cdata.goal.id}/", {"text": "Mål for 0101901234"})
    assert response.json()["text"] == f"Mål for {MASK}"
    _link, token = services.create_link(cdata.course)
    services.submit_self_report(token, ratings={g.id: 5 for g in cdata.goals}, comment="Mit cpr er 010190 1234")
    assert SelfReport.objects.get().comment == f"Mit cpr er {MASK}"


def test_the_citizen_is_told_when_a_cpr_is_removed_from_the_comment(cdata, client):  # noqa: F811
    _link, token = services.create_link(cdata.course)
    data = {f"rating_{g.id}": "7" for g in cdata.goals}
    data["comment"] = "Ring på 010190-1234"
    page = client.post(reverse("courses:self-report", args=[token]), data).content.decode()
    assert "Et CPR-nummer i din kommentar er fjernet" in page and "010190-1234" not in page
    assert SelfReport.objects.get().comment == f"Ring på {MASK}"


def test_import_masks_says_where_and_stays_idempotent(org, cdata, tmp_path):  # noqa: F811
    path = tmp_path / "forloeb.csv"
    path.write_text(
        "citizen_ref,initiative,unit,start_date,dimension,goal_type,goal_text\n"
        "Borger CPR,act,centre-a,2026-01-01,personlig,udvikle,Hjælp 010190-1234 med post\n"
    )
    out = StringIO()
    call_command("import_courses", str(path), stdout=out)
    assert "forloeb.csv, linje 2, felt goal_text: et CPR-nummer er skjult" in out.getvalue()
    assert "010190-1234" not in out.getvalue()
    call_command("import_courses", str(path), stdout=StringIO())
    assert list(Goal.objects.filter(text__contains="med post").values_list("text", flat=True)) == [
        f"Hjælp {MASK} med post"
    ]


def test_narratives_and_documents_are_masked_on_save(org, cdata):  # noqa: F811
    from sporbar.documents.models import Document
    from sporbar.plans.models import StatusUpdate

    update = StatusUpdate.objects.create(
        initiative=cdata.act,
        date=datetime.date(2026, 3, 1),
        status="i_gang",
        light=StatusUpdate.Light.GREEN,
        narrative="Borger 010190-1234 er startet",
    )
    assert StatusUpdate.objects.get(pk=update.pk).narrative == f"Borger {MASK} er startet"
    document = Document.objects.create(title="Svar", filename="svar.txt", sha256="0" * 64, text="cpr 0101901234")
    assert Document.objects.get(pk=document.pk).text == f"cpr {MASK}"
