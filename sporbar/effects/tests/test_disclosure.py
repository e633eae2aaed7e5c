"""Disclosure control, the same in the service, the pages, the API, the CLI and the exports."""

import io
import json

import pytest
from django.core.management import call_command

from sporbar.committee import exports
from sporbar.courses.models import Citizen
from sporbar.effects import services
from sporbar.effects.disclosure.audit import audit
from sporbar.effects.models import DisclosurePattern, Target
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
    "suppressed_reason",
    "target",
    "verdict",
}


@pytest.fixture
def data(org, plan, build):
    """Track 1.1: children 20 courses (15 improve) and employment 18 courses (12 improve) in centre A;
    young people 3 courses (centre B)."""
    build.improving(plan.kids, org.centre_a, 15)
    build.worsening(plan.kids, org.centre_a, 5)
    build.improving(plan.young, org.centre_b, 3)
    build.improving(plan.job, org.centre_a, 12)
    build.worsening(plan.job, org.centre_a, 6)
    Target.objects.create(
        figure="maal",
        dimension="personlig",
        scope_kind="target_group",
        target_category="boern",
        year=2025,
        share="0.75",
    )
    return plan


def audit_lines(plan, username=None) -> list[str]:
    out = io.StringIO()
    args = ["disclosure_audit", "--plan", str(plan.id)] + (["--as", username] if username else [])
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_primary_and_secondary_suppression_for_leadership(org, data):
    figures = services.keyfigures(data, org.leadership)
    assert figures and all(set(f) >= KEYS for f in figures)
    young = pick(figures, scope_id=data.young.id)
    assert young["suppressed_reason"] == "small" and young["count"] is None and young["share"] is None
    kids, job = pick(figures, scope_id=data.kids.id), pick(figures, scope_id=data.job.id)
    assert (kids["count"], kids["denominator"], kids["suppressed_reason"]) == (15, 20, None)
    assert (job["count"], job["denominator"], job["suppressed_reason"]) == (12, 18, None)
    # the target group's target applies to the initiative; 15/20 → 53,1 %–88,8 % straddles 75 %
    assert kids["target"] == 0.75 and kids["verdict"] == services.UNDECIDED
    assert pick(figures, kind="unit", scope_id=org.centre_b.id)["suppressed_reason"] == "small"
    # with children and employment shown, a shown total (track = theme = plan = area) would give the
    # young people by subtraction: it is hidden to protect them
    for kind in ("track", "theme", "plan"):
        assert pick(figures, kind=kind)["suppressed_reason"] == "secondary"
    assert pick(figures, kind="unit", scope_id=org.area.id)["suppressed_reason"] == "secondary"
    # no shown figure breaks the primary rule
    for f in figures:
        if not f["suppressed"]:
            fail = f["denominator"] - f["count"]
            assert f["denominator"] >= 5 and f["count"] not in range(1, 5) and fail not in range(1, 5)


def test_half_years_quarters_and_ranges_only_inside(org, data):
    outside = services.keyfigures(data, org.leadership)
    assert {services.period_kind(f["period"]) for f in outside} == {"year"}
    assert services.keyfigures(data, org.leadership, date_range=services.parse_range("2025-01-01", "2025-12-31")) == []
    inside = services.keyfigures(data, org.lead_a, date_range=services.parse_range("2025-01-01", "2025-12-31"))
    assert inside and {f["scope"]["id"] for f in inside if f["scope"]["kind"] == "initiative"} == {
        data.kids.id,
        data.job.id,
    }
    mine = services.keyfigures(data, org.lead_a)
    assert pick(mine, scope_id=data.kids.id, period="2025-H1")["denominator"] == 20


def test_inside_the_unit_small_numbers_are_shown(org, data):
    young = pick(services.keyfigures(data, org.lead_b), scope_id=data.young.id)
    assert (young["count"], young["denominator"], young["suppressed"], young["suppressed_reason"]) == (
        3,
        3,
        False,
        None,
    )
    mine = services.keyfigures(data, org.worker_a)
    assert pick(mine, scope_id=data.young.id)["suppressed"]
    assert pick(mine, scope_id=data.job.id)["denominator"] == 18
    assert pick(mine, kind="track")["suppressed"]


@pytest.mark.parametrize("username", [None, "ledelse", "analytiker", "admin", "leder-a", "leder-b", "medarbejder-a"])
def test_the_audit_finds_nothing_exposed_for_anyone(org, data, username):
    assert audit_lines(data, username)[-1] == "exposed 0"


def test_the_audit_finds_what_a_primary_only_pattern_gives_away(org, data):
    """Reveal the secondary figures in the stored pattern: the audit must see through it."""
    pattern = services.disclosure_refresh.ensure_pattern(data)
    truth = {
        (f["figure"], f["dimension"], f["period"], f["scope"]["kind"], f["scope"]["id"]): f
        for f in services.plan_figures(data)
    }
    cells = []
    for cell in pattern.cells:
        if cell[7] == "secondary":
            f = truth[tuple(cell[:5])]
            cell = [*cell[:5], f["count"], f["denominator"], None]
        cells.append(cell)
    DisclosurePattern.objects.filter(pk=pattern.pk).update(cells=cells)
    lines = audit_lines(data, "ledelse")
    assert int(lines[-1].split()[-1]) > 0
    assert any("AFSLØRET" in line and "Ungeindsatsen" in line for line in lines)


def test_api_obeys_the_same_rule(org, data, api_for):
    response = api_for(org.leadership).get(f"/api/v1/keyfigures/?plan={data.id}&figure=maal&period=2025")
    assert response.status_code == 200
    figures = response.json()
    assert figures and all(set(f) >= KEYS and set(f["scope"]) >= {"kind", "id"} for f in figures)
    young = pick(figures, scope_id=data.young.id)
    assert young["suppressed"] is True and young["suppressed_reason"] == "small" and young["count"] is None
    assert {f["suppressed_reason"] for f in figures} <= {None, "small", "secondary"}
    only_tracks = api_for(org.leadership).get(f"/api/v1/keyfigures/?plan={data.id}&scope_kind=track").json()
    assert only_tracks and {f["scope"]["kind"] for f in only_tracks} == {"track"}
    ranged = api_for(org.leadership).get(f"/api/v1/keyfigures/?plan={data.id}&from=2025-01-01&to=2025-06-30")
    assert ranged.status_code == 400 and "egne enheder" in str(ranged.json())
    mine = api_for(org.lead_b).get(f"/api/v1/keyfigures/?plan={data.id}&from=2025-01-01&to=2025-12-31").json()
    assert {f["scope"]["id"] for f in mine if f["scope"]["kind"] == "initiative"} == {data.young.id}
    assert api_for(org.leadership).get("/api/v1/keyfigures/?plan=999999").status_code == 404
    from rest_framework.test import APIClient

    assert APIClient().get(f"/api/v1/keyfigures/?plan={data.id}").status_code in (401, 403)


def test_cli_keyfigures(org, data):
    out = io.StringIO()
    call_command("keyfigures", "--plan", str(data.id), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert all(set(f) >= KEYS for f in figures)
    assert pick(figures, scope_id=data.young.id)["suppressed_reason"] == "small"
    out = io.StringIO()
    call_command("keyfigures", "--plan", str(data.id), "--json", "--as", "leder-b", stdout=out)
    assert pick(json.loads(out.getvalue()), scope_id=data.young.id)["count"] == 3
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="egne enheder"):
        call_command("keyfigures", "--plan", str(data.id), "--from", "2025-01-01", "--to", "2025-03-31")


def test_dashboard_page_says_why_and_never_shows_a_person(org, data, client_for):
    client = client_for(org.leadership)
    response = client.get(f"/planer/{data.id}/effekt/?periode=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "færre end 5" in html and "skjult for at beskytte et andet tal" in html
    assert "3 af 3" not in html
    assert 'role="img"' in html and "<title" in html
    for pseudonym in Citizen.objects.values_list("pseudonym", flat=True):
        assert pseudonym not in html
    assert 'name="fra"' not in html and "Vælg et år" in html
    ranged = client.get(f"/planer/{data.id}/effekt/?fra=2025-01-01&til=2025-03-31").content.decode()
    assert "Vælg et år" in ranged and "2025-01-01/2025-03-31" not in ranged
    response = client.get(f"/initiativer/{data.kids.id}/effekt/?periode=2025")
    assert response.status_code == 200 and "T-0" not in response.content.decode()


def test_report_says_why_a_figure_is_hidden(org, data):
    text = exports.build(data, "csv").decode("utf-8-sig")
    assert "\r\nNøgletal\r\nNiveau;Navn;" in text and ";Vurdering;Skjult fordi\r\n" in text
    assert "Ungeindsatsen;mål nået eller forbedret;personlig udvikling;2025;færre end 5;færre end 5;;;" in text
    assert ";skjult for at beskytte et andet tal;skjult for at beskytte et andet tal;" in text


def test_cached_figures_follow_new_data(org, data, build):
    before = pick(services.keyfigures(data, org.lead_b), scope_id=data.young.id)
    assert before["denominator"] == 3
    build.improving(data.young, org.centre_b, 1)
    after = pick(services.keyfigures(data, org.lead_b), scope_id=data.young.id)
    assert (after["count"], after["denominator"]) == (4, 4)
    # outside, the new pattern is audited again: still hidden, still nothing exposed
    assert pick(services.keyfigures(data, org.leadership), scope_id=data.young.id)["suppressed"]
    assert audit(data, org.leadership).exposed == []


def test_the_pattern_is_stored_per_data_version_and_reused(org, data):
    first = services.disclosure_refresh.ensure_pattern(data)
    assert first.exposed == 0 and first.checked > 0
    assert services.disclosure_refresh.ensure_pattern(data).pk == first.pk
    hidden = [c for c in first.cells if c[7] is not None]
    assert hidden and all(c[5] is None and c[6] is None for c in hidden)


def test_a_bulk_import_refreshes_the_pattern_once_when_it_ends(org, data, build):
    first = services.disclosure_refresh.ensure_pattern(data)
    build.improving(data.young, org.centre_b, 1)
    with services.disclosure_refresh.deferred():
        services.disclosure_refresh.schedule_refresh(data.id)
        services.disclosure_refresh.schedule_refresh(data.id)
        assert DisclosurePattern.objects.filter(plan=data).count() == 1  # the import is still running
    assert DisclosurePattern.objects.filter(plan=data).count() == 2
    assert services.disclosure_refresh.ensure_pattern(data).pk != first.pk


def test_refresh_figures_for_one_plan_recomputes_only_its_pattern(org, data, build):
    """What the web server runs in a child process after writes."""
    first = services.disclosure_refresh.ensure_pattern(data)
    build.improving(data.young, org.centre_b, 1)
    out = io.StringIO()
    call_command("refresh_figures", "--pattern-only", "--plan", str(data.id), stdout=out)
    assert "Nøgletal genberegnet" not in out.getvalue() and "0 afsløret" in out.getvalue()
    assert services.disclosure_refresh.ensure_pattern(data).pk != first.pk


def test_home_panel_links_the_dashboard(org, data, client_for):
    html = client_for(org.leadership).get("/").content.decode()
    assert f"/planer/{data.id}/effekt/" in html
