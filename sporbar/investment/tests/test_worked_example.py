"""docs/investment.md's worked example, recomputed: the table a reader redoes by hand is what Sporbar computes."""

import re
from decimal import Decimal as D
from pathlib import Path

from django.conf import settings
from statsmodels.stats.proportion import confint_proportions_2indep

from sporbar import formats
from sporbar.investment.calculation import (
    CaseInputs,
    ConsequenceInput,
    CostItemInput,
    EffectInputs,
    PriceInput,
    RateInput,
    calculate,
)

DOC = Path(settings.BASE_DIR) / "docs" / "investment.md"


def worked_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## Worked example") :]


def danish(cell: str) -> D:
    return D(cell.strip().replace("−", "-").replace(".", "").replace(",", "."))


def table_rows(section: str) -> list[list[D]]:
    return [
        [danish(c) for c in line.strip("|").split("|")]
        for line in section.splitlines()
        if re.match(r"\| 20\d\d ", line)
    ]


def example_inputs() -> CaseInputs:
    # 30 of 50 courses reached the goal; 20 of 100 in the matched comparison group.
    rate = RateInput(gross=D(30) / 50, baseline=D(20) / 100)
    return CaseInputs(
        start_year=2024,
        horizon=6,
        citizens=(10, 10),
        costs=(),
        success_rate=D("0.25"),  # not used: the one consequence has its rate
        discount_rate=D("0.035"),
        course_months=D(12),
        effect=EffectInputs(start_months=D(12), duration_years=D(2), decay=D("0.5")),
        consequences=(
            ConsequenceInput(
                "Overnatning på forsorgshjem",
                D(100),
                (PriceInput("kommune", D(1000)), PriceInput("stat", D(500))),
                rate=rate,
            ),
        ),
        cost_items=(
            CostItemInput("ACT-forløb, år", D(1), (PriceInput("kommune", D(80000)), PriceInput("region", D(22000)))),
        ),
        usual_offer=(CostItemInput("Time med bostøtte", D(100), (PriceInput("kommune", D(500)),)),),
    )


def test_the_worked_example_table_is_what_sporbar_computes():
    section = worked_example()
    rows = table_rows(section)
    result = calculate(example_inputs())
    assert len(rows) == len(result.years) == 6
    for row, y in zip(rows, result.years, strict=True):
        computed = [
            y.year,
            y.citizens,
            y.in_course,
            y.carrying,
            y.cost_by_payer["kommune"],
            y.cost_by_payer["region"],
            y.by_payer["kommune"],
            y.by_payer["stat"],
            y.net,
            y.cumulative,
            y.discounted_net.quantize(D("0.01")),
            y.cumulative_discounted.quantize(D("0.01")),
        ]
        assert row == computed, y.year
    assert y.cost_by_payer["stat"] == 0 and y.by_payer["region"] == 0
    assert (result.break_even_year, result.break_even_year_discounted) == (2026, 2027)
    assert "It pays back in 2026 undiscounted and in 2027 discounted" in section
    assert f"the present value is {formats.number(result.present_value, 2)} kr." in section
    net = result.totals["net_by_payer"]
    assert (net["kommune"], net["region"], net["stat"]) == (600000, -440000, 600000)


def test_the_worked_example_rate_and_interval():
    section = worked_example()
    low, high = confint_proportions_2indep(30, 50, 20, 100, method="newcomb", compare="diff")
    assert f"{formats.percent(low, 1)}–{formats.percent(high, 1)}" in section
    gain = D(100) * D(1500)
    ends = [formats.kr(D(str(end)) * gain) for end in (low, high)]
    assert f"{ends[0]} and {ends[1]} a year" in section
