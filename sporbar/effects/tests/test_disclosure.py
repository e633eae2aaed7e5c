"""Disclosure control, the same in the service, the pages, the API, the CLI and the exports."""

import io
import json

import pytest
from django.core.management import call_command

from sporbar.courses.models import Citizen
from sporbar.effects import services
from sporbar.effects.models import Target
from sporbar.effects.tests.conftest import pick

pytestmark = pytest.mark.django_db

KEYS = {
    "figure",
    "dimension",
    "scope",
    "period",
    "count",
    "denominator",
    "share",
    "ci_low",
    "ci_high",
    "suppressed",
    "target",
    "verdict",
}


@pytest.fixture
def data(org, plan, build):
    """Track 1.1: children 10 courses (7 improve), young 3 courses (centre B), employment initiative 6 courses."""
    build.improving(plan.kids, org.centre_a, 7)
    build.worsening(plan.kids, org.centre_a, 3)
    build.improving(plan.young, org.centre_b, 3)
    build.improving(plan.job, org.centre_a, 6)
    Target.objects.create(
        figure="maal",
        dimension="personlig",
        scope_kind="target_group",
        target_category="boern",
        year=2025,
        share="0.75",
    )
    return plan


def test_primary_and_secondary_suppression_for_leadership(org, data):
    figures = services.keyfigures(data, org.leadership)
    kids = pick(figures, scope_id=data.kids.id)
    assert (kids["count"], kids["denominator"], kids["suppressed"]) == (7, 10, False)
    # the target group's target applies to the initiative; 7/10 → 39,7 %–89,2 % straddles 75 %
    assert kids["target"] == 0.75 and kids["verdict"] == services.UNDECIDED
    young = pick(figures, scope_id=data.young.id)
    assert young["suppressed"] and young["count"] is None and young["share"] is None and young["ci_low"] is None
    # secondary: the track total (19) is shown, so the next-smallest part (6 courses) is hidden too
    track = pick(figures, kind="track")
    assert (track["denominator"], track["suppressed"]) == (19, False)
    job = pick(figures, scope_id=data.job.id)
    assert job["suppressed"] and job["denominator"] is None
    # the same among the target groups under the plan, and the units under the area
    assert pick(figures, kind="target_group", scope_id="unge")["suppressed"]
    assert pick(figures, kind="target_group", scope_id="handicap")["suppressed"]
    assert not pick(figures, kind="target_group", scope_id="boern")["suppressed"]
    assert pick(figures, kind="unit", scope_id=org.centre_b.id)["suppressed"]
    assert pick(figures, kind="unit", scope_id=org.centre_a.id)["suppressed"]
    assert not pick(figures, kind="unit", scope_id=org.area.id)["suppressed"]


def test_inside_the_unit_small_numbers_are_shown(org, data):
    figures = services.keyfigures(data, org.lead_b)
    young = pick(figures, scope_id=data.young.id)
    assert (young["count"], young["denominator"], young["suppressed"]) == (3, 3, False)
    # centre A's lead sees its own initiatives but not centre B's small group
    figures = services.keyfigures(data, org.worker_a)
    assert pick(figures, scope_id=data.young.id)["suppressed"]
    assert pick(figures, scope_id=data.job.id)["denominator"] == 6
    # …and since both other parts are inside, the track total is hidden instead
    assert pick(figures, kind="track")["suppressed"]


def test_api_obeys_the_same_rule(org, data, api_for):
    response = api_for(org.leadership).get(f"/api/v1/keyfigures/?plan={data.id}&figure=maal&period=2025")
    assert response.status_code == 200
    figures = response.json()
    assert figures and all(set(f) >= KEYS and set(f["scope"]) >= {"kind", "id"} for f in figures)
    young = pick(figures, scope_id=data.young.id)
    assert young["suppressed"] is True and young["count"] is None and young["share"] is None
    assert pick(figures, scope_id=data.job.id)["suppressed"] is True
    only_tracks = api_for(org.leadership).get(f"/api/v1/keyfigures/?plan={data.id}&scope_kind=track").json()
    assert only_tracks and {f["scope"]["kind"] for f in only_tracks} == {"track"}
    assert api_for(org.leadership).get("/api/v1/keyfigures/?plan=999999").status_code == 404
    from rest_framework.test import APIClient

    assert APIClient().get(f"/api/v1/keyfigures/?plan={data.id}").status_code in (401, 403)


def test_cli_keyfigures(org, data):
    out = io.StringIO()
    call_command("keyfigures", "--plan", str(data.id), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert all(set(f) >= KEYS for f in figures)
    assert pick(figures, scope_id=data.young.id)["count"] is None
    assert pick(figures, scope_id=data.job.id)["suppressed"] is True
    out = io.StringIO()
    call_command("keyfigures", "--plan", str(data.id), "--json", "--as", "leder-b", stdout=out)
    assert pick(json.loads(out.getvalue()), scope_id=data.young.id)["count"] == 3


def test_dashboard_page_hides_small_groups_and_never_shows_a_person(org, data, client_for):
    client = client_for(org.leadership)
    response = client.get(f"/planer/{data.id}/effekt/?periode=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Børneindsatsen" in html and "7 af 10" in html and "70 %" in html
    assert "færre end 5" in html and "3 af 3" not in html and "6 af 6" not in html
    assert 'role="img"' in html and "<title" in html
    # reach: the children's 10 courses are shown, the young people's 3 are hidden
    assert "Rækkevidde og økonomi, 2025" in html and ">10<" in html
    for pseudonym in Citizen.objects.values_list("pseudonym", flat=True):
        assert pseudonym not in html
    response = client.get(f"/initiativer/{data.kids.id}/effekt/?periode=2025")
    html = response.content.decode()
    assert response.status_code == 200 and "7 af 10" in html and "kan ikke afgøres" in html
    assert "T-0" not in html
    # htmx filter returns just the dashboard fragment
    fragment = client.get(f"/planer/{data.id}/effekt/?periode=2025&niveau=track", HTTP_HX_REQUEST="true")
    assert b'id="dashboard"' in fragment.content and b"<html" not in fragment.content and b"19" in fragment.content


def test_home_panel_links_the_dashboard(org, data, client_for):
    html = client_for(org.leadership).get("/").content.decode()
    assert f"/planer/{data.id}/effekt/" in html


def test_cached_figures_follow_new_data(org, data, build):
    before = pick(services.keyfigures(data, org.leadership), scope_id=data.kids.id)
    assert before["denominator"] == 10
    build.improving(data.kids, org.centre_a, 1)
    after = pick(services.keyfigures(data, org.leadership), scope_id=data.kids.id)
    assert (after["count"], after["denominator"]) == (8, 11)
