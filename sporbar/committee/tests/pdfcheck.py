"""Reading the committee PDF back with pdfplumber: what a reader would see on the paper."""

import io
import re

import pdfplumber

MM = 72 / 25.4
# The report's @page margins (report.html): 16 mm top, 15 mm left and right, 18 mm bottom, with the
# footer ("Side N af M") in the bottom margin.
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 16 * MM, 15 * MM, 18 * MM
FOOTER_BAND = 5 * MM  # the footer sits in the bottom margin, at least this far from the edge (printable)
TOLERANCE = 0.5  # points: glyph boxes may touch the margin
FOOTER = re.compile(r"Side \d+ af \d+$")


def open_pdf(content: bytes):
    return pdfplumber.open(io.BytesIO(content))


def is_footer(page, char) -> bool:
    return char["top"] >= page.height - MARGIN_BOTTOM - TOLERANCE


def text_outside_margins(pdf) -> list[str]:
    """Every character whose box leaves the page's text area (or, for the footer, the page's edge band)."""
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        for char in page.chars:
            left, right = char["x0"], char["x1"]
            inside_x = MARGIN_SIDE - TOLERANCE <= left and right <= page.width - MARGIN_SIDE + TOLERANCE
            if is_footer(page, char):
                inside_y = char["bottom"] <= page.height - FOOTER_BAND + TOLERANCE
            else:
                inside_y = MARGIN_TOP - TOLERANCE <= char["top"]
            if not (inside_x and inside_y):
                problems.append(f"side {number}: »{char['text']}« ved x={left:.0f}–{right:.0f}, y={char['top']:.0f}")
    return problems


def font_families(pdf) -> set[str]:
    """The font families used for text ("DejaVuSans" for DejaVu Sans, its bold and oblique alike)."""
    families = set()
    for page in pdf.pages:
        for char in page.chars:
            name = char["fontname"].split("+")[-1]
            families.add(re.sub(r"[-,]?(Bold|Oblique|Italic|BoldOblique|BoldItalic)$", "", name).replace("-", ""))
    return families


def used_height(page) -> float:
    """The share of the text area holding content (text or drawings), the footer left out."""
    bottoms = [c["bottom"] for c in page.chars if not is_footer(page, c)]
    bottoms += [o["bottom"] for o in page.rects + page.lines + page.curves if o["bottom"] < page.height - MARGIN_BOTTOM]
    if not bottoms:
        return 0.0
    area = page.height - MARGIN_TOP - MARGIN_BOTTOM
    return (max(bottoms) - MARGIN_TOP) / area


def figure_captions(pdf) -> list[tuple[int, int, dict]]:
    """(page number, figure number, match) for each "Figur N. …" caption."""
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        for match in page.search(r"Figur (\d+)\. \S", regex=True):
            found.append((number, int(match["groups"][0]), match))
    return found


def drawing_below(page, caption: dict, within: float = 40 * MM) -> bool:
    """Whether a chart (lines, curves or boxes) starts right under a caption, below its left end."""
    for obj in page.lines + page.curves + page.rects:
        if caption["bottom"] <= obj["top"] <= caption["bottom"] + within and obj["x0"] < caption["x0"] + 95 * MM:
            if obj["x1"] > caption["x0"] - TOLERANCE:
                return True
    return False


def full_text(pdf) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf.pages)
