"""Importing the consequence and price catalogue: line-precise errors, all or nothing, idempotent."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from sporbar.investment.models import Consequence, Price

pytestmark = pytest.mark.django_db

GOOD = (
    "konsekvens;enhed;betaler;udvalg;pris;prisniveau;kilde;eksempel\n"
    "Overnatning på forsorgshjem;overnatninger på forsorgshjem;kommune;Socialudvalget;1.100,50;2024;Egen;ja\n"
    "Overnatning på forsorgshjem;overnatninger på forsorgshjem;stat;;1100;2024;Egen;ja\n"
    "Sengedag i psykiatrien;sengedage;region;;5200;2024;;\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_twice_creates_no_duplicates(tmp_path):
    path = write(tmp_path, "katalog.csv", GOOD)
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out)
    assert "2 nye konsekvenser, 3 nye priser" in out.getvalue()
    call_command("import_catalogue", str(path), stdout=out)
    assert "3 uændrede" in out.getvalue()
    assert Consequence.objects.count() == 2 and Price.objects.count() == 3
    price = Price.objects.get(payer="kommune")
    assert price.amount == D("1100.50") and price.committee == "Socialudvalget" and price.is_example


def test_changed_price_updates_the_existing_row(tmp_path):
    call_command("import_catalogue", str(write(tmp_path, "a.csv", GOOD)), stdout=io.StringIO())
    call_command("import_catalogue", str(write(tmp_path, "b.csv", GOOD.replace("5200", "5400"))), stdout=io.StringIO())
    assert Price.objects.get(payer="region").amount == D("5400")
    assert Price.objects.count() == 3


def test_errors_name_file_line_and_field_and_nothing_is_saved(tmp_path):
    bad = GOOD + (
        "Politiudrykning;udrykninger;borger;;2800;2024;;\n"
        "Skadestuebesøg;besøg;region;;mange;2024;;\n"
        "Skadestuebesøg;besøg;region;Socialudvalget;-1;20x;;\n"
        ";;stat;;;;;\n"
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_catalogue", str(write(tmp_path, "katalog.csv", bad)), stdout=io.StringIO())
    message = str(exc.value)
    assert "katalog.csv, linje 5, felt »betaler«" in message
    assert "katalog.csv, linje 6, felt »pris«: »mange« er ikke et beløb" in message
    assert "linje 7, felt »udvalg«" in message and "linje 7, felt »prisniveau«" in message
    assert "linje 7, felt »pris«: kan ikke være negativ" in message
    assert "linje 8, felt »konsekvens«: mangler" in message and "linje 8, felt »pris«: mangler" in message
    assert Consequence.objects.count() == 0 and Price.objects.count() == 0


def test_missing_column_and_duplicate_line(tmp_path):
    with pytest.raises(CommandError, match="linje 1: kolonnen »pris« mangler"):
        call_command("import_catalogue", str(write(tmp_path, "k.csv", "konsekvens;enhed;betaler;prisniveau\n")))
    dup = GOOD + "Sengedag i psykiatrien;sengedage;region;;5300;2024;;\n"
    with pytest.raises(CommandError, match="linje 5.*står også i linje 4"):
        call_command("import_catalogue", str(write(tmp_path, "k.csv", dup)))


def test_xlsx_import(tmp_path):
    book = Workbook()
    sheet = book.active
    for line in GOOD.splitlines():
        sheet.append([int(v) if v.isdigit() else v for v in line.split(";")])
    path = tmp_path / "katalog.xlsx"
    book.save(path)
    call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert Price.objects.get(payer="region").amount == D("5200")


def test_import_page_for_analysts_only(org, client_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("katalog.csv", GOOD.encode())
    assert client_for(org.leadership).post("/investering/katalog/", {"file": upload}).status_code == 403
    bad = SimpleUploadedFile("katalog.csv", (GOOD + "X;y;borger;;1;2024;;\n").encode())
    response = client_for(org.analyst).post("/investering/katalog/", {"file": bad})
    assert response.status_code == 400 and "linje 5, felt »betaler«" in response.content.decode()
    upload = SimpleUploadedFile("katalog.csv", GOOD.encode())
    response = client_for(org.analyst).post("/investering/katalog/", {"file": upload})
    assert response.status_code == 200 and "eksempelværdi" in response.content.decode()
    assert Price.objects.count() == 3


def test_analyst_edits_a_price_on_the_page_and_leadership_cannot(shelter, org, client_for):
    price = shelter.prices.get(payer="kommune")
    data = {
        "name": shelter.name,
        "unit": shelter.unit,
        "description": "",
        "pris-TOTAL_FORMS": "2",
        "pris-INITIAL_FORMS": "2",
    }
    for i, p in enumerate(shelter.prices.order_by("payer")):
        data.update(
            {
                f"pris-{i}-id": str(p.pk),
                f"pris-{i}-consequence": str(shelter.pk),
                f"pris-{i}-payer": p.payer,
                f"pris-{i}-committee": "",
                f"pris-{i}-amount": "1250" if p == price else str(p.amount),
                f"pris-{i}-price_level_year": "2025",
                f"pris-{i}-source": "Egen opgørelse",
            }
        )
    url = f"/investering/katalog/{shelter.pk}/"
    assert client_for(org.leadership).post(url, data).status_code == 403
    price.refresh_from_db()
    assert price.amount == D("1000")
    response = client_for(org.analyst).post(url, data)
    assert response.status_code == 302
    price.refresh_from_db()
    assert price.amount == D("1250") and price.price_level_year == 2025
    page = client_for(org.analyst).get("/investering/katalog/").content.decode()
    assert "1.250 kr." in page


WITH_OUTCOMES = (
    "konsekvens;enhed;betaler;udvalg;pris;prisniveau;kilde;eksempel;udfald;dimension;basisrate\n"
    "Uge på kontanthjælp;uger;kommune;;2300;2024;;ja;beskæftigelse;;10 %\n"
    "Uge på kontanthjælp;uger;stat;;700;2024;;ja;;;\n"
    "Overnatning på forsorgshjem;overnatninger;kommune;;1100;2024;;ja;maal;personlig;5\n"
    "Sengedag i psykiatrien;sengedage;region;;5200;2024;;;;;\n"
)


def test_the_catalogue_names_the_measured_outcome_of_each_consequence(tmp_path):
    path = write(tmp_path, "katalog.csv", WITH_OUTCOMES)
    call_command("import_catalogue", str(path), stdout=io.StringIO())
    cash = Consequence.objects.get(name="Uge på kontanthjælp")
    assert (cash.outcome_figure, cash.outcome_dimension, cash.baseline_rate) == ("beskaeftigelse", "", D("0.1"))
    shelter = Consequence.objects.get(name="Overnatning på forsorgshjem")
    assert shelter.outcome == {"figure": "maal", "dimension": "personlig"} and shelter.baseline_rate == D("0.05")
    assert Consequence.objects.get(name="Sengedag i psykiatrien").outcome is None
    before = list(Consequence.objects.values_list("outcome_figure", "outcome_dimension", "baseline_rate"))
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out)
    assert "4 uændrede" in out.getvalue()
    assert list(Consequence.objects.values_list("outcome_figure", "outcome_dimension", "baseline_rate")) == before


@pytest.mark.parametrize(
    "line, where",
    [
        (
            "Politiudrykning;udrykninger;stat;;2800;2024;;;trivsel;;",
            "linje 6, felt »udfald«: Udfaldet »trivsel« findes ikke",
        ),
        ("Politiudrykning;udrykninger;stat;;2800;2024;;;maal;;", "linje 6, felt »dimension«: Udfaldet »maal« kræver"),
        (
            "Politiudrykning;udrykninger;stat;;2800;2024;;;maal;helbred;",
            "linje 6, felt »dimension«: Dimensionen »helbred«",
        ),
        ("Politiudrykning;udrykninger;stat;;2800;2024;;;beskaeftigelse;laering;", "linje 6, felt »dimension«"),
        ("Politiudrykning;udrykninger;stat;;2800;2024;;;;personlig;", "linje 6, felt »udfald«: En dimension kræver"),
        ("Politiudrykning;udrykninger;stat;;2800;2024;;;;;120 %", "linje 6, felt »basisrate«"),
        (
            "Uge på kontanthjælp;uger;region;;100;2024;;;selv;personlig;",
            "linje 6, felt »udfald«: konsekvensen har et andet",
        ),
    ],
)
def test_an_outcome_that_does_not_exist_is_refused_with_its_place_and_nothing_is_saved(tmp_path, line, where):
    path = write(tmp_path, "katalog.csv", WITH_OUTCOMES + line + "\n")
    with pytest.raises(CommandError) as exc:
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert "katalog.csv, " + where in str(exc.value)
    assert Consequence.objects.count() == 0 and Price.objects.count() == 0


def test_the_consequence_page_refuses_a_missing_price_and_an_unknown_outcome(org, client_for):
    data = {
        "name": "Politiudrykning",
        "unit": "udrykninger",
        "description": "",
        "outcome_figure": "maal",
        "outcome_dimension": "",
        "baseline_rate": "",
        "pris-TOTAL_FORMS": "1",
        "pris-INITIAL_FORMS": "0",
    }
    response = client_for(org.analyst).post("/investering/katalog/ny/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "kræver en dimension" in html and "mindst én pris" in html
    response = client_for(org.analyst).post("/investering/katalog/ny/", {**data, "outcome_figure": "trivsel"})
    assert response.status_code == 400 and "trivsel" in response.content.decode()
    assert Consequence.objects.count() == 0


def test_the_api_refuses_an_outcome_that_does_not_exist(org, api_for):
    api = api_for(org.analyst)
    bad = {"name": "Politi", "unit": "udrykninger", "outcome_figure": "trivsel"}
    response = api.post("/api/v1/consequences/", bad, format="json")
    assert response.status_code == 400 and "trivsel" in str(response.json()["outcome_figure"])
    response = api.post(
        "/api/v1/consequences/",
        {**bad, "outcome_figure": "beskaeftigelse", "outcome_dimension": "laering"},
        format="json",
    )
    assert response.status_code == 400 and "ingen dimension" in str(response.json())
    assert Consequence.objects.count() == 0
    good = {**bad, "outcome_figure": "beskaeftigelse", "baseline_rate": "0.1"}
    assert api.post("/api/v1/consequences/", good, format="json").status_code == 201
