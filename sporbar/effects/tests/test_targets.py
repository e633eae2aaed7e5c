"""Targets: their import and their pages (the committee report's tests are in the committee app)."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sporbar.effects.models import Target

pytestmark = pytest.mark.django_db


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
