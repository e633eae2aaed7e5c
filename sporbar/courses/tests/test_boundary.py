"""The unit boundary, attacked from the other side: as a worker of centre B (like medarbejder-ips),
every path to centre A's citizen (like an ACT citizen) — API, form, import, self-report links,
search, exports, change log, access log — gives nothing of what centre A registered, changes none
of it, and answers "not yours" exactly as it answers "does not exist"."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sporbar.accounts.models import AccessEntry, AuditEntry
from sporbar.courses import services
from sporbar.courses.models import Citizen, Consent, Course, Goal

from .conftest import CPR

pytestmark = pytest.mark.django_db
OTHER_CPR = "0303803333"
MISSING = 987654


def act_record_unchanged(cdata):
    citizen = Citizen.objects.get(pk=cdata.citizen.pk)
    assert (citizen.pseudonym, citizen.initials, citizen.birth_year) == (cdata.citizen.pseudonym, "AB", 1990)
    assert citizen.person.cpr_hash == services.cpr_hash(CPR)
    assert list(citizen.courses.values_list("id", flat=True)) == [cdata.course.id]


def secrets_of_act(cdata):
    return [cdata.citizen.pseudonym, "Jeg vil sove bedre", "Jeg vil se min søster", "ACT-team"]


def assert_none_of(text, cdata):
    for secret in secrets_of_act(cdata):
        assert secret not in text, secret


def test_api_citizen_with_a_cpr_known_elsewhere_answers_as_for_a_new_person(org, cdata, api_for):
    api = api_for(org.worker_b)
    known = api.post("/api/v1/citizens/", {"cpr": CPR, "initials": "XY"})
    unknown = api.post("/api/v1/citizens/", {"cpr": OTHER_CPR, "initials": "XY"})
    assert known.status_code == unknown.status_code == 201
    body, fresh = known.json(), unknown.json()
    assert body.keys() == fresh.keys()
    assert body["id"] != cdata.citizen.id and body["pseudonym"] != cdata.citizen.pseudonym
    assert (body["initials"], body["birth_year"], body["unit"]) == ("XY", None, "centre-b")
    assert_none_of(known.content.decode(), cdata)
    act_record_unchanged(cdata)
    # One person, two records: linked, and the link is in both records' access log.
    linked = Citizen.objects.get(pk=body["id"])
    assert linked.person_id == cdata.citizen.person_id
    assert AccessEntry.objects.filter(citizen_id=linked.id, user=org.worker_b, what__contains="sammenkædet").exists()
    assert AccessEntry.objects.filter(citizen_id=cdata.citizen.id, what__contains="samme person").exists()
    # Registering the same CPR again finds the unit's own record, not a third one.
    again = api.post("/api/v1/citizens/", {"cpr": f"{CPR[:6]}-{CPR[6:]}"})
    assert again.json()["id"] == body["id"]


def test_api_cpr_update_links_without_touching_the_other_record(org, cdata, api_for):
    api = api_for(org.worker_b)
    own = api.post("/api/v1/citizens/", {"initials": "QQ"}).json()
    response = api.patch(f"/api/v1/citizens/{own['id']}/", {"cpr": CPR, "initials": "QR"}, format="json")
    assert response.status_code == 200
    assert_none_of(response.content.decode(), cdata)
    act_record_unchanged(cdata)
    assert api.patch(f"/api/v1/citizens/{cdata.citizen.id}/", {"initials": "ZZ"}).status_code == 404


def test_course_form_with_a_cpr_known_elsewhere_creates_the_units_own_record(org, cdata, client_for):
    client = client_for(org.worker_b)
    data = {
        "cpr": CPR,
        "initials": "IP",
        "initiative": cdata.ips.id,
        "unit": org.centre_b.id,
        "start_date": "2026-02-01",
        "goal0_dimension": "laering",
        "goal0_goal_type": "udvikle",
        "goal0_text": "Job 10 timer",
        "goal1_goal_type": "udvikle",
        "goal2_goal_type": "udvikle",
    }
    response = client.post(reverse("courses:citizen-create"), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert_none_of(page, cdata)
    assert "IP" in page and "1990" not in page
    act_record_unchanged(cdata)
    ips_course = Course.objects.get(initiative=cdata.ips)
    assert ips_course.citizen_id != cdata.citizen.id
    assert ips_course.citizen.person_id == cdata.citizen.person_id


def test_import_naming_another_units_citizen_reaches_only_the_importers_own_record(org, cdata, tmp_path, client_for):
    rows = (
        "citizen_ref,cpr,initials,birth_year,initiative,unit,start_date,dimension,goal_type,goal_text\n"
        f"{cdata.citizen.pseudonym},,XX,2001,ips,centre-b,2026-01-01,laering,udvikle,Job\n"
        f"Borger Ny,{CPR},YY,,ips,centre-b,2026-01-01,laering,udvikle,Uddannelse\n"
        f"Borger Tre,{OTHER_CPR},,,ips,centre-b,2026-01-01,laering,udvikle,Praktik\n"
    )
    upload = tmp_path / "forloeb.csv"
    upload.write_text(rows)
    with upload.open("rb") as handle:
        page = client_for(org.worker_b).post(reverse("courses:import"), {"file": handle}).content.decode()
    assert "Importeret" in page
    assert "sove bedre" not in page and "søster" not in page
    act_record_unchanged(cdata)
    mine = Citizen.objects.filter(unit=org.centre_b)
    assert mine.count() == 3
    # The reference made a record of centre B's own with that name, not a way into centre A's.
    namesake = mine.get(pseudonym=cdata.citizen.pseudonym)
    assert (namesake.initials, namesake.birth_year, namesake.person_id) == ("XX", 2001, None)
    assert mine.get(pseudonym="Borger Ny").person_id == cdata.citizen.person_id
    # The command (no user) keeps to the row's unit in the same way.
    call_command("import_courses", str(upload), stdout=StringIO())
    act_record_unchanged(cdata)
    assert Citizen.objects.filter(unit=org.centre_b).count() == 3


def _same_answer(first, second):
    """The same status and page, but for numbers and the CSRF token (masked anew for every page)."""

    def normal(content):
        content = re.sub(rb'"X-CSRFToken": "[^"]*"', b"", content)
        content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)
        return re.sub(rb"\d+", b"N", content)

    assert first.status_code == second.status_code
    assert normal(first.content) == normal(second.content)


def test_not_yours_and_does_not_exist_give_the_same_answer_in_the_api(org, cdata, api_for):
    api = api_for(org.worker_b)

    def post(path, **data):
        return api.post(path, data, format="json")

    base = {"initiative": "ips", "unit": "centre-b", "start_date": "2026-01-01"}
    for path, field, theirs, extra in [
        ("/api/v1/courses/", "citizen", cdata.citizen.id, base),
        ("/api/v1/goals/", "course", cdata.course.id, {"dimension": "laering", "goal_type": "udvikle", "text": "x"}),
        ("/api/v1/assessments/", "goal", cdata.goal.id, {"date": "2026-01-01", "level": 1, "status": "opfyldt"}),
        (
            "/api/v1/employment-statuses/",
            "course",
            cdata.course.id,
            {"date": "2026-01-01", "hours_per_week": 2, "occupation": 1},
        ),
    ]:
        mine = post(path, **extra, **{field: theirs})
        missing = post(path, **extra, **{field: MISSING})
        assert mine.status_code == 400, path
        assert mine.json()[field][0].replace(str(theirs), "ID") == missing.json()[field][0].replace(str(MISSING), "ID")
    for path, theirs in [
        ("citizens", cdata.citizen.id),
        ("courses", cdata.course.id),
        ("goals", cdata.goal.id),
        ("assessments", cdata.assessment.id),
    ]:
        mine, missing = api.get(f"/api/v1/{path}/{theirs}/"), api.get(f"/api/v1/{path}/{MISSING}/")
        assert mine.status_code == missing.status_code == 404
        assert mine.json() == missing.json()
        assert api.patch(f"/api/v1/{path}/{theirs}/", {}, format="json").status_code == 404
    assert Goal.objects.filter(course=cdata.course).count() == 2
    act_record_unchanged(cdata)
    assert not AccessEntry.objects.filter(citizen_id=cdata.citizen.id).exists()


def test_not_yours_and_does_not_exist_give_the_same_page(org, cdata, client_for):
    client = client_for(org.worker_b)
    for name, theirs in [
        ("courses:citizen-detail", cdata.citizen.id),
        ("courses:course-create", cdata.citizen.id),
        ("courses:course-detail", cdata.course.id),
        ("courses:goal-detail", cdata.goal.id),
        ("courses:assessment-detail", cdata.assessment.id),
        ("courses:assessment-create", cdata.course.id),
        ("courses:goal-create", cdata.course.id),
        ("courses:course-end", cdata.course.id),
    ]:
        kwargs = {"citizen_pk": theirs} if name == "courses:course-create" else {"pk": theirs}
        missing_kwargs = {k: MISSING for k in kwargs}
        _same_answer(client.get(reverse(name, kwargs=kwargs)), client.get(reverse(name, kwargs=missing_kwargs)))
    for name, theirs in [("courses:link-create", cdata.course.id), ("courses:citizen-consent", cdata.citizen.id)]:
        _same_answer(client.post(reverse(name, args=[theirs])), client.post(reverse(name, args=[MISSING])))
    assert not cdata.course.self_report_links.exists()
    assert not AccessEntry.objects.filter(citizen_id=cdata.citizen.id).exists()


def test_search_exports_and_logs_hold_nothing_of_the_other_unit(org, cdata, client_for, api_for):
    client = client_for(org.worker_b)
    for query in [cdata.citizen.pseudonym, "sove bedre", "søster"]:
        page = client.get(reverse("documents:search"), {"q": query}).content.decode()
        assert "sove bedre" not in page.replace(f'value="{query}"', "")
    assert_none_of(client.get(reverse("courses:citizen-list") + "?vis=alle").content.decode(), cdata)
    out = StringIO()
    call_command("keyfigures", "--plan", str(cdata.plan.id), "--as", org.worker_b.username, stdout=out)
    assert_none_of(out.getvalue(), cdata)
    assert client.get(reverse("accounts:audit-log")).status_code == 403
    assert client.get(reverse("accounts:access-log")).status_code == 403
    assert api_for(org.worker_b).get("/api/v1/citizens/").json()["results"] == []


def test_the_change_log_holds_no_person_data_for_anyone(org, cdata, client_for, api_for):
    api_for(org.worker_a).patch(f"/api/v1/goals/{cdata.goal.id}/", {"text": "Jeg vil sove hele natten"})
    log = repr(list(AuditEntry.objects.values("object_repr", "before", "after")))
    for secret in [*secrets_of_act(cdata)[:3], "sove hele natten", "'AB'", "1990"]:
        assert secret not in log, secret
    entry = AuditEntry.objects.filter(model="courses.Goal", action="update").get()
    assert entry.before == {"text": "[skjult]"} and entry.after == {"text": "[skjult]"}
    page = client_for(org.admin).get(reverse("accounts:audit-log")).content.decode()
    assert "sove" not in page and cdata.citizen.pseudonym not in page
    assert "courses.Goal" in page or "mål" in page


def test_en_plan_across_units_only_with_recorded_and_audited_consent(org, cdata, client_for):
    worker_b = client_for(org.worker_b)
    ips_record, _ = services.register_citizen(unit=org.centre_b, cpr=CPR, user=org.worker_b)
    url = reverse("courses:citizen-detail", args=[ips_record.id])
    page = worker_b.get(url).content.decode()
    assert_none_of(page, cdata)
    # Consent recorded by centre B: audited, and from then on centre A's courses are shown, each read logged.
    assert (
        worker_b.post(reverse("courses:citizen-consent", args=[ips_record.id]), {"given_on": "01-03-2026"}).status_code
        == 302
    )
    consent = Consent.objects.get()
    assert consent.recorded_by == org.worker_b and consent.recorded_in == org.centre_b
    assert AuditEntry.objects.filter(model="courses.Consent", action="create", user=org.worker_b).exists()
    page = worker_b.get(url).content.decode()
    assert "ACT-team" in page and "Jeg vil sove bedre" in page
    assert cdata.citizen.pseudonym not in page and "1990" not in page
    assert AccessEntry.objects.filter(
        citizen_id=cdata.citizen.id, user=org.worker_b, what__startswith="Én plan"
    ).exists()
    # The shared courses are for reading: their pages stay closed to centre B.
    assert worker_b.get(reverse("courses:course-detail", args=[cdata.course.id])).status_code == 404
    # Withdrawn: hidden again, and the withdrawal is audited too.
    worker_b.post(reverse("courses:citizen-consent", args=[ips_record.id]), {"withdraw": "1"})
    assert "ACT-team" not in worker_b.get(url).content.decode()
    assert AuditEntry.objects.filter(model="courses.Consent", action="update").exists()


def test_every_read_of_person_data_is_in_the_access_log(org, cdata, client_for, client):
    _link, token = services.create_link(cdata.course)
    client.get(reverse("courses:self-report", args=[token]))
    assert AccessEntry.objects.filter(citizen_id=cdata.citizen.id, channel="link").exists()
    AccessEntry.objects.all().delete()
    client_for(org.worker_a).get("/")  # the front page lists courses waiting for an assessment
    assert AccessEntry.objects.filter(citizen_id=cdata.citizen.id, what__startswith="forsiden").exists()
