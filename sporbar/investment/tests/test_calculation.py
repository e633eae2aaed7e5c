"""The calculation, checked against figures worked out by hand in each test."""

from decimal import Decimal as D

import pytest

from sporbar.investment.calculation import (
    CaseInputs,
    ConsequenceInput,
    CostItemInput,
    EffectInputs,
    InputError,
    PriceInput,
    RateInput,
    calculate,
    effect_profile,
    sensitivity,
    with_rates,
    with_success_rate,
)

# Cohorts start on 1 July; an effect 6 months after the start begins on 1 January of the next year.
NEXT_YEAR = EffectInputs(start_months=D(6), duration_years=D(10), decay=D(0))


def one_payer(**changes):
    values = dict(
        start_year=2024,
        horizon=4,
        citizens=(10, 0, 0, 0),
        costs=(D("100000"),),
        success_rate=D("0.5"),
        effect=NEXT_YEAR,
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


def test_cohorts_accumulate_and_effect_starts_after_the_set_months():
    # Cohorts of 10 in 2024 and 2025, effect 18 months after a 1 July start: from 1 January two years on.
    # Carriers 0, 0, 10 (2026), 20 (2027) → × 0,5 successful.
    result = calculate(one_payer(citizens=(10, 10), effect=EffectInputs(D(18), D(10), D(0)), costs=()))
    assert [y.successful for y in result.years] == [0, 0, D("5.0"), D("10.0")]
    assert [y.by_payer["kommune"] for y in result.years] == [0, 0, D("50000"), D("100000")]


def test_several_consequences_and_payers_with_discounting():
    inputs = CaseInputs(
        start_year=2024,
        horizon=3,
        citizens=(4, 4, 0),
        costs=(D("20000"), D("20000"), D("0")),
        success_rate=D("0.25"),
        effect=NEXT_YEAR,
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


def test_effect_starts_at_course_end_lasts_and_fades_by_part_years():
    # A 12-month course from 1 July ends 1 July the next year; the effect lasts 2 years and halves after the first:
    # full strength 1 July 2025 – 1 July 2026, half strength to 1 July 2027. Per successful citizen:
    # 2025: ½ year × 1; 2026: ½ × 1 + ½ × 0,5 = 0,75; 2027: ½ × 0,5 = 0,25.
    inputs = one_payer(
        horizon=5,
        citizens=(4,),
        costs=(),
        course_months=D(12),
        effect=EffectInputs(start_months=D(12), duration_years=D(2), decay=D("0.5")),
    )
    assert effect_profile(inputs) == [0, D("0.5"), D("0.75"), D("0.25"), 0]
    result = calculate(inputs)
    # 4 citizens × 0,5 net × 10 nights × 1.000 kr. = 20.000 kr. a year of full effect.
    assert [y.by_payer["kommune"] for y in result.years] == [0, D("10000"), D("15000"), D("5000"), 0]
    assert [y.in_course for y in result.years] == [D(2), D(2), 0, 0, 0]


def test_a_fade_of_100_percent_keeps_only_the_first_year():
    inputs = one_payer(effect=EffectInputs(start_months=D(6), duration_years=D(5), decay=D(1)))
    assert effect_profile(inputs) == [0, 1, 0, 0]


def test_each_consequence_has_its_own_net_rate():
    # Shelter: 60 % observed − 20 % baseline = 40 %; police: the case's assumed 50 %.
    inputs = one_payer(
        consequences=(
            ConsequenceInput(
                "Overnatning", D("10"), (PriceInput("kommune", D("1000")),), rate=RateInput(D("0.6"), D("0.2"))
            ),
            ConsequenceInput("Politi", D("1"), (PriceInput("stat", D("2000")),)),
        )
    )
    year = calculate(inputs).years[1]
    assert year.by_consequence == {"Overnatning": D("40000"), "Politi": D("10000")}
    assert year.by_payer == {"kommune": D("40000"), "region": 0, "stat": D("10000")}
    # "Successful" weighs the two rates by their gains: 10 × (0,4 × 10.000 + 0,5 × 2.000) / 12.000.
    assert year.successful == D(10) * D(5000) / D(12000)
    lower = calculate(with_rates(inputs, [RateInput(D("0.3"), D("0.2")), None]))
    assert lower.years[1].by_consequence["Overnatning"] == D("10000")


def test_costs_by_payer_net_of_the_usual_offer():
    # 10 citizens in 12-month courses from 1 July 2024: 5 citizen-years in course in 2024 and 5 in 2025.
    # Per citizen-year the course costs kommune 50.000 and region 10.000; without it they would have had
    # 100 hours of housing support at 500 kr. (kommune 50.000). The own cost 20.000 kr. in 2024 is the kommune's.
    inputs = one_payer(
        costs=(D("20000"),),
        course_months=D(12),
        cost_items=(CostItemInput("Forløb", D(1), (PriceInput("kommune", D(50000)), PriceInput("region", D(10000)))),),
        usual_offer=(CostItemInput("Bostøtte", D(100), (PriceInput("kommune", D(500)),)),),
    )
    y24, y25, y26, _ = calculate(inputs).years
    assert y24.cost_by_payer == {"kommune": D("20000"), "region": D("50000"), "stat": 0}
    assert y25.cost_by_payer == {"kommune": 0, "region": D("50000"), "stat": 0}
    assert y24.cost == D("70000") and y26.cost == 0
    assert y25.net_by_payer == {"kommune": D("50000"), "region": D("-50000"), "stat": 0}


def test_break_even_discounted_comes_later_and_is_labelled_apart():
    # −100.000, then 50.000 a year; at 10 %: −100.000 + 45.454,55 + 41.322,31 = −13.223 (2026), +24.343 (2027).
    result = calculate(one_payer(discount_rate=D("0.10")))
    assert result.break_even_year == 2026
    assert result.break_even_year_discounted == 2027
    assert result.years[2].cumulative_discounted.quantize(D(1)) == D("-13223")


def test_sensitivity_moves_each_driver_by_a_quarter_and_rate_differs_from_prices():
    # 60 % gross − 10 % baseline = 50 % net, as one_payer: −100.000 + 3 × 50.000 = 50.000.
    inputs = one_payer(
        consequences=(
            ConsequenceInput(
                "Overnatning", D("10"), (PriceInput("kommune", D("1000")),), rate=RateInput(D("0.6"), D("0.1"))
            ),
        )
    )
    sens = sensitivity(inputs)
    rows = {r["parameter"]: r for r in sens["rows"]}
    assert set(rows) == {"success_rate", "baseline", "prices", "cost", "duration", "discount_rate"}
    assert sens["base"]["cumulative"] == D("50000")
    # Success rate 45 % − 10 % = 35 %: 3 × 35.000 − 100.000. Prices × 0,75: 3 × 37.500 − 100.000.
    assert rows["success_rate"]["low"]["cumulative"] == D("5000")
    assert rows["prices"]["low"]["cumulative"] == D("12500")
    # Baseline 12,5 %: net 47,5 %.
    assert rows["baseline"]["high"]["cumulative"] == D("42500")
    assert rows["cost"]["low"]["cumulative"] == D("75000")
    assert rows["cost"]["high"]["cumulative"] == D("25000")
    # The success rate is capped at 100 %.
    assert with_success_rate(inputs, D("1.2")).success_rate == 1


def test_sensitivity_of_duration_and_discount_rate():
    # An effect of 2 years from 2025: 2 × 50.000 − 100.000 = 0. 1,5 years: −25.000; 2,5 years: +25.000.
    inputs = one_payer(effect=EffectInputs(D(6), D(2), D(0)), discount_rate=D("0.10"))
    rows = {r["parameter"]: r for r in sensitivity(inputs)["rows"]}
    assert rows["duration"]["low"]["cumulative"] == D("-25000")
    assert rows["duration"]["high"]["cumulative"] == D("25000")
    base = calculate(inputs).present_value
    # A lower discount rate values the later gains more; the undiscounted result does not move.
    assert rows["discount_rate"]["low"]["present_value"] > base > rows["discount_rate"]["high"]["present_value"]
    assert rows["discount_rate"]["low"]["cumulative"] == rows["discount_rate"]["high"]["cumulative"] == 0


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
        ({"course_months": D(0)}, "course_months", "Forløbets længde"),
        ({"effect": EffectInputs(D(121), D(5), D(0))}, "effect_start", "Effekten skal starte"),
        ({"effect": EffectInputs(D(6), D(0), D(0))}, "effect_years", "varighed"),
        ({"effect": EffectInputs(D(6), D(11), D(0))}, "effect_years", "varighed"),
        ({"effect": EffectInputs(D(6), D(5), D("1.5"))}, "effect_decay", "aftagning"),
        (
            {
                "consequences": (
                    ConsequenceInput(
                        "Overnatning", D("1"), (PriceInput("kommune", D("1")),), rate=RateInput(D(2), D(0))
                    ),
                )
            },
            "rate",
            "Succesrate og basisrate",
        ),
        ({"usual_offer": (CostItemInput("Bostøtte", D(1), ()),)}, "price", "Pris mangler"),
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
