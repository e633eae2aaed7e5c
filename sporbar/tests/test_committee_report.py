"""The committee PDF of the demo, read back with pdfplumber as the committee would read it on paper:
every character on the page, one font, no nearly empty page, each chart titled on one shared x-axis,
the chain told, and no number the committee may not see."""

import datetime
import re

import pytest

from sporbar.accounts.models import User
from sporbar.committee import exports, services
from sporbar.committee.tests import pdfcheck
from sporbar.effects import services as effects
from sporbar.plans.models import Plan

FULL_ENOUGH = 0.5  # a page between the first and the last holds content over at least half its height


@pytest.fixture(scope="module")
def demo_report(demo_site, django_db_blocker):
    with django_db_blocker.unblock():
        plan = Plan.objects.get()
        data = services.report_data(plan)
        html = exports.html(data)
        pdf = pdfcheck.open_pdf(exports.pdf(data))
        yield {"plan": plan, "data": data, "html": html, "pdf": pdf, "text": pdfcheck.full_text(pdf)}
        pdf.close()


def test_every_character_stays_inside_the_margins_in_one_font(demo_report):
    pdf = demo_report["pdf"]
    assert pdfcheck.text_outside_margins(pdf) == []
    assert pdfcheck.font_families(pdf) == {"DejaVuSans"}


def test_wide_tables_get_landscape_pages_and_no_page_is_nearly_empty(demo_report):
    pdf = demo_report["pdf"]
    wide = [n for n, page in enumerate(pdf.pages, start=1) if page.width > page.height]
    assert wide == [2, 3], "the initiatives' overview and the promising-practice matrix, each on a landscape page"
    assert "Initiativerne: status, økonomi og rækkevidde" in pdf.pages[1].extract_text()
    assert "Lovende praksis" in pdf.pages[2].extract_text()
    for number, page in enumerate(pdf.pages[1:-1], start=2):
        assert pdfcheck.used_height(page) >= FULL_ENOUGH, f"side {number} er næsten tom"


def test_every_chart_has_a_title_and_the_trends_share_one_x_axis(demo_report):
    pdf, html, data = demo_report["pdf"], demo_report["html"], demo_report["data"]
    charts = html.count('class="trend-chart"') + html.count('class="chart"')
    captions = pdfcheck.figure_captions(pdf)
    assert charts > 10 and [n for _page, n, _m in captions] == list(range(1, charts + 1))
    untitled = [n for page, n, match in captions if not pdfcheck.drawing_below(pdf.pages[page - 1], match)]
    assert untitled == []
    trends = data["plan_trends"] + [t for row in data["initiatives"] for t in row["trends"]]
    axes = {tuple(re.findall(r'text-anchor="middle" fill="#1b1f24">(\d{4})</text>', str(t["svg"]))) for t in trends}
    assert axes == {tuple(data["years"])}


def test_the_first_page_and_the_sections_tell_the_chain(demo_report):
    first = demo_report["pdf"].pages[0].extract_text().replace("\n", " ")
    for topic in ("Beslutninger", "Økonomi", "Rækkevidde", "Mål", "Investeringscases"):
        assert f" {topic} " in first
    assert "Siden sidste rapport til udvalget den" in first and "Planens initiativer har brugt" in first
    assert "Investeringscase: ACT – nutidsværdi" in first and "Investeringscase: IPS – nutidsværdi" in first
    text = demo_report["text"]
    assert "Beslutninger siden sidste rapport til udvalget" in text and "Videreførelse af ACT-teamet" in text
    assert "Opfølgninger" in text and "overskredet" in text
    assert "Akkumuleret resultat pr. år, Investeringscase: ACT" in text


def test_no_figure_hidden_from_the_committee_shows_in_the_report(demo_report, django_db_blocker):
    """The ACT lead sees ACT's own figures as they are; those the committee may not see are not in the report.

    The report as it was at the end of 2025: in the demo that year has figures the lead sees and the
    committee does not (this year's ACT figures are all large enough to be shown to both)."""
    with django_db_blocker.unblock():
        data = services.report_data(demo_report["plan"], today=datetime.date(2025, 12, 31))
        text = pdfcheck.full_text(pdfcheck.open_pdf(exports.pdf(data)))
        period = data["period"]
        lead = User.objects.get(username="leder-act")
        inside = {_key(f): f for f in effects.keyfigures(demo_report["plan"], lead) if f["period"] == period}
    committee = data["figures"]
    hidden = [inside[_key(f)] for f in committee if f["suppressed"] and not inside[_key(f)]["suppressed"]]
    assert hidden, "the demo has figures the lead sees and the committee does not"
    shown = {f"{f['count']} af {f['denominator']}" for f in committee if not f["suppressed"]}
    revealing = {f"{f['count']} af {f['denominator']}" for f in hidden} - shown
    body = re.sub(r"Side \d+ af \d+", "", text)  # the page numbers
    assert revealing and [words for words in revealing if re.search(rf"(?<!\d){words}(?!\d)", body)] == []


def _key(f):
    return (f["figure"], f["dimension"], f["scope"]["kind"], f["scope"]["id"], f["period"])
