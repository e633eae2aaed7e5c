"""The permission matrix: every role against every plan page and API endpoint that changes or reveals data.

A refused request answers 403 (anonymous: login redirect on pages, 401/403 in the API) and changes nothing.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sporbar.accounts.models import AuditEntry
from sporbar.plans.models import BudgetLine, Initiative, Plan, Spending, StatusUpdate, Theme, Track

ROLES = ["admin", "analyst", "leadership", "lead_a", "lead_b", "worker_a", "anonymous"]
EVERYONE = {"admin", "analyst", "leadership", "lead_a", "lead_b", "worker_a"}
EDITORS = {"admin", "analyst"}
OWNER = EDITORS | {"lead_a"}  # plan editors and the lead of the unit owning the ACT initiative


@dataclass
class Endpoint:
    name: str
    method: str
    url: Callable
    allowed: set
    ok: int
    data: Callable | None = None
    api: bool = False
    multipart: bool = False


def _status_form(d, o):
    return {"date": "2026-11-23", "status": "i_gang", "light": "gul", "narrative": "Ny status"}


def _spending_form(d, o):
    return {"date": "2026-11-23", "amount": "5.000", "note": "Kursus"}


def _initiative_form(d, o):
    act = d.act
    data = {
        "title": "ACT-team (ændret)",
        "track": act.track_id,
        "amount": "2500000",
        "status": act.status,
        "owner_unit": act.owner_unit_id,
        "period_start": 2021,
        "period_end": 2023,
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
    }
    return data


def _import_upload(d, o):
    from sporbar.plans.importing import export_plan

    upload = io.BytesIO(export_plan(d.plan, "csv"))
    upload.name = "testplan.csv"
    return {"file": upload}


def page(name, url, allowed, ok=200, method="GET", data=None, multipart=False):
    return Endpoint(name, method, url, allowed, ok, data, multipart=multipart)


def api(name, url, allowed, ok=200, method="GET", data=None):
    return Endpoint(name, method, url, allowed, ok, data, api=True)


ENDPOINTS = [
    page("plan-list", lambda d, o: reverse("plans:plan-list"), EVERYONE),
    page("plan-detail", lambda d, o: reverse("plans:plan-detail", args=[d.plan.pk]), EVERYONE),
    page("plan-export", lambda d, o: reverse("plans:plan-export", args=[d.plan.pk, "csv"]), EVERYONE),
    page("initiative-detail", lambda d, o: reverse("plans:initiative-detail", args=[d.act.pk]), EVERYONE),
    page("initiative-edit", lambda d, o: reverse("plans:initiative-edit", args=[d.act.pk]), EDITORS),
    page(
        "initiative-edit-post",
        lambda d, o: reverse("plans:initiative-edit", args=[d.act.pk]),
        EDITORS,
        302,
        "POST",
        _initiative_form,
    ),
    page(
        "status-update-post",
        lambda d, o: reverse("plans:status-update-create", args=[d.act.pk]),
        OWNER,
        302,
        "POST",
        _status_form,
    ),
    page(
        "spending-post",
        lambda d, o: reverse("plans:spending-create", args=[d.act.pk]),
        OWNER,
        302,
        "POST",
        _spending_form,
    ),
    page("plan-import", lambda d, o: reverse("plans:plan-import"), EDITORS),
    page("plan-structure", lambda d, o: reverse("plans:plan-structure", args=[d.plan.pk]), EDITORS),
    page(
        "plan-structure-post",
        lambda d, o: reverse("plans:plan-structure", args=[d.plan.pk]),
        EDITORS,
        302,
        "POST",
        lambda d, o: {
            "name": "Omdøbt",
            "themes-TOTAL_FORMS": "0",
            "themes-INITIAL_FORMS": "0",
            "tracks-TOTAL_FORMS": "0",
            "tracks-INITIAL_FORMS": "0",
        },
    ),
    page(
        "initiative-create-post",
        lambda d, o: reverse("plans:initiative-create", args=[d.plan.pk]),
        EDITORS,
        302,
        "POST",
        lambda d, o: {
            "key": "ny",
            "title": "Nyt",
            "track": d.track11.pk,
            "amount": "1000",
            "status": "planlagt",
            "owner_unit": o.centre_a.pk,
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
        },
    ),
    page("plan-import-post", lambda d, o: reverse("plans:plan-import"), EDITORS, 302, "POST", _import_upload, True),
    page("audit-log", lambda d, o: reverse("accounts:audit-log"), {"admin"}),
]
for resource in ["plans", "themes", "tracks", "initiatives", "budget-lines", "spendings", "status-updates"]:
    ENDPOINTS.append(api(f"api-{resource}-list", lambda d, o, r=resource: f"/api/v1/{r}/", EVERYONE))
ENDPOINTS += [
    api("api-initiative-detail", lambda d, o: f"/api/v1/initiatives/{d.act.pk}/", EVERYONE),
    api(
        "api-plan-create",
        lambda d, o: "/api/v1/plans/",
        EDITORS,
        201,
        "POST",
        lambda d, o: {"code": "ny", "name": "Ny"},
    ),
    api(
        "api-theme-create",
        lambda d, o: "/api/v1/themes/",
        EDITORS,
        201,
        "POST",
        lambda d, o: {"plan": d.plan.pk, "number": 9, "name": "Nyt tema"},
    ),
    api(
        "api-track-update",
        lambda d, o: f"/api/v1/tracks/{d.track11.pk}/",
        EDITORS,
        200,
        "PATCH",
        lambda d, o: {"name": "Nyt navn"},
    ),
    api(
        "api-initiative-update",
        lambda d, o: f"/api/v1/initiatives/{d.act.pk}/",
        EDITORS,
        200,
        "PATCH",
        lambda d, o: {"amount": 3000000},
    ),
    api(
        "api-budget-line-delete",
        lambda d, o: f"/api/v1/budget-lines/{d.act.budget_lines.first().pk}/",
        EDITORS,
        204,
        "DELETE",
    ),
    api(
        "api-budget-line-create",
        lambda d, o: "/api/v1/budget-lines/",
        EDITORS,
        201,
        "POST",
        lambda d, o: {"initiative": d.act.pk, "year": 2024, "amount": 100000},
    ),
    api(
        "api-spending-create",
        lambda d, o: "/api/v1/spendings/",
        OWNER,
        201,
        "POST",
        lambda d, o: {"initiative": d.act.pk, "date": "2026-11-23", "amount": 5000, "note": "Kursus"},
    ),
    api(
        "api-status-update-create",
        lambda d, o: "/api/v1/status-updates/",
        OWNER,
        201,
        "POST",
        lambda d, o: {
            "initiative": d.act.pk,
            "date": "2026-11-23",
            "status": "i_gang",
            "light": "roed",
            "narrative": "Forsinket",
        },
    ),
    api(
        "api-status-update-delete",
        lambda d, o: f"/api/v1/status-updates/{d.act.status_updates.get().pk}/",
        OWNER,
        204,
        "DELETE",
    ),
]


def state(d):
    """Everything a write could change."""
    act = Initiative.objects.get(pk=d.act.pk)
    counts = [m.objects.count() for m in (Plan, Theme, Track, Initiative, BudgetLine, Spending, StatusUpdate)]
    track = Track.objects.get(pk=d.track11.pk)
    plan = Plan.objects.get(pk=d.plan.pk)
    return counts + [plan.name, act.title, act.amount, act.status, track.name, AuditEntry.objects.count()]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, endpoint, org, plan_data, client, api_for):
    user = None if role == "anonymous" else getattr(org, role)
    url = endpoint.url(plan_data, org)
    data = endpoint.data(plan_data, org) if endpoint.data else None
    if endpoint.api:
        http = api_for(user) if user else APIClient()
        kwargs = {"format": "json"} if data is not None else {}
        call = getattr(http, endpoint.method.lower())
        before = state(plan_data)
        response = call(url, data, **kwargs) if data is not None else call(url)
    else:
        if user:
            client.force_login(user)
        before = state(plan_data)
        if endpoint.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data)

    if role == "anonymous":
        if endpoint.api:
            assert response.status_code in (401, 403)
        else:
            assert response.status_code == 302
            assert "/login/" in response["Location"]
        assert state(plan_data) == before
    elif role in endpoint.allowed:
        assert response.status_code == endpoint.ok, response.content[:500]
        if endpoint.method != "GET" and endpoint.name != "plan-import-post":
            assert state(plan_data) != before
    else:
        assert response.status_code == 403
        assert state(plan_data) == before
