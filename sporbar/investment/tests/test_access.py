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
        "intake_source": "planlagt",
        "course_months": "12",
        "effect_start": "afslutning",
        "effect_start_months": "6",
        "effect_years": "5",
        "effect_decay": "20 %",
        "success_rate": "10 %",
        "baseline_rate": "2",
        "discount_rate": "",
        "cost_source": "budget",
        "startup_cost": "0",
        "running_cost": "0",
        "running_years": "1",
        "cost_item": "",
        "cost_item_quantity": "1",
        "usual_offer": "",
        "usual_offer_quantity": "0",
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


def test_form_refuses_a_consequence_without_price_and_an_unknown_cost_source(act_case, org, client_for):
    from sporbar.investment.models import Consequence

    unpriced = Consequence.objects.create(name="Politiudrykning", unit="udrykninger")
    client = client_for(org.analyst)
    data = form_data(**{"kons-TOTAL_FORMS": "1", "kons-0-consequence": str(unpriced.pk), "kons-0-quantity": "2"})
    response = client.post(f"/investering/{act_case.pk}/rediger/", data)
    assert response.status_code == 400
    assert "Pris mangler for konsekvensen »Politiudrykning«" in response.content.decode()
    response = client.post(f"/investering/{act_case.pk}/rediger/", form_data(cost_source="lommepenge"))
    assert response.status_code == 400 and "Ukendt omkostningskilde" in response.content.decode()
    response = client.post(f"/investering/{act_case.pk}/rediger/", form_data(cost_source="katalog"))
    assert response.status_code == 400 and "Vælg omkostningen i kataloget" in response.content.decode()
    response = client.post(
        f"/investering/{act_case.pk}/rediger/", form_data(usual_offer=str(unpriced.pk), usual_offer_quantity="10")
    )
    assert response.status_code == 400 and "Pris mangler" in response.content.decode()
    act_case.refresh_from_db()
    assert act_case.name == "ACT-casen" and act_case.cost_source == "budget" and act_case.usual_offer is None
    assert act_case.consequences.count() == 1


def test_analyst_sets_timing_and_usual_offer_on_the_form(act_case, shelter, org, client_for):
    data = form_data(
        course_months="18",
        effect_start="afslutning",
        effect_years="2,5",
        effect_decay="10",
        usual_offer=str(shelter.pk),
        usual_offer_quantity="20",
    )
    response = client_for(org.analyst).post(f"/investering/{act_case.pk}/rediger/", data)
    assert response.status_code == 302
    act_case.refresh_from_db()
    assert (act_case.course_months, act_case.effect_years, act_case.effect_decay) == (18, D("2.5"), D("0.1"))
    assert act_case.effect_start_in_months == 18 and act_case.usual_offer == shelter


def test_api_refuses_bad_input_with_the_field_and_saves_nothing(act_case, org, api_for):
    from sporbar.investment.models import Consequence

    unpriced = Consequence.objects.create(name="Politiudrykning", unit="udrykninger")
    api = api_for(org.analyst)
    url = f"/api/v1/investment-cases/{act_case.pk}/"
    response = api.patch(url, {"cost_source": "lommepenge"}, format="json")
    assert response.status_code == 400 and "Ukendt omkostningskilde »lommepenge«" in str(response.json()["cost_source"])
    response = api.patch(url, {"cost_source": "katalog"}, format="json")
    assert response.status_code == 400 and "cost_item" in response.json()
    response = api.patch(
        url, {"name": "Ændret", "consequences": [{"consequence": unpriced.pk, "quantity": "2"}]}, format="json"
    )
    assert response.status_code == 400 and "Pris mangler" in str(response.json())
    response = api.patch(url, {"usual_offer": unpriced.pk, "usual_offer_quantity": "5"}, format="json")
    assert response.status_code == 400 and "usual_offer" in response.json()
    act_case.refresh_from_db()
    assert act_case.name == "ACT-casen" and act_case.cost_source == "budget"
    assert [c.consequence.name for c in act_case.consequences.all()] == ["Overnatning på forsorgshjem"]


def test_api_keeps_effect_offset_as_years_after_the_start_year(act_case, org, api_for):
    response = api_for(org.analyst).patch(
        f"/api/v1/investment-cases/{act_case.pk}/", {"effect_offset": 2}, format="json"
    )
    assert response.status_code == 200
    act_case.refresh_from_db()
    # Mid-year cohorts: 18 months after 1 July is 1 January two years on.
    assert (act_case.effect_start, act_case.effect_start_months) == ("maaneder", 18)
    detail = api_for(org.analyst).get(f"/api/v1/investment-cases/{act_case.pk}/").json()
    assert detail["effect_offset"] == 2 and detail["result"]["inputs"]["effect_offset"] == 2
