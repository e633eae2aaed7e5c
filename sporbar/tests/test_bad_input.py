"""Bad input through the API and the pages gets a 4xx with a Danish message, never a 500, and leaves nothing."""

import datetime
import json

import pytest
from django.urls import reverse

from sporbar.courses import services
from sporbar.courses.models import Assessment, Citizen, Course, Goal
from sporbar.plans.models import Initiative, Plan, Theme, Track

pytestmark = pytest.mark.django_db

ID_22_DIGITS = "1" + "0" * 21


@pytest.fixture
def world(org):
    plan = Plan.objects.create(code="p", name="Planen")
    track = Track.objects.create(theme=Theme.objects.create(plan=plan, number=1, name="Tema"), number="1.1", name="S")
    initiative = Initiative.objects.create(track=track, key="act", title="ACT", amount=1000, owner_unit=org.centre_a)
    citizen, _ = services.find_or_create_citizen(cpr="0101901234")
    course = Course.objects.create(
        citizen=citizen, initiative=initiative, unit=org.centre_a, start_date=datetime.date(2025, 1, 1)
    )
    goal = Goal.objects.create(course=course, dimension="personlig", goal_type="udvikle", text="Mål")
    org.plan, org.initiative, org.course, org.goal = plan, initiative, course, goal
    return org


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deleting_a_plan_that_initiatives_use_is_a_409_naming_what_blocks_it(world, api_for):
    response = api_for(world.admin).delete(f"/api/v1/plans/{world.plan.pk}/")
    assert response.status_code == 409
    assert "Kan ikke slettes" in response.json()["detail"]
    assert Plan.objects.filter(pk=world.plan.pk).exists()


def test_a_cpr_another_citizen_has_is_refused_without_echoing_it(world, api_for):
    other = Citizen.objects.create(pseudonym="Borger ANDEN")
    Course.objects.create(citizen=other, initiative=world.initiative, unit=world.centre_a, start_date="2025-01-01")
    response = api_for(world.worker_a).patch(f"/api/v1/citizens/{other.pk}/", {"cpr": "010190-1234"}, format="json")
    assert response.status_code == 409
    body = response.content.decode()
    assert "0101901234" not in body and "010190" not in body and "CPR" in body
    assert Citizen.objects.get(pk=other.pk).person_id is None


@pytest.mark.parametrize("depth", [33, 5000])
def test_json_nested_too_deep_is_a_400_on_every_write_endpoint(world, api_for, depth):
    for user, path in [
        (world.admin, "/api/v1/plans/"),
        (world.admin, "/api/v1/meetings/"),
        (world.worker_a, "/api/v1/assessments/"),
        (world.worker_a, "/api/v1/citizens/"),
    ]:
        response = api_for(user).post(path, nested(depth), content_type="application/json")
        assert response.status_code == 400, path
        assert "indlejret" in response.json()["detail"]


def test_json_of_ordinary_depth_is_still_read(world, api_for):
    body = json.dumps({"goal": world.goal.pk, "date": "2025-03-01", "level": 2, "status": "delvist"})
    response = api_for(world.worker_a).post("/api/v1/assessments/", body, content_type="application/json")
    assert response.status_code == 201


def test_an_id_of_22_digits_is_a_404_in_the_api_and_on_pages(world, api_for, client_for):
    for path in ["plans", "initiatives", "courses", "assessments", "meetings"]:
        assert api_for(world.admin).get(f"/api/v1/{path}/{ID_22_DIGITS}/").status_code == 404
    assert api_for(world.admin).get(f"/api/v1/plans/?offset={ID_22_DIGITS}").status_code in (200, 400)
    client = client_for(world.worker_a)
    assert client.get(f"/forloeb/{ID_22_DIGITS}/").status_code == 404
    assert client.get(f"/vurderinger/{ID_22_DIGITS}/").status_code == 404


def test_references_of_22_digits_in_a_body_are_a_400(world, api_for):
    body = {"goal": int(ID_22_DIGITS), "date": "2025-03-01", "level": 2, "status": "delvist"}
    response = api_for(world.worker_a).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("text", ["x" * 301, "med\x00nul"])
def test_over_long_or_nul_text_is_a_400(world, api_for, text):
    response = api_for(world.admin).patch(f"/api/v1/initiatives/{world.initiative.pk}/", {"title": text}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    assert Initiative.objects.get().title == "ACT"


@pytest.mark.parametrize("date", ["9999-12-31", "1850-01-01"])
def test_implausible_dates_are_refused(world, api_for, client_for, date):
    body = {"goal": world.goal.pk, "date": date, "level": 2, "status": "delvist"}
    response = api_for(world.worker_a).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 400 and "date" in response.json()
    danish = datetime.date.fromisoformat(date).strftime("%d-%m-%Y")
    page = client_for(world.worker_a).post(
        reverse("courses:assessment-create", args=[world.course.pk]),
        {"date": danish, f"level_{world.goal.pk}": "2", f"status_{world.goal.pk}": "delvist"},
    )
    assert page.status_code == 200 and "1900" in page.content.decode()
    assert Assessment.objects.count() == 0


def test_negative_amounts_are_refused(world, api_for):
    api = api_for(world.admin)
    response = api.patch(f"/api/v1/initiatives/{world.initiative.pk}/", {"amount": -5}, format="json")
    assert response.status_code == 400 and "amount" in response.json()
    response = api.post(
        "/api/v1/budget-lines/", {"initiative": world.initiative.pk, "year": 2025, "amount": -1}, format="json"
    )
    assert response.status_code == 400
    response = api.post(
        "/api/v1/spendings/",
        {"initiative": world.initiative.pk, "date": "2025-01-01", "amount": -1},
        format="json",
    )
    assert response.status_code == 400


def test_a_body_above_the_limit_is_a_413_before_it_is_read(world, api_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_for(world.admin).post("/api/v1/plans/", "[" + "1," * 1000 + "1]", content_type="application/json")
    assert response.status_code == 413 and "for stor" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/borgere/?q=a%00b", "/borgere/?vis=alle&q%00=x", "/revision/?model=%00", "/api/v1/initiatives/?plan=1%00"]
)
def test_a_nul_character_in_the_query_is_a_400_with_a_danish_message(world, client_for, api_for, url):
    client = api_for(world.worker_a) if url.startswith("/api/") else client_for(world.worker_a)
    response = client.get(url)
    assert response.status_code == 400 and "NUL-tegn" in response.content.decode()


def test_the_course_search_takes_any_other_text(world, client_for):
    client = client_for(world.worker_a)
    for text in ["x" * 5000, "'; DROP TABLE courses_citizen; --", "%_\\", "<script>alert(1)</script>"]:
        response = client.get(reverse("courses:citizen-list"), {"q": text})
        assert response.status_code == 200 and "<script>alert" not in response.content.decode()
    assert Citizen.objects.exists()


def test_a_server_error_on_a_write_leaves_nothing_stored(world, client_for, monkeypatch):
    """A write that fails half-way (here: the audit log cannot be written) is rolled back whole."""
    from sporbar.accounts.models import AuditEntry

    client = client_for(world.worker_a)
    client.raise_request_exception = False
    original = AuditEntry.objects.create

    def fail_on_assessment(**kwargs):
        if kwargs.get("model") == "courses.EmploymentStatus":
            raise RuntimeError("disk full")
        return original(**kwargs)

    world.initiative.is_employment = True
    world.initiative.save()
    monkeypatch.setattr(AuditEntry.objects, "create", fail_on_assessment)
    response = client.post(
        reverse("courses:assessment-create", args=[world.course.pk]),
        {
            "date": "01-03-2025",
            f"level_{world.goal.pk}": "2",
            f"status_{world.goal.pk}": "delvist",
            "hours_per_week": "5",
            "occupation": "1",
        },
    )
    assert response.status_code == 500
    assert Assessment.objects.count() == 0


# --- retries do not write twice ----------------------------------------------------------------


def test_a_retried_api_write_with_an_idempotency_key_gets_the_same_answer_and_writes_once(world, api_for):
    api = api_for(world.worker_a)
    body = {"goal": world.goal.pk, "date": "2025-03-01", "level": 2, "status": "delvist"}
    first = api.post("/api/v1/assessments/", body, format="json", HTTP_IDEMPOTENCY_KEY="vurdering-42")
    again = api.post("/api/v1/assessments/", body, format="json", HTTP_IDEMPOTENCY_KEY="vurdering-42")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Assessment.objects.count() == 1
    elsewhere = api.post("/api/v1/goals/", {}, format="json", HTTP_IDEMPOTENCY_KEY="vurdering-42")
    assert elsewhere.status_code == 409 and "anden forespørgsel" in elsewhere.json()["detail"]


def test_a_resubmitted_assessment_form_updates_instead_of_duplicating(world, client_for):
    client = client_for(world.worker_a)
    url = reverse("courses:assessment-create", args=[world.course.pk])
    form = {"date": "01-03-2025", f"level_{world.goal.pk}": "3", f"status_{world.goal.pk}": "ikke"}
    assert client.post(url, form).status_code == 302
    form[f"level_{world.goal.pk}"] = "2"
    assert client.post(url, form).status_code == 302
    assert list(Assessment.objects.values_list("level", flat=True)) == [2]
