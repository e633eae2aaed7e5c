"""The CPR number never appears in a page, API response, export, log or error message."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from sporbar.accounts.models import AccessEntry, AuditEntry
from sporbar.courses import services
from sporbar.courses.models import Citizen
from sporbar.ffb.models import Concept

from .conftest import CPR

pytestmark = pytest.mark.django_db
FORMS = [CPR, f"{CPR[:6]}-{CPR[6:]}"]


def job_condition():
    """The FFB condition "Varetage beskæftigelse" (dimension: læring og selvforsørgelse)."""
    return Concept.objects.get(code="685e8517-2f5c-4ef8-a7c4-fa2d008fdd9d").id


def assert_no_cpr(text):
    for form in FORMS:
        assert form not in text


def test_cpr_is_only_stored_as_keyed_hash(cdata):
    citizen = Citizen.objects.select_related("person").get(pk=cdata.citizen.pk)
    assert citizen.person.cpr_hash == services.cpr_hash(CPR) and len(citizen.person.cpr_hash) == 64
    assert services.find_or_create_citizen(cpr=f"{CPR[:6]}-{CPR[6:]}", unit=citizen.unit) == (citizen, False)


def test_cpr_never_shown_anywhere(org, cdata, client_for, api_for, tmp_path, capsys):
    client = client_for(org.worker_a)
    # Create a second citizen with a CPR through the page and one through the API.
    other_cpr = "0202851234"
    FORMS.extend([other_cpr, "020285-1234"])
    client.post(
        reverse("courses:citizen-create"),
        {
            "cpr": "020285-1234",
            "initials": "XY",
            "initiative": cdata.act.id,
            "unit": org.centre_a.id,
            "start_date": "2026-01-01",
            "goal0_condition": job_condition(),
            "goal0_goal_type": "udvikle",
            "goal0_text": "Job",
            "goal1_goal_type": "udvikle",
            "goal2_goal_type": "udvikle",
        },
    )
    api = api_for(org.worker_a)
    created = api.post("/api/v1/citizens/", {"cpr": "0303801234", "initials": "ZZ"})
    FORMS.extend(["0303801234"])
    assert created.status_code == 201
    texts = [created.content.decode()]
    # An invalid CPR: the error message names the field, never the value.
    bad = api.post("/api/v1/citizens/", {"cpr": "12345-67890x"})
    assert bad.status_code == 400
    assert "12345-67890x" not in bad.content.decode()
    form_error = client.post(reverse("courses:citizen-create"), {"cpr": "010190123"}).content.decode()
    assert "010190123" not in form_error.replace('value="010190123"', "BUG")  # the field is not re-rendered
    texts.append(form_error)
    for url in [
        reverse("courses:citizen-list") + "?vis=alle",
        reverse("courses:citizen-detail", args=[cdata.citizen.id]),
        reverse("courses:assessment-create", args=[cdata.course.id]),
        reverse("courses:course-create", args=[cdata.citizen.id]),
        "/",
    ]:
        texts.append(client.get(url).content.decode())
    for path in ["citizens", "courses", "goals", "assessments", "self-reports"]:
        texts.append(api.get(f"/api/v1/{path}/").content.decode())
    texts.append(api.get(f"/api/v1/citizens/{cdata.citizen.id}/").content.decode())
    # Import with a bad CPR: the error names line and field, not the value.
    bad_file = tmp_path / "forloeb.csv"
    bad_file.write_text(
        "cpr,initiative,unit,start_date,dimension,goal_type,goal_text\n01019-0123x,act,centre-a,2026-01-01,laering,udvikle,Job\n"
    )
    with pytest.raises(Exception) as exc:
        call_command("import_courses", str(bad_file))
    texts.append(str(exc.value))
    # Logs and exports.
    texts.append(repr(list(AuditEntry.objects.values())))
    texts.append(repr(list(AccessEntry.objects.values())))
    call_command("dumpdata", "courses", stdout=(out := __import__("io").StringIO()))
    texts.append(out.getvalue())
    texts.append(capsys.readouterr().out)
    for text in texts:
        assert_no_cpr(text)
    assert Citizen.objects.filter(person__cpr_hash=services.cpr_hash(other_cpr)).exists()
