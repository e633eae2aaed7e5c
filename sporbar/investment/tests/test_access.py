"""Who may read and change cases and the catalogue: pages, API and the audit log."""

from decimal import Decimal as D

import pytest

from sporbar.accounts.models import AuditEntry
from sporbar.investment.models import InvestmentCase

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "name": "Ny case",
        "start_year": "2021",
        "horizon_years": "10",
        "citizens_per_year": "12",
        "intake_years": "1",
        "effect_offset": "1",
        "success_rate": "10 %",
        "baseline_rate": "2",
        "discount_rate": "",
        "cost_source": "budget",
        "startup_cost": "0",
        "running_cost": "0",
        "running_years": "1",
        "note": "",
        "kons-TOTAL_FORMS": "0",
        "kons-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_anonymous_cannot_read(act_case, client):
    for url in ["/investering/", f"/initiativer/{act_case.initiative_id}/investering/", "/investering/katalog/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["leadership", "lead_a", "lead_b", "analyst", "admin"])
def test_leadership_leads_and_analysts_read(act_case, org, client_for, who):
    assert client_for(getattr(org, who)).get(f"/initiativer/{act_case.initiative_id}/investering/").status_code == 200


def test_workers_do_not_see_cases(act_case, org, client_for):
    assert client_for(org.worker_a).get("/investering/").status_code == 403


@pytest.mark.parametrize("who", ["leadership", "lead_a"])
def test_only_analysts_and_admins_edit(act_case, org, client_for, who):
    client = client_for(getattr(org, who))
    assert client.get(f"/investering/{act_case.pk}/rediger/").status_code == 403
    assert client.post(f"/initiativer/{act_case.initiative_id}/investering/ny/", form_data()).status_code == 403
    assert InvestmentCase.objects.count() == 1
    html = client.get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Redigér case" not in html


def test_analyst_creates_a_case_in_per_cent_and_it_is_audited(act, shelter, org, client_for):
    data = form_data(**{"kons-TOTAL_FORMS": "1", "kons-0-consequence": str(shelter.pk), "kons-0-quantity": "40"})
    response = client_for(org.analyst).post(f"/initiativer/{act.pk}/investering/ny/", data)
    assert response.status_code == 302
    case = InvestmentCase.objects.get()
    assert case.success_rate == D("0.10") and case.baseline_rate == D("0.02")
    assert case.consequences.get().quantity == 40
    assert AuditEntry.objects.filter(model__icontains="investmentcase", user=org.analyst).exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"success_rate": "120"}, "succesrate netto (%) skal være mellem 0 og 100 %"),
        ({"citizens_per_year": "-3"}, "nye borgere pr. år"),
        ({"horizon_years": "11"}, "10"),
    ],
)
def test_edit_form_refuses_bad_input_next_to_the_field(act_case, org, client_for, changes, message):
    response = client_for(org.analyst).post(f"/investering/{act_case.pk}/rediger/", form_data(**changes))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    act_case.refresh_from_db()
    assert act_case.name == "ACT-casen"


def test_api_reads_cases_with_result_and_the_catalogue(act_case, org, api_for):
    api = api_for(org.leadership)
    listing = api.get("/api/v1/investment-cases/")
    assert listing.status_code == 200
    detail = api.get(f"/api/v1/investment-cases/{act_case.pk}/").json()
    assert detail["result"]["break_even_year"] == 2027
    assert detail["result"]["years"][0]["by_payer"] == {"kommune": 0, "region": 0, "stat": 0}
    catalogue = api.get("/api/v1/consequences/").json()
    prices = catalogue["results"][0]["prices"] if "results" in catalogue else catalogue[0]["prices"]
    assert {p["payer"] for p in prices} == {"kommune", "stat"}


def test_api_refuses_anonymous_workers_and_leadership_writes(act_case, org, api_for, client):
    assert client.get("/api/v1/investment-cases/").status_code in (401, 403)
    assert api_for(org.worker_a).get("/api/v1/consequences/").status_code == 403
    response = api_for(org.leadership).patch(f"/api/v1/investment-cases/{act_case.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 403


def test_api_write_runs_as_the_user_and_validates_fields(act_case, shelter, org, api_for):
    api = api_for(org.analyst)
    response = api.patch(f"/api/v1/investment-cases/{act_case.pk}/", {"horizon_years": 11}, format="json")
    assert response.status_code == 400 and "horizon_years" in response.json()
    response = api.patch(f"/api/v1/investment-cases/{act_case.pk}/", {"success_rate": "0.3"}, format="json")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(model__icontains="investmentcase").first()
    assert entry.user == org.analyst and entry.after == {"success_rate": "0.3"}
