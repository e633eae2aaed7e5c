"""Who may push reports, who sees the imported citizens, what cannot be changed, and the mapping page."""

import json

import pytest
from django.urls import reverse

from sporbar.courses.models import Assessment, Course, Goal
from sporbar.effects import summary
from sporbar.effects.models import FigureCount
from sporbar.ffb.models import Concept, Delivery, DimensionMapping

from .conftest import EXAMPLES, example, resource
from .test_import import later_assessment, run

pytestmark = pytest.mark.django_db
URL = "/api/v1/ffb/bundles/"
SAMSPIL = "3f9da5ac-9686-4eeb-b517-b46e17fcb1d7"  # Indgå i samspil og kontakt


def test_a_case_system_pushes_a_report_and_gets_its_problems(ffb, api_for):
    api = api_for(ffb.system)
    response = api.post(URL, example("2nd"), format="json")
    assert response.status_code == 201
    assert response.json() == {"bundles": 1, "imported": 1, "rejected": 0, "problems": []}
    bad = example("2nd")
    resource(bad, "57dc36db-56ce-4a4a-95e8-2d2c8a85871a").pop("recordedDate")
    response = api.post(URL, bad, format="json")
    assert response.status_code == 422
    assert response.json()["problems"][0]["resource"] == "Condition/57dc36db-56ce-4a4a-95e8-2d2c8a85871a"


def test_a_body_that_is_no_bundle_gets_a_clear_problem(ffb, api_for):
    response = api_for(ffb.system).post(URL, [1, 2], format="json")
    assert response.status_code == 422
    assert "ikke en FHIR Bundle" in response.json()["problems"][0]["message"]


def test_fhir_json_is_accepted(ffb, api_for):
    response = api_for(ffb.system).post(URL, json.dumps(example("2nd")), content_type="application/fhir+json")
    assert response.status_code == 201


@pytest.mark.parametrize("who", ["admin", "analyst", "leadership", "lead_a", "worker_a"])
def test_only_case_systems_may_push(ffb, api_for, who):
    response = api_for(getattr(ffb, who)).post(URL, example("2nd"), format="json")
    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_a_case_system_may_only_report_for_municipalities_in_its_units(ffb, api_for):
    ffb.system.units.set([ffb.centre_b])
    response = api_for(ffb.system).post(URL, example("2nd"), format="json")
    assert response.status_code == 422
    assert "Du må ikke indberette for denne kommune" in response.json()["problems"][0]["message"]


def test_a_case_system_reads_nothing(ffb, api_for, client_for):
    run(EXAMPLES)
    api = api_for(ffb.system)
    for url in ("/api/v1/citizens/", "/api/v1/assessments/", "/api/v1/plans/", "/api/v1/search?q=act"):
        assert api.get(url).status_code == 403, url
    assert api.get("/api/v1/keyfigures/", {"plan": ffb.act.track.theme.plan_id}).status_code == 403
    assert client_for(ffb.system).get(reverse("courses:citizen-list")).status_code == 403


def test_imported_citizens_are_seen_by_the_units_that_run_their_courses(ffb, client_for):
    run(EXAMPLES)
    citizen_id = Course.objects.first().citizen_id
    detail = reverse("courses:citizen-detail", args=[citizen_id])
    page = client_for(ffb.worker_a).get(detail)  # service_a runs the botilbud course (in centre_a)
    assert page.status_code == 200
    assert "FFB-indberetning fra fagsystem" in page.content.decode()
    assert client_for(ffb.worker_b).get(detail).status_code == 200  # centre_b runs the dagtilbud
    for who in (ffb.admin, ffb.analyst, ffb.leadership):
        assert client_for(who).get(detail).status_code == 404


def test_what_came_from_the_case_system_cannot_be_changed_in_sporbar(ffb, api_for, client_for):
    run(EXAMPLES)
    api = api_for(ffb.worker_a)
    assessment = Assessment.objects.filter(course__unit=ffb.service_a).first()
    response = api.patch(f"/api/v1/assessments/{assessment.id}/", {"level": 0}, format="json")
    assert response.status_code == 403
    goal = assessment.goal
    assert api.patch(f"/api/v1/goals/{goal.id}/", {"text": "x"}, format="json").status_code == 403
    response = api.post(
        "/api/v1/assessments/", {"goal": goal.id, "date": "2026-01-01", "level": 0, "status": "opfyldt"}, format="json"
    )
    assert response.status_code == 403
    course = assessment.course
    assert api.patch(f"/api/v1/courses/{course.id}/", {"end_reason": "andet"}, format="json").status_code == 403
    client = client_for(ffb.worker_a)
    assert client.get(reverse("courses:course-end", args=[course.id])).status_code == 403
    form = client.get(reverse("courses:assessment-create", args=[course.id])).content.decode()
    assert f"level_{goal.id}" not in form
    assessment.refresh_from_db()
    assert assessment.level == 2


def test_the_administrator_moves_a_condition_to_another_dimension_and_the_figures_follow(
    ffb, client_for, write_bundles
):
    run(EXAMPLES)
    run(write_bundles({"later.json": later_assessment()}))
    condition = Concept.objects.get(code=SAMSPIL)
    assert set(Goal.objects.filter(condition=condition).values_list("dimension", flat=True)) == {"netvaerk"}
    client = client_for(ffb.admin)
    page = client.get(reverse("ffb:overview"))
    assert page.status_code == 200 and "Indgå i samspil og kontakt" in page.content.decode()
    response = client.post(reverse("ffb:set-dimension", args=[condition.id]), {"dimension": "laering"}, follow=True)
    moved = Goal.objects.filter(condition=condition).count()
    assert f"{moved} mål er flyttet" in response.content.decode() and moved == 6
    assert DimensionMapping.objects.get(condition=condition).dimension == "laering"
    assert set(Goal.objects.filter(condition=condition).values_list("dimension", flat=True)) == {"laering"}
    assert FigureCount.objects.filter(dimension="laering").exists()
    kept = sorted(FigureCount.objects.values_list("figure", "initiative_id", "dimension", "period_key", "ok", "n"))
    summary.rebuild()
    assert (
        sorted(FigureCount.objects.values_list("figure", "initiative_id", "dimension", "period_key", "ok", "n")) == kept
    )


@pytest.mark.parametrize("who", ["analyst", "leadership", "lead_a", "worker_a"])
def test_only_the_administrator_sees_and_changes_the_mapping(ffb, client_for, who):
    client = client_for(getattr(ffb, who))
    condition = Concept.objects.get(code=SAMSPIL)
    assert client.get(reverse("ffb:overview")).status_code == 403
    assert client.post(reverse("ffb:set-dimension", args=[condition.id]), {"dimension": "laering"}).status_code == 403
    assert DimensionMapping.objects.get(condition=condition).dimension == "netvaerk"


def test_a_goal_on_the_course_page_is_coded_with_an_ffb_condition(ffb, client_for):
    from sporbar.courses.models import Citizen

    condition = Concept.objects.get(code=SAMSPIL)
    response = client_for(ffb.worker_a).post(
        reverse("courses:citizen-create"),
        {
            "initiative": ffb.act.id,
            "unit": ffb.service_a.id,
            "start_date": "01-02-2026",
            "goal0_condition": condition.id,
            "goal0_goal_type": "udvikle",
            "goal0_text": "Jeg vil tale med naboerne",
            "goal1_goal_type": "udvikle",
            "goal2_goal_type": "udvikle",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(course__citizen=Citizen.objects.get())
    assert (goal.condition, goal.dimension) == (condition, "netvaerk")
