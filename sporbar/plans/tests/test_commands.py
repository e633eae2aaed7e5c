"""The plan commands: import-plan, export-plan and plan-summary, as a user runs them."""

import json
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from sporbar.accounts.demo import load_units
from sporbar.plans.models import Initiative, Plan

PLAN_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "plan.yaml"


@pytest.fixture
def demo_plan(db):
    load_units()
    out = StringIO()
    call_command("import_plan", str(PLAN_FILE), stdout=out)
    assert "13 oprettet, 0 ændret, 0 uændret" in out.getvalue()
    return Plan.objects.get()


def test_plan_summary_json_has_the_contract_shape_and_amounts_as_numbers(demo_plan):
    out = StringIO()
    call_command("plan_summary", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["plan"]["name"] == "Den Sociale Bæredygtighedsplan – investeringsinitiativer"
    assert data["plan"]["total"] == 25_000_000 and isinstance(data["plan"]["total"], int)
    assert [(t["number"], t["total"]) for t in data["themes"]] == [
        (1, 8_000_000),
        (2, 4_000_000),
        (3, 3_800_000),
        (4, 4_700_000),
        (5, 4_500_000),
    ]
    track = next(tr for t in data["themes"] for tr in t["tracks"] if tr["number"] == "3.3")
    ips = next(i for i in track["initiatives"] if i["id"] == Initiative.objects.get(key="ips").pk)
    assert ips["amount"] == 1_700_000 and "IPS" in ips["title"]
    assert sum(i["amount"] for t in data["themes"] for tr in t["tracks"] for i in tr["initiatives"]) == 25_000_000


def test_plan_summary_picks_a_plan_by_code_and_fails_for_an_unknown_one(demo_plan):
    out = StringIO()
    call_command("plan_summary", "--json", "--plan", demo_plan.code, stdout=out)
    assert json.loads(out.getvalue())["plan"]["id"] == demo_plan.pk
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("plan_summary", "--plan", "nope", stdout=StringIO())


def test_plan_summary_table_in_danish(demo_plan):
    out = StringIO()
    call_command("plan_summary", stdout=out)
    text = out.getvalue()
    assert "Tema 3: Bedre hverdag for aarhusianere med psykisk sygdom" in text and "3,8 mio. kr." in text
    assert text.rstrip().endswith("25,0 mio. kr.")


def test_import_plan_with_errors_prints_every_problem_and_writes_nothing(db, tmp_path):
    load_units()
    bad = tmp_path / "plan.csv"
    bad.write_text(
        "plan_code;plan_name;theme_number;theme_name;track_number;track_name;initiative_key;title;amount;owner_unit\n"
        "p;Plan;1;Tema;1.1;Spor;a;A;mange penge;center-for-forsorg\n"
        "p;Plan;;;1.1;Spor;b;B;100;ingen-enhed\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="4 fejl. Intet er gemt."):
        call_command("import_plan", str(bad), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert f"{bad}:2: amount: Beløbet er ikke et tal: »mange penge«. Skriv fx 2.500.000 eller 2500000,00." in lines
    assert f"{bad}:3: theme_number: Tema mangler: temanummeret skal udfyldes." in lines
    assert f"{bad}:3: owner_unit: Ukendt enhed »ingen-enhed«." in lines
    assert Plan.objects.count() == 0


def test_the_cli_exits_non_zero_on_a_bad_file(tmp_path):
    bad = tmp_path / "plan.txt"
    bad.write_text("hej", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sporbar.cli", "import-plan", str(bad)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert f"{bad}: Ukendt filtype: brug .csv, .xlsx eller .yaml." in result.stderr


def test_export_plan_writes_each_format(demo_plan, tmp_path):
    out = StringIO()
    call_command("export_plan", "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[0].lstrip("\ufeff").startswith("plan_code;plan_name;theme_number")
    target = tmp_path / "plan.xlsx"
    call_command("export_plan", "--plan", demo_plan.code, "--format", "xlsx", "-o", str(target), stderr=StringIO())
    sheet = openpyxl.load_workbook(target).active
    assert sheet.max_row == 14 and sheet["A1"].value == "plan_code"
    out = StringIO()
    call_command("export_plan", "--format", "yaml", stdout=out)
    assert "initiative_key: ips" in out.getvalue()
    assert Decimal(sheet["I2"].value) == Decimal("2500000")
