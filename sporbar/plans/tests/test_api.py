"""The plan REST API: token and session auth, amounts as numbers, writes audited as the caller."""

from decimal import Decimal

from rest_framework.test import APIClient

from sporbar.accounts.models import AuditEntry
from sporbar.plans.models import Initiative, Spending


def test_token_auth_reads_initiatives_with_amounts_as_numbers(org, plan_data, api_for):
    response = api_for(org.leadership).get(f"/api/v1/initiatives/?track={plan_data.track11.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    act = next(i for i in body["results"] if i["key"] == "act")
    assert act["amount"] == 2500000
    assert isinstance(act["amount"], (int, float))
    assert act["owner_unit"] == org.centre_a.pk and act["target_group_size"] == 12


def test_budget_lines_filtered_by_initiative(org, plan_data, api_for):
    response = api_for(org.worker_a).get(f"/api/v1/budget-lines/?initiative={plan_data.act.pk}")
    assert [(line["year"], line["amount"]) for line in response.json()["results"]] == [
        (2021, 1000000),
        (2022, 1000000),
        (2023, 500000),
    ]


def test_a_wrong_token_is_refused(plan_data):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/plans/").status_code in (401, 403)


def test_session_auth_reads_and_writes_with_csrf(org, plan_data):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(org.lead_a)
    assert api.get("/api/v1/plans/").json()["results"][0]["name"] == "Testplanen"
    data = {"initiative": plan_data.act.pk, "date": "2026-11-23", "amount": 1000, "note": "Kaffe"}
    # Without the CSRF token a session write is refused ...
    assert api.post("/api/v1/spendings/", data, format="json").status_code == 403
    assert Spending.objects.count() == 1
    # ... and with it, it goes through.
    api.get("/planer/")
    token = api.cookies["csrftoken"].value
    response = api.post("/api/v1/spendings/", data, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert response.json()["recorded_by"] == org.lead_a.pk


def test_status_update_through_the_api_sets_status_and_is_audited_as_the_caller(org, plan_data, api_for):
    data = {
        "initiative": plan_data.act.pk,
        "date": "2026-11-23",
        "status": "afsluttet",
        "light": "groen",
        "narrative": "Færdig",
    }
    response = api_for(org.lead_a).post("/api/v1/status-updates/", data, format="json")
    assert response.status_code == 201
    assert response.json()["author"] == org.lead_a.pk
    assert Initiative.objects.get(pk=plan_data.act.pk).status == "afsluttet"
    entry = AuditEntry.objects.get(model="plans.StatusUpdate", action="create", after__narrative="Færdig")
    assert entry.user == org.lead_a and entry.actor_label == "leder-a"


def test_initiative_update_through_the_api_is_audited_with_before_and_after(org, plan_data, api_for):
    response = api_for(org.analyst).patch(
        f"/api/v1/initiatives/{plan_data.act.pk}/", {"amount": 3000000}, format="json"
    )
    assert response.status_code == 200 and response.json()["amount"] == 3000000
    entry = AuditEntry.objects.filter(model="plans.Initiative", action="update").latest("id")
    assert entry.user == org.analyst
    assert list(entry.before) == ["amount"] and list(entry.after) == ["amount"]
    assert Decimal(entry.before["amount"]) == 2500000 and Decimal(entry.after["amount"]) == 3000000


def test_lead_cannot_move_a_spending_to_another_units_initiative(org, plan_data, api_for):
    spending = Spending.objects.get()
    response = api_for(org.lead_a).patch(
        f"/api/v1/spendings/{spending.pk}/", {"initiative": plan_data.ips.pk}, format="json"
    )
    assert response.status_code == 403
    spending.refresh_from_db()
    assert spending.initiative_id == plan_data.act.pk


def test_lead_of_the_owning_unit_edits_a_spending(org, plan_data, api_for):
    spending = Spending.objects.get()
    response = api_for(org.lead_a).patch(f"/api/v1/spendings/{spending.pk}/", {"amount": 25000}, format="json")
    assert response.status_code == 200
    spending.refresh_from_db()
    assert spending.amount == Decimal("25000")


def test_api_rejects_a_negative_spending_in_danish(org, plan_data, api_for):
    data = {"initiative": plan_data.act.pk, "date": "2026-11-23", "amount": -5}
    response = api_for(org.lead_a).post("/api/v1/spendings/", data, format="json")
    assert response.status_code == 400
    assert response.json()["amount"] == ["Beløbet skal være større end 0."]
