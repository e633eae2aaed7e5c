"""Server-rendered, accessible SVG charts (pages and the committee PDF; no scripts, no inline styles)."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from sporbar import formats

from .calculation import CaseResult

GREEN, RED, INK, MUTED, LINE = "#1e7b34", "#b3261e", "#1d2530", "#5b6675", "#d9dee5"


def _scale(values, height, top):
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = (high - low) or Decimal(1)

    def y(v):
        return float(top + (high - Decimal(v)) / span * height)

    return y, low, high


def cumulative_chart_svg(result: CaseResult, title: str | None = None, uid: str = "cum") -> str:
    """Bars of the cumulative net result per year (green at or above zero, red below), and a line
    with the discounted cumulative result. `uid` keeps the ids apart when a document holds several."""
    title = title or _("Akkumuleret resultat pr. år")
    years = result.years
    width, height, left, top, bottom = 760, 240, 110, 16, 34
    plot_h = height - top - bottom
    values = [y.cumulative for y in years] + [y.cumulative_discounted for y in years]
    y, low, high = _scale(values, plot_h, top)
    step = (width - left - 10) / max(1, len(years))
    desc = "; ".join(f"{yr.year}: {formats.mio_kr(yr.cumulative)}" for yr in years)
    for label, year in (
        (_("udiskonteret"), result.break_even_year),
        (_("diskonteret"), result.break_even_year_discounted),
    ):
        if year:
            desc += ". " + _("Tjener sig hjem i %(year)s (%(label)s).") % {"year": year, "label": label}
        else:
            desc += ". " + _("Tjener sig ikke hjem inden for horisonten (%(label)s).") % {"label": label}
    desc += ". " + _("Linjen viser det diskonterede akkumulerede resultat.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" class="chart" font-family="sans-serif" font-size="15">',
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(desc)}</desc>',
    ]
    for v in (high, low):
        parts.append(
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(formats.mio_kr(v))}</text>"
        )
    points = []
    for i, yr in enumerate(years):
        x = left + i * step + step * 0.15
        y0, y1 = y(0), y(yr.cumulative)
        colour = GREEN if yr.cumulative >= 0 else RED
        parts.append(
            f'<rect x="{x:.1f}" y="{min(y0, y1):.1f}" width="{step * 0.7:.1f}" height="{max(abs(y1 - y0), 1):.1f}" '
            f'fill="{colour}"><title>{yr.year}: {escape(formats.kr(yr.cumulative))}</title></rect>'
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{INK}">{yr.year}</text>'
        )
        points.append(f"{x + step * 0.35:.1f},{y(yr.cumulative_discounted):.1f}")
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{INK}"/>')
    parts.append(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def tornado_svg(sensitivity: dict, key: str = "present_value") -> str:
    """One bar per parameter from its −25 % result to its +25 % result, around the base result."""
    rows = sorted(sensitivity["rows"], key=lambda r: -abs(r["high"][key] - r["low"][key]))
    base = sensitivity["base"][key]
    width, row_h, left, top = 760, 32, 175, 20
    height = top + row_h * len(rows) + 24
    values = [base] + [r[k][key] for r in rows for k in ("low", "high")]
    lo, hi = min(values), max(values)
    span = (hi - lo) or Decimal(1)
    plot_w = width - left - 20

    def x(v):
        return float(left + (Decimal(v) - lo) / span * plot_w)

    pct = formats.percent(sensitivity["step"])
    desc = "; ".join(
        f"{r['label']}: −{pct} {formats.mio_kr(r['low'][key])}, +{pct} {formats.mio_kr(r['high'][key])}" for r in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="tor-title tor-desc" class="chart" font-family="sans-serif" font-size="15">',
        f'<title id="tor-title">{escape(_("Følsomhed: nutidsværdi ved ±%(p)s") % {"p": pct})}</title>',
        f'<desc id="tor-desc">{escape(_("Basis") + " " + formats.mio_kr(base) + "; " + desc)}</desc>',
    ]
    for i, r in enumerate(rows):
        y = top + i * row_h
        a, b = x(r["low"][key]), x(r["high"][key])
        parts.append(f'<text x="{left - 8}" y="{y + 18}" text-anchor="end" fill="{INK}">{escape(r["label"])}</text>')
        for end, label, value in ((a, "−", r["low"][key]), (b, "+", r["high"][key])):
            start = min(end, x(base))
            colour = GREEN if value >= base else RED  # green: better than the base case
            parts.append(
                f'<rect x="{start:.1f}" y="{y + 6}" width="{max(abs(end - x(base)), 1):.1f}" height="{row_h - 12}" '
                f'fill="{colour}"><title>{label}{pct}: {escape(formats.mio_kr(value))}</title></rect>'
            )
    parts.append(f'<line x1="{x(base):.1f}" x2="{x(base):.1f}" y1="{top - 4}" y2="{height - 20}" stroke="{INK}"/>')
    parts.append(
        f'<text x="{x(base):.1f}" y="{height - 6}" text-anchor="middle" fill="{MUTED}">'
        f"{escape(_('Basis') + ' ' + formats.mio_kr(base))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
