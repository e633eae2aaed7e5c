"""Accessible SVG charts rendered on the server (the same SVG goes into the PDF)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from sporbar.formats import percent

ACCENT, TARGET, MUTED, INK = "#1d5fa8", "#b3261e", "#6b7380", "#1b1f24"


def _svg(width, height, title, desc, body, css_class):
    """The drawing scales to its container (viewBox, width 100 %); the page or PDF sets its size."""
    uid = abs(hash((title, desc))) % 10**8
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="t{uid} d{uid}" '
        f'font-family="sans-serif">'
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(desc)}</desc>{body}</svg>'
    )


def interval_bar(share, low, high, target, label: str, hidden_because: str = ""):
    """A small bar: the share, its 95 % interval as an error bar, and the target as a red tick."""
    width, height, pad = 160, 22, 4
    inner = width - 2 * pad

    def x(v):
        return pad + inner * v

    if share is None:
        return _svg(width, height, label, f"Skjult: {hidden_because or 'færre end 5'}.", "", "interval-bar")
    body = [f'<rect x="{pad}" y="6" width="{inner}" height="10" fill="#e7ebf0"/>']
    body.append(f'<rect x="{pad}" y="6" width="{inner * share:.1f}" height="10" fill="{ACCENT}"/>')
    body.append(
        f'<line x1="{x(low):.1f}" y1="11" x2="{x(high):.1f}" y2="11" stroke="{INK}" stroke-width="1.5"/>'
        f'<line x1="{x(low):.1f}" y1="6" x2="{x(low):.1f}" y2="16" stroke="{INK}" stroke-width="1.5"/>'
        f'<line x1="{x(high):.1f}" y1="6" x2="{x(high):.1f}" y2="16" stroke="{INK}" stroke-width="1.5"/>'
    )
    desc = f"Andel {percent(share)}, 95 % interval {percent(low)}–{percent(high)}"
    if target is not None:
        body.append(
            f'<line x1="{x(target):.1f}" y1="1" x2="{x(target):.1f}" y2="21" stroke="{TARGET}" stroke-width="2"/>'
        )
        desc += f", mål {percent(target)}"
    return _svg(width, height, label, desc + ".", "".join(body), "interval-bar")


def trend_chart(points: list[dict], title: str, periods: list[str] | None = None, drawn_title: bool = True):
    """A trend over periods: points with period, share, ci_low, ci_high, target (None = hidden).

    `periods` is the x-axis; the charts of one set pass the same periods, so that they line up.
    The title is drawn above the plot, so the chart keeps it wherever it goes (page, PDF); with
    drawn_title=False the caller shows it as text next to the chart (the committee report's captions).
    """
    by_period = {p["period"]: p for p in points}
    points = [by_period.get(period, {"period": period, "share": None}) for period in (periods or sorted(by_period))]
    title = title[:1].upper() + title[1:]
    # "Figure – dimension" takes two lines, so that every chart of a set has its plot at the same height.
    title_lines = title.split(" – ", 1) if drawn_title else []
    width, height = 560, 250 + 20 * len(title_lines)
    left, right, top, bottom = 48, 12, 24 + 20 * len(title_lines), 44
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(points), 1)
    step = plot_w / n

    def y(v):
        return top + plot_h * (1 - v)

    def xc(i):
        return left + step * (i + 0.5)

    heading = "".join(
        f'<tspan x="0" dy="{0 if i == 0 else 20}">{escape(line)}</tspan>' for i, line in enumerate(title_lines)
    )
    body = [f'<text x="0" y="17" font-size="17" font-weight="bold" fill="{INK}">{heading}</text>'] if heading else []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        body.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#dde2e8"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="12" text-anchor="end" fill="{MUTED}">'
            f"{percent(tick)}</text>"
        )
    descs, line, target_line = [], [], []
    for i, p in enumerate(points):
        cx = xc(i)
        body.append(
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" font-size="13" text-anchor="middle" fill="{INK}">'
            f"{escape(p['period'])}</text>"
        )
        if p.get("target") is not None:
            target_line.append(
                f"{cx - step / 2 + 4:.1f},{y(p['target']):.1f} {cx + step / 2 - 4:.1f},{y(p['target']):.1f}"
            )
        if p.get("share") is None:
            body.append(
                f'<text x="{cx:.1f}" y="{y(0.5):.1f}" font-size="14" text-anchor="middle" fill="{MUTED}">–</text>'
            )
            why = {"small": "færre end 5", "secondary": "skjult for at beskytte et andet tal"}
            descs.append(f"{p['period']}: {why.get(p.get('suppressed_reason'), 'ingen tal')}")
            continue
        body.append(
            f'<line x1="{cx:.1f}" y1="{y(p["ci_low"]):.1f}" x2="{cx:.1f}" y2="{y(p["ci_high"]):.1f}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
            + "".join(
                f'<line x1="{cx - 5:.1f}" y1="{y(v):.1f}" x2="{cx + 5:.1f}" y2="{y(v):.1f}" stroke="{INK}"/>'
                for v in (p["ci_low"], p["ci_high"])
            )
            + f'<circle cx="{cx:.1f}" cy="{y(p["share"]):.1f}" r="4" fill="{ACCENT}"/>'
        )
        line.append(f"{cx:.1f},{y(p['share']):.1f}")
        text = f"{p['period']}: {percent(p['share'])} ({percent(p['ci_low'])}–{percent(p['ci_high'])})"
        if p.get("target") is not None:
            text += f", mål {percent(p['target'])}"
        descs.append(text)
    if len(line) > 1:
        body.insert(1, f'<polyline points="{" ".join(line)}" fill="none" stroke="{ACCENT}" stroke-width="1.5"/>')
    for segment in target_line:
        body.append(
            f'<polyline points="{segment}" fill="none" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 3"/>'
        )
    legend_y = height - 8
    body.append(
        f'<circle cx="{left + 6}" cy="{legend_y - 4}" r="4" fill="{ACCENT}"/>'
        f'<text x="{left + 14}" y="{legend_y}" font-size="13" fill="{INK}">Andel med 95 % interval</text>'
        f'<line x1="{left + 198}" y1="{legend_y - 4}" x2="{left + 220}" y2="{legend_y - 4}" stroke="{TARGET}" '
        f'stroke-width="2" stroke-dasharray="6 3"/>'
        f'<text x="{left + 226}" y="{legend_y}" font-size="13" fill="{INK}">Mål</text>'
    )
    return _svg(width, height, title, "; ".join(descs) + ".", "".join(body), "trend-chart")
