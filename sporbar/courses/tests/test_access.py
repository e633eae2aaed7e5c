"""Who may see which citizen: the access matrix through pages and API, and the access log."""

import pytest
from django.urls import reverse

from sporbar.accounts.models import AccessEntry
from sporbar.courses.tests.conftest import citizens_with_courses
from sporbar.ffb.models import Concept

pytestmark = pytest.mark.django_db


def job_condition():
    """The FFB condition "Varetage beskæftigelse" (dimension: læring og selvforsørgelse)."""
    return Concept.objects.get(code="685e8517-2f5c-4ef8-a7c4-fa2d008fdd9d").id


def person_urls(d):
    return [
        reverse("courses:citizen-detail", args=[d.citizen.id]),
        reverse("courses:course-detail", args=[d.course.id]),
        reverse("courses:goal-detail", args=[d.goal.id]),
        reverse("courses:assessment-detail", args=[d.assessment.id]),
        reverse("courses:assessment-create", args=[d.course.id]),
        reverse("courses:course-end", args=[d.course.id]),
        reverse("courses:goal-create", args=[d.course.id]),
    ]


def api_urls(d):
    return [
        f"/api/v1/citizens/{d.citizen.id}/",
        f"/api/v1/courses/{d.course.id}/",
        f"/api/v1/goals/{d.goal.id}/",
        f"/api/v1/assessments/{d.assessment.id}/",
    ]


def test_worker_of_another_unit_gets_404_on_pages(org, cdata, client_for):
    client = client_for(org.worker_b)
    for url in person_urls(cdata):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Jeg vil sove bedre" not in response.content
    assert client.post(reverse("courses:link-create", args=[cdata.course.id])).status_code == 404
    assert not AccessEntry.objects.exists()


def test_worker_of_another_unit_gets_404_in_api(org, cdata, api_for):
    api = api_for(org.worker_b)
    for url in api_urls(cdata):
        assert api.get(url).status_code == 404, url
    for path in ["citizens", "courses", "goals", "assessments", "self-reports", "employment-statuses"]:
        assert api.get(f"/api/v1/{path}/").json()["results"] == []
    response = api.post(
        "/api/v1/assessments/", {"goal": cdata.goal.id, "date": "2026-01-01", "level": 1, "status": "opfyldt"}
    )
    assert response.status_code == 400
    assert cdata.goal.assessments.count() == 1
    assert not AccessEntry.objects.exists()


def test_worker_of_own_unit_sees_the_plan_and_each_read_logs_one_row(org, cdata, client_for):
    client = client_for(org.worker_a)
    for url in person_urls(cdata):
        before = AccessEntry.objects.count()
        response = client.get(url, follow=False)
        assert response.status_code in (200, 302), url
        assert AccessEntry.objects.count() == before + 1, url
        entry = AccessEntry.objects.first()
        assert entry.citizen_id == cdata.citizen.id and entry.user == org.worker_a
    page = client.get(reverse("courses:citizen-detail", args=[cdata.citizen.id])).content.decode()
    assert "Jeg vil sove bedre" in page and "ACT-team" in page


def test_api_reads_by_own_worker_log_one_row(org, cdata, api_for):
    api = api_for(org.worker_a)
    for url in api_urls(cdata):
        before = AccessEntry.objects.count()
        assert api.get(url).status_code == 200, url
        assert AccessEntry.objects.count() == before + 1
        assert AccessEntry.objects.first().channel == "api"
    data = api.get("/api/v1/citizens/").json()["results"]
    assert [c["pseudonym"] for c in data] == [cdata.citizen.pseudonym]
    assert "cpr_hash" not in data[0] and "cpr" not in data[0]


def test_lead_sees_courses_of_own_initiative_but_cannot_edit_them(org, cdata, client_for):
    # lead_b owns nothing here; lead_a owns `act` and is in centre_a.
    assert client_for(org.lead_b).get(reverse("courses:citizen-detail", args=[cdata.citizen.id])).status_code == 404
    cdata.course.unit = org.centre_b
    cdata.course.save()
    client = client_for(org.lead_a)
    assert client.get(reverse("courses:citizen-detail", args=[cdata.citizen.id])).status_code == 200
    assert client.get(reverse("courses:assessment-create", args=[cdata.course.id])).status_code == 404


@pytest.mark.parametrize("who", ["leadership", "analyst", "admin"])
def test_leadership_analyst_and_admin_see_no_person(org, cdata, client_for, api_for, who):
    user = getattr(org, who)
    client = client_for(user)
    assert client.get(reverse("courses:citizen-list")).status_code == 403
    for url in person_urls(cdata):
        assert client.get(url).status_code in (403, 404), url
    home = client.get("/").content.decode()
    assert cdata.citizen.pseudonym not in home
    api = api_for(user)
    for path in ["citizens", "courses", "goals", "assessments", "self-reports", "employment-statuses"]:
        response = api.get(f"/api/v1/{path}/")
        assert response.status_code == 200 and response.json()["results"] == []
    for url in api_urls(cdata):
        assert api.get(url).status_code == 404
    assert api.post("/api/v1/citizens/", {"initials": "X"}).status_code == 403
    assert not AccessEntry.objects.exists()


def test_worker_creates_citizen_course_and_goals(org, cdata, client_for):
    client = client_for(org.worker_a)
    response = client.post(
        reverse("courses:citizen-create"),
        {
            "cpr": "",
            "initials": "CD",
            "birth_year": "1985",
            "initiative": cdata.act.id,
            "unit": org.centre_a.id,
            "start_date": "2026-02-01",
            "goal0_condition": job_condition(),
            "goal0_goal_type": "udvikle",
            "goal0_text": "Jeg vil have et job",
            "goal1_goal_type": "udvikle",
            "goal2_goal_type": "udvikle",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Jeg vil have et job" in page


def test_worker_cannot_create_course_in_another_unit(org, cdata, client_for):
    client = client_for(org.worker_a)
    response = client.post(
        reverse("courses:course-create", args=[cdata.citizen.id]),
        {
            "initiative": cdata.act.id,
            "unit": org.centre_b.id,
            "start_date": "2026-02-01",
            "goal0_condition": job_condition(),
            "goal0_goal_type": "udvikle",
            "goal0_text": "x",
            "goal1_goal_type": "udvikle",
            "goal2_goal_type": "udvikle",
        },
    )
    assert response.status_code == 200  # the unit is not a choice: form error
    assert cdata.citizen.courses.count() == 1


def test_assessment_form_records_all_goals_and_employment(org, cdata, client_for):
    course = cdata.course
    course.initiative = cdata.ips
    course.save()
    client = client_for(org.worker_a)
    page = client.get(reverse("courses:assessment-create", args=[course.id])).content.decode()
    assert 'type="radio"' in page and "fuldstændig nedsat funktionsevne" in page and "Timer pr. uge" in page
    data = {"date": "2026-03-01", "hours_per_week": "8", "occupation": "2"}
    for goal in cdata.goals:
        data[f"level_{goal.id}"] = "1"
        data[f"status_{goal.id}"] = "delvist"
    assert client.post(reverse("courses:assessment-create", args=[course.id]), data).status_code == 302
    assert course.assessments.filter(date="2026-03-01").count() == len(cdata.goals)
    assert course.employment_statuses.get().occupation == 2


def test_adding_a_goal(org, cdata, client_for):
    client = client_for(org.worker_a)
    url = reverse("courses:goal-create", args=[cdata.course.id])
    data = {"condition": job_condition(), "goal_type": "udvikle", "text": "Jeg vil i praktik"}
    assert client.post(url, data).status_code == 302
    goal = cdata.course.goals.get(text="Jeg vil i praktik")
    assert (goal.condition.display, goal.dimension) == ("Varetage beskæftigelse", "laering")
    assert client_for(org.worker_b).post(url, data).status_code == 404
    assert cdata.course.goals.count() == 3


def test_ending_a_course(org, cdata, client_for):
    client = client_for(org.worker_a)
    url = reverse("courses:course-end", args=[cdata.course.id])
    assert client.post(url, {"end_date": "2026-05-01", "end_reason": "maal_naaet"}).status_code == 302
    cdata.course.refresh_from_db()
    assert cdata.course.end_reason == "maal_naaet"


def test_api_write_is_audited_with_the_user(org, cdata, api_for):
    from sporbar.accounts.models import AuditEntry

    api = api_for(org.worker_a)
    response = api.post(
        "/api/v1/assessments/", {"goal": cdata.goal.id, "date": "2026-01-01", "level": 1, "status": "opfyldt"}
    )
    assert response.status_code == 201
    entry = AuditEntry.objects.filter(model__icontains="assessment", action="create").first()
    assert entry.user == org.worker_a


def test_front_page_panel_shows_due_assessments_to_worker(org, cdata, client_for):
    page = client_for(org.worker_a).get("/").content.decode()
    assert "Borgerforløb" in page and cdata.citizen.pseudonym in page


def test_citizen_list_pages_through_every_course_and_logs_only_the_page_shown(org, cdata, client_for):
    citizens_with_courses(org.service_a, cdata.act, 60, "Borger")
    client = client_for(org.worker_a)
    AccessEntry.objects.all().delete()
    first = client.get(reverse("courses:citizen-list")).content.decode()
    assert "61 forløb; her vises 1–50." in first and "Side 1 af 2" in first
    assert "Borger-000" in first and "Borger-059" not in first
    assert AccessEntry.objects.filter(what="borgerliste").count() == 50
    second = client.get(reverse("courses:citizen-list") + "?side=2").content.decode()
    assert "Borger-059" in second and "Borger-000" not in second and "her vises 51–61." in second


def test_citizen_list_search_finds_own_units_citizens_only(org, cdata, client_for):
    citizens_with_courses(org.service_a, cdata.act, 3, "Hanne")
    citizens_with_courses(org.centre_b, cdata.ips, 3, "Hanne-B")
    client = client_for(org.worker_a)
    page = client.get(reverse("courses:citizen-list") + "?q=hanne").content.decode()
    assert "3 forløb" in page and "Hanne-000" in page and "Hanne-B" not in page
    assert cdata.citizen.pseudonym not in page
    none = client.get(reverse("courses:citizen-list") + "?q=Hanne-B").content.decode()
    assert "Ingen forløb i dine enheder passer til søgningen" in none and "Hanne-B-000" not in none
    paged = client.get(reverse("courses:citizen-list") + "?q=hanne&vis=alle&side=99")
    assert paged.status_code == 200 and "Hanne-002" in paged.content.decode()
