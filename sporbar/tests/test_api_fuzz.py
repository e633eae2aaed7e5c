"""Schemathesis against the checked-in OpenAPI schema: every operation, as an administrator and as a
worker, with valid and invalid data. No answer may be a server error, and every answer must match
the schema (status code, content type, body). Examples are bounded to keep the suite fast."""

import datetime
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sporbar.courses.models import Assessment, Citizen, Course, Goal
from sporbar.plans.models import Initiative, Plan, Theme, Track

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
# Random valid and invalid data (Hypothesis). Schemathesis' coverage phase (every boundary of every field)
# would take over ten minutes for 113 operations; the boundaries that matter have their own tests in
# test_bad_input.py.
SCHEMA = schemathesis.openapi.from_path(SCHEMA_FILE)
SCHEMA.config.phases.coverage.enabled = False
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 3


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler in the test's transaction (as the test client does it, the handler must
    not close the connection at the end of each request)."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(org):
    """Something for ids to find: a plan with an initiative, and a course with a goal and an assessment."""
    plan = Plan.objects.create(code="p", name="Planen")
    track = Track.objects.create(theme=Theme.objects.create(plan=plan, number=1, name="Tema"), number="1.1", name="S")
    initiative = Initiative.objects.create(track=track, key="act", title="ACT", amount=1000, owner_unit=org.centre_a)
    citizen = Citizen.objects.create(pseudonym="Borger AAAAA")
    course = Course.objects.create(
        citizen=citizen, initiative=initiative, unit=org.centre_a, start_date=datetime.date(2025, 1, 1)
    )
    goal = Goal.objects.create(course=course, dimension="personlig", goal_type="udvikle", text="Mål")
    Assessment.objects.create(course=course, goal=goal, date=datetime.date(2025, 2, 1), level=2, status="delvist")
    return org


def _token(user):
    from knox.models import AuthToken

    return AuthToken.objects.create(user=user)[1]


def _run(case, wsgi_app, user):
    case.call_and_validate(headers={"Authorization": f"Token {_token(user)}"}, checks=CHECKS, app=wsgi_app)


FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.django_db
@SCHEMA.parametrize()
@FUZZ
def test_api_as_administrator(case, wsgi_app, world):
    _run(case, wsgi_app, world.admin)


@pytest.mark.django_db
@SCHEMA.parametrize()
@FUZZ
def test_api_as_worker(case, wsgi_app, world):
    _run(case, wsgi_app, world.worker_a)
