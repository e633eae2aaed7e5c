"""A stored case: costs from the plan, the case page, the command, observed against assumed, the demo."""

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from sporbar.investment import calculation, charts, services
from sporbar.investment.models import InvestmentCase

pytestmark = pytest.mark.django_db

# Hand-worked for the act_case fixture: costs 1,0 / 1,0 / 0,5 mio. (2021–2023); 3 successful citizens
# from 2022 save 3 × 100 × 1.500 = 450.000 kr. a year (kommune 300.000, stat 150.000).
CUMULATIVE = [-1000000, -1550000, -1600000, -1150000, -700000, -250000, 200000, 650000, 1100000, 1550000]


def test_costs_come_from_the_budget_and_the_result_is_per_payer(act_case):
    result = services.evaluate(act_case, measure=False)["result"]
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


def test_case_page_shows_years_payers_break_even_chart_and_sensitivity(act_case, org, client_for):
    response = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Kommune", "Region", "Stat", "300.000 kr.", "-1.550.000 kr.", "Tjener sig hjem", "2027"]:
        assert text in html
    assert "Tjener sig hjem (udiskonteret)" in html and "Tjener sig hjem (diskonteret, 0,0 %)" in html
    assert "1,6 mio. kr." in html  # the present value at 0 %
    assert html.count("<svg") == 2 and 'role="img"' in html  # cumulative chart and tornado
    assert "Følsomhed" in html and "Succesrate" in html and "Effektens varighed" in html
    assert "ingen målt effekt" in html and "intet målt udfald" in html and "antaget" in html


def test_case_list_links_each_case(act_case, org, client_for):
    html = client_for(org.leadership).get("/investering/").content.decode()
    assert act_case.name in html and "2027" in html


def test_chart_is_accessible_svg_with_every_year(act_case):
    svg = charts.cumulative_chart_svg(services.evaluate(act_case, measure=False)["result"])
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert all(str(year) in svg for year in range(2021, 2031))
    assert "Tjener sig hjem i 2027 (udiskonteret)" in svg and "(diskonteret)" in svg
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
        "in_course": 6,
        "carrying": 12,
        "successful": 3,
        "cost": 1000000,
        "cost_by_payer": {"kommune": 1000000, "region": 0, "stat": 0},
        "by_payer": {"kommune": 300000, "region": 0, "stat": 150000},
        "by_committee": {"uden udvalg": 300000},
        "by_consequence": {"Overnatning på forsorgshjem": 450000},
        "net": -550000,
        "net_by_payer": {"kommune": -700000, "region": 0, "stat": 150000},
        "cumulative": -1550000,
        "discounted_net": -550000,
        "cumulative_discounted": -1550000,
    }
    assert data["break_even_year"] == data["break_even_year_discounted"] == 2027
    assert data["present_value"] == 1550000
    assert "observed" in data
    assert {r["parameter"] for r in data["sensitivity"]["rows"]} == {
        "success_rate",
        "baseline",
        "prices",
        "cost",
        "duration",
        "discount_rate",
    }


def test_command_json_carries_the_new_contract(act_case):
    out = io.StringIO()
    call_command("investment", initiative=act_case.initiative_id, json=True, stdout=out)
    data = json.loads(out.getvalue())
    for key in ("inputs", "years", "break_even_year", "present_value", "case", "observed", "sensitivity"):
        assert key in data  # the keys the command always had
    assert data["consequences"] == [
        {
            "name": "Overnatning på forsorgshjem",
            "unit": "overnatninger",
            "quantity": 100,
            "payer": payer,
            "committee": "",
            "price": price,
            "outcome": None,
            "rate": {
                "assumed": 0.35,
                "observed": None,
                "ci_low": None,
                "ci_high": None,
                "successes": None,
                "n": None,
                "baseline": 0.1,
                "baseline_source": "case",
                "net": 0.25,
                "net_ci_low": None,
                "net_ci_high": None,
                "status": "antaget",
                "reason": "Intet målt udfald i kataloget.",
                "hidden": False,
            },
            "comparison": None,
        }
        for payer, price in (("kommune", 1000), ("stat", 500))
    ]
    assert data["intake"]["planned"][:2] == [{"year": 2021, "n": 12}, {"year": 2022, "n": 0}]
    assert data["intake"]["observed"][0] == {"year": 2021, "n": 0}
    assert data["effect"] == {
        "starts": "maaneder",
        "start_months": 6,
        "course_months": 12,
        "duration_years": 10,
        "decay": 0,
    }
    assert data["break_even_year_discounted"] == 2027


def test_api_detail_has_the_same_result_as_the_command(act_case, org, api_for):
    out = io.StringIO()
    call_command("investment", case=act_case.pk, json=True, stdout=out)
    detail = api_for(org.leadership).get(f"/api/v1/investment-cases/{act_case.pk}/").json()
    assert detail["result"] == json.loads(out.getvalue())


def test_discounted_break_even_and_fading_effect_on_the_page(act_case, org, client_for):
    act_case.discount_rate, act_case.effect_years, act_case.effect_decay = D("0.035"), D(5), D("0.2")
    act_case.save()
    result = services.evaluate(act_case)["result"]
    # 450.000 kr. in 2022, then 360.000, 288.000, 230.400, 184.320 and nothing after five years.
    gains = [sum(y.by_payer.values()) for y in result.years]
    assert gains[:7] == [0, D(450000), D(360000), D(288000), D("230400"), D("184320"), 0]
    assert result.break_even_year is None and result.break_even_year_discounted is None
    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "aftager 20 % om året" in html and "Tjener sig hjem (diskonteret, 3,5 %)" in html


def test_costs_from_the_catalogue_by_payer_and_the_usual_offer(act_case, shelter, org, client_for):
    from sporbar.investment.models import Consequence, Price

    team = Consequence.objects.create(name="ACT-forløb, år", unit="år i forløb")
    Price.objects.create(consequence=team, payer="kommune", amount=D(100000), price_level_year=2024)
    Price.objects.create(consequence=team, payer="region", amount=D(20000), price_level_year=2024)
    support = Consequence.objects.create(name="Time med bostøtte", unit="timer")
    Price.objects.create(consequence=support, payer="kommune", amount=D(500), price_level_year=2024)
    act_case.cost_source, act_case.cost_item, act_case.course_months = "katalog", team, 24
    act_case.usual_offer, act_case.usual_offer_quantity = support, D(100)
    act_case.save()
    result = services.evaluate(act_case)["result"]
    # 12 citizens from 1 July 2021 for 24 months: 6, 12, 6 citizen-years in 2021–2023.
    # Per citizen-year: kommune 100.000 − 100 × 500 = 50.000; region 20.000.
    assert [y.cost_by_payer["kommune"] for y in result.years[:4]] == [300000, 600000, 300000, 0]
    assert [y.cost_by_payer["region"] for y in result.years[:4]] == [120000, 240000, 120000, 0]
    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Pr. betaler over hele horisonten" in html and "-480.000 kr." in html  # the region's net


def test_an_unknown_cost_source_in_the_database_is_named_not_replaced_by_the_budget(act_case, org, client_for):
    from sporbar.investment.models import InvestmentCase

    InvestmentCase.objects.filter(pk=act_case.pk).update(cost_source="lommepenge")
    act_case.refresh_from_db()
    with pytest.raises(calculation.InputError, match="Ukendt omkostningskilde »lommepenge«"):
        services.evaluate(act_case)
    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Casen kan ikke beregnes" in html and "lommepenge" in html
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="lommepenge"):
        call_command("investment", case=act_case.pk, json=True, stdout=io.StringIO())


def test_command_without_case_fails_clearly(act):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ingen investeringscase"):
        call_command("investment", initiative=act.pk, json=True, stdout=io.StringIO())


def test_missing_price_is_named_on_the_page(act_case, shelter, org, client_for):
    shelter.prices.all().delete()
    html = client_for(org.analyst).get(f"/initiativer/{act_case.initiative_id}/investering/").content.decode()
    assert "Pris mangler for konsekvensen" in html and shelter.name in html


def test_demo_makes_act_and_ips_cases_with_matched_outcomes_and_is_idempotent(act):
    from sporbar.investment import demo
    from sporbar.investment.models import Consequence, Price

    demo.load({}, io.StringIO())
    demo.load({}, io.StringIO())
    case = InvestmentCase.objects.get(initiative=act)
    assert case.citizens_per_year == 12 and case.intake_source == "faktisk"
    assert Price.objects.exclude(is_example=True).count() == 0
    assert Consequence.objects.get(name="Uge på kontanthjælp").outcome == {"figure": "beskaeftigelse", "dimension": ""}
    assert Consequence.objects.get(name="Overnatning på forsorgshjem").outcome == {
        "figure": "maal",
        "dimension": "personlig",
    }
    assert case.usual_offer.name == "Time med bostøtte" and case.cost_item.name == "ACT-forløb, år"
    evaluation = services.evaluate(case)
    assert evaluation["result"].years  # computes; no courses here, so the intake is all zeros
    assert {r.consequence.name for r in evaluation["rates"]} >= {"Overnatning på forsorgshjem"}
