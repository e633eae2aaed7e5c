"""A stored case: costs from the plan, the case page, the command, observed against assumed, the demo."""

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from sporbar.investment import charts, services
from sporbar.investment.models import InvestmentCase

pytestmark = pytest.mark.django_db

# Hand-worked for the act_case fixture: costs 1,0 / 1,0 / 0,5 mio. (2021–2023); 3 successful citizens
# from 2022 save 3 × 100 × 1.500 = 450.000 kr. a year (kommune 300.000, stat 150.000).
CUMULATIVE = [-1000000, -1550000, -1600000, -1150000, -700000, -250000, 200000, 650000, 1100000, 1550000]
# Observed 30 % − baseline 10 % = 20 %: 2,4 successful × 150.000 = 360.000 kr. a year.
OBSERVED_CUMULATIVE = [-1000000, -1640000, -1780000, -1420000, -1060000, -700000, -340000, 20000, 380000, 740000]
FIGURE = {"figure": "Mål nået", "count": 6, "denominator": 20, "share": 0.30, "ci_low": 0.12, "ci_high": 0.45}


def test_costs_come_from_the_budget_and_the_result_is_per_payer(act_case):
    result = services.evaluate(act_case, use_observed=False)["result"]
    assert [y.cost for y in result.years][:4] == [D("1000000"), D("1000000"), D("500000"), 0]
    assert result.years[1].by_payer == {"kommune": D("300000"), "region": 0, "stat": D("150000")}
    assert [y.cumulative for y in result.years] == CUMULATIVE
    assert result.break_even_year == 2027
    assert result.present_value == D("1550000")


def test_entered_costs_put_start_up_in_the_first_year(act_case):
    act_case.cost_source = InvestmentCase.CostSource.ENTERED
    act_case.startup_cost, act_case.running_cost, act_case.running_years = D("300000"), D("700000"), 3
    act_case.save()
    assert services.yearly_costs(act_case)[:4] == (D("1000000"), D("700000"), D("700000"), 0)


def test_observed_rate_moves_the_break_even_year(act_case):
    evaluation = services.evaluate(act_case, observed_figure=FIGURE)
    point = evaluation["observed"]["point"]
    assert point["success_rate"] == D("0.20")
    assert [y.cumulative for y in point["result"].years] == OBSERVED_CUMULATIVE
    assert evaluation["result"].break_even_year == 2027
    assert point["break_even_year"] == 2028
    # 12 % − 10 % = 2 % at the low end never pays back; 45 % − 10 % = 35 % pays back sooner.
    assert evaluation["observed"]["low"]["break_even_year"] is None
    assert evaluation["observed"]["high"]["break_even_year"] < 2027


def test_case_page_shows_years_payers_break_even_chart_and_sensitivity(act_case, org, client_for):
    response = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Kommune", "Region", "Stat", "300.000 kr.", "-1.550.000 kr.", "Tjener sig hjem", "2027"]:
        assert text in html
    assert "1,6 mio. kr." in html  # the present value at 0 %
    assert html.count("<svg") == 2 and 'role="img"' in html  # cumulative chart and tornado
    assert "Følsomhed" in html and "Succesrate" in html
    assert "ingen observeret effekt" in html


def test_case_list_links_each_case(act_case, org, client_for):
    html = client_for(org.leadership).get("/investering/").content.decode()
    assert act_case.name in html and "2027" in html


def test_chart_is_accessible_svg_with_every_year(act_case):
    svg = charts.cumulative_chart_svg(services.evaluate(act_case, use_observed=False)["result"])
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert all(str(year) in svg for year in range(2021, 2031))
    assert "Tjener sig hjem i 2027" in svg
    assert "style=" not in svg and "<script" not in svg


def test_command_prints_the_same_numbers_as_json(act_case):
    out = io.StringIO()
    call_command("investment", initiative=act_case.initiative_id, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["inputs"]["citizens"][0] == 12
    assert data["inputs"]["success_rate"] == 0.25
    assert data["inputs"]["consequences"][0]["quantity"] == 100
    assert [y["cumulative"] for y in data["years"]] == CUMULATIVE
    assert data["years"][1] == {
        "year": 2022,
        "citizens": 0,
        "successful": 3,
        "cost": 1000000,
        "by_payer": {"kommune": 300000, "region": 0, "stat": 150000},
        "by_committee": {"uden udvalg": 300000},
        "net": -550000,
        "cumulative": -1550000,
        "discounted_net": -550000,
    }
    assert data["break_even_year"] == 2027
    assert data["present_value"] == 1550000
    assert "observed" in data
    assert {r["parameter"] for r in data["sensitivity"]["rows"]} == {"success_rate", "prices", "cost"}


def test_command_without_case_fails_clearly(act):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ingen investeringscase"):
        call_command("investment", initiative=act.pk, json=True, stdout=io.StringIO())


def test_missing_price_is_named_on_the_page(act_case, shelter, org, client_for):
    shelter.prices.all().delete()
    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Pris mangler for konsekvensen" in html and shelter.name in html


def test_demo_makes_an_act_case_with_example_prices_and_is_idempotent(act):
    from sporbar.investment import demo
    from sporbar.investment.models import Price

    demo.load({}, io.StringIO())
    demo.load({}, io.StringIO())
    case = InvestmentCase.objects.get(initiative=act)
    assert case.citizens_per_year == 12
    assert Price.objects.exclude(is_example=True).count() == 0
    result = services.evaluate(case, use_observed=False)["result"]
    assert sum(y.cost for y in result.years) == D("2500000")
    assert {p for y in result.years for p, v in y.by_payer.items() if v} == {"kommune", "region", "stat"}
