"""The calculation, checked against figures worked out by hand in each test."""

from decimal import Decimal as D

import pytest

from sporbar.investment.calculation import (
    CaseInputs,
    ConsequenceInput,
    InputError,
    PriceInput,
    calculate,
    observed,
    sensitivity,
    with_success_rate,
)


def one_payer(**changes):
    values = dict(
        start_year=2024,
        horizon=4,
        citizens=(10, 0, 0, 0),
        costs=(D("100000"),),
        success_rate=D("0.5"),
        effect_offset=1,
        discount_rate=D("0"),
        consequences=(ConsequenceInput("Overnatning", D("10"), (PriceInput("kommune", D("1000")),)),),
    )
    values.update(changes)
    return CaseInputs(**values)


def test_one_consequence_one_payer_no_discounting():
    # 10 citizens start in 2024, half succeed, effect from 2025: 5 × 10 nights × 1.000 kr. = 50.000 kr. a year.
    result = calculate(one_payer())
    assert [y.year for y in result.years] == [2024, 2025, 2026, 2027]
    assert [y.cost for y in result.years] == [D("100000"), 0, 0, 0]
    assert [y.by_payer["kommune"] for y in result.years] == [0, D("50000"), D("50000"), D("50000")]
    assert [y.by_payer["region"] for y in result.years] == [0, 0, 0, 0]
    assert [y.net for y in result.years] == [D("-100000"), D("50000"), D("50000"), D("50000")]
    assert [y.cumulative for y in result.years] == [D("-100000"), D("-50000"), D("0"), D("50000")]
    assert result.break_even_year == 2026
    # 0 % reproduces the undiscounted case.
    assert result.present_value == D("50000")


def test_cohorts_accumulate_and_effect_starts_after_the_offset():
    # Cohorts of 10 in 2024 and 2025, offset 2: carriers 0, 0, 10 (2026), 20 (2027) → × 0,5 successful.
    result = calculate(one_payer(citizens=(10, 10), effect_offset=2, costs=()))
    assert [y.successful for y in result.years] == [0, 0, D("5.0"), D("10.0")]
    assert [y.by_payer["kommune"] for y in result.years] == [0, 0, D("50000"), D("100000")]


def test_several_consequences_and_payers_with_discounting():
    inputs = CaseInputs(
        start_year=2024,
        horizon=3,
        citizens=(4, 4, 0),
        costs=(D("20000"), D("20000"), D("0")),
        success_rate=D("0.25"),
        effect_offset=1,
        discount_rate=D("0.10"),
        consequences=(
            ConsequenceInput("A", D("2"), (PriceInput("kommune", D("1000")), PriceInput("stat", D("500")))),
            ConsequenceInput(
                "B", D("1"), (PriceInput("region", D("3000")), PriceInput("kommune", D("400"), "Socialudvalget"))
            ),
        ),
    )
    result = calculate(inputs)
    # Per successful citizen a year: kommune 2×1.000 + 400 = 2.400; region 3.000; stat 2×500 = 1.000.
    # Successful carriers: 0 (2024), 4 × 0,25 = 1 (2025), 8 × 0,25 = 2 (2026).
    y24, y25, y26 = result.years
    assert (y24.by_payer, y24.net) == ({"kommune": 0, "region": 0, "stat": 0}, D("-20000"))
    assert y25.by_payer == {"kommune": D("2400"), "region": D("3000"), "stat": D("1000")}
    assert y25.net == D("-13600")
    assert y26.by_payer == {"kommune": D("4800"), "region": D("6000"), "stat": D("2000")}
    assert y26.net == D("12800")
    assert [y.cumulative for y in result.years] == [D("-20000"), D("-33600"), D("-20800")]
    assert y26.by_committee == {"uden udvalg": D("4000"), "Socialudvalget": D("800")}
    # PV = −20.000 − 13.600 / 1,1 + 12.800 / 1,21 = −2.636.000 / 121 = −21.785,12
    assert result.present_value.quantize(D("0.01")) == D("-21785.12")
    assert result.break_even_year is None


def test_a_case_that_never_breaks_even():
    result = calculate(one_payer(costs=(D("1000000"),) * 4, horizon=4))
    assert all(y.cumulative < 0 for y in result.years)
    assert result.break_even_year is None
    assert result.cumulative == D("-4000000") + 3 * D("50000")


def test_break_even_is_the_year_from_which_the_cumulative_result_stays_non_negative():
    # Cost again in 2026 pushes the cumulative result below zero after it first reached zero.
    result = calculate(one_payer(costs=(D("50000"), D("0"), D("100000")), horizon=6))
    assert [y.cumulative for y in result.years] == [-50000, 0, -50000, 0, 50000, 100000]
    assert result.break_even_year == 2027


def test_observed_rate_replaces_the_assumed_one_and_moves_break_even():
    inputs = one_payer(horizon=6)
    assert calculate(inputs).break_even_year == 2026
    # Observed gross 35 % − baseline 10 % = 25 % net: 2,5 successful × 10.000 = 25.000 kr. a year from 2025.
    obs = observed(inputs, D("0.35"), D("0.10"), ci_low=D("0.08"), ci_high=D("0.60"))
    assert obs["point"]["success_rate"] == D("0.25")
    assert [y.cumulative for y in obs["point"]["result"].years] == [-100000, -75000, -50000, -25000, 0, 25000]
    assert obs["point"]["break_even_year"] == 2028
    # Low end below the baseline counts as no effect; high end 60 % − 10 % = 50 %, as assumed.
    assert obs["low"]["success_rate"] == 0
    assert obs["low"]["break_even_year"] is None
    assert obs["high"]["break_even_year"] == 2026
    assert obs["high"]["present_value"] == calculate(inputs).present_value


def test_sensitivity_moves_rate_prices_and_cost_by_a_quarter():
    inputs = one_payer()
    sens = sensitivity(inputs)
    rows = {r["parameter"]: r for r in sens["rows"]}
    # Base: −100.000 + 3 × 50.000 = 50.000. Gains ±25 % → 150.000 × 0,75 / 1,25.
    assert sens["base"]["cumulative"] == D("50000")
    assert rows["success_rate"]["low"]["cumulative"] == D("12500")
    assert rows["success_rate"]["high"]["cumulative"] == D("87500")
    assert rows["prices"]["low"]["cumulative"] == D("12500")
    assert rows["cost"]["low"]["cumulative"] == D("75000")
    assert rows["cost"]["high"]["cumulative"] == D("25000")
    # The success rate is capped at 100 %.
    assert with_success_rate(inputs, D("1.2")).success_rate == 1


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"citizens": (-1, 0)}, "citizens", "borgere"),
        ({"success_rate": D("1.01")}, "success_rate", "Succesrate"),
        ({"success_rate": D("-0.1")}, "success_rate", "Succesrate"),
        ({"horizon": 11}, "horizon", "Tidshorisont"),
        ({"horizon": 0}, "horizon", "Tidshorisont"),
        ({"costs": (D("-5"),)}, "costs", "Omkostning"),
        ({"discount_rate": D("-0.01")}, "discount_rate", "Diskonteringsrente"),
        ({"consequences": (ConsequenceInput("Overnatning", D("10"), ()),)}, "price", "Pris mangler"),
        (
            {"consequences": (ConsequenceInput("Overnatning", D("10"), (PriceInput("kommune", None),)),)},
            "price",
            "Pris mangler",
        ),
        (
            {"consequences": (ConsequenceInput("Overnatning", D("-1"), (PriceInput("kommune", D("1")),)),)},
            "quantity",
            "Mængde",
        ),
        (
            {"consequences": (ConsequenceInput("Overnatning", D("1"), (PriceInput("borger", D("1")),)),)},
            "payer",
            "Betaler",
        ),
    ],
)
def test_bad_input_is_refused_with_a_danish_message_naming_the_field(changes, field, words):
    with pytest.raises(InputError) as exc:
        calculate(one_payer(**changes))
    assert field in exc.value.errors
    assert words in exc.value.errors[field]
