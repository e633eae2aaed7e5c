"""Trend charts scale with their container, carry their title, and a set shares one x-axis."""

import re

from sporbar.effects import charts, services


def _figure(figure, dimension, period, share):
    return {
        "figure": figure,
        "dimension": dimension,
        "period": period,
        "share": share,
        "ci_low": share and share - 0.1,
        "ci_high": share and share + 0.1,
        "target": None,
        "scope": {"kind": "plan", "id": 1, "name": "Planen"},
    }


def test_a_chart_scales_with_its_container_and_shows_its_title():
    svg = charts.trend_chart([_figure("maal", "personlig", "2024", 0.5)], "mål nået eller forbedret – personlig")
    opening = svg.split(">", 1)[0]
    assert 'viewBox="0 0 560 ' in opening and 'width="100%"' in opening
    assert "height=" not in opening.replace("preserveAspectRatio", "")
    assert ">Mål nået eller forbedret</tspan>" in svg and ">personlig</tspan>" in svg  # visible in the drawing


def test_the_title_takes_two_lines_inside_the_drawing():
    svg = charts.trend_chart([], "bedre efter borgerens egen vurdering – læring og selvforsørgelse")
    assert re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg) == [
        "Bedre efter borgerens egen vurdering",
        "læring og selvforsørgelse",
    ]


def test_the_charts_of_a_set_share_their_x_axis():
    figures = [
        _figure("maal", "personlig", "2022", 0.4),
        _figure("maal", "personlig", "2023", 0.5),
        _figure("maal", "netvaerk", "2024", 0.6),
        _figure("selv", "laering", "2021", None),
    ]
    sets = services.trends(figures, "plan", 1)
    axes = [re.findall(r'text-anchor="middle" fill="#1b1f24">(\d{4})</text>', t["svg"]) for t in sets]
    assert len(sets) == 3
    assert axes == [["2021", "2022", "2023", "2024"]] * 3
