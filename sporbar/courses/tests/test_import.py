"""Import of courses and assessments: line-precise errors, no partial writes, no duplicates."""

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from sporbar.courses.models import Assessment, Citizen, Course, Goal

pytestmark = pytest.mark.django_db

HEADER = (
    "citizen_ref,cpr,initials,birth_year,initiative,unit,start_date,"
    "dimension,goal_type,goal_text,assessment_date,level,status\n"
)
GOOD = HEADER + (
    "Borger Import1,,AB,1980,act,centre-a,2025-01-01,personlig,udvikle,Sove bedre,2025-03-01,3,ikke opfyldt\n"
    "Borger Import1,,AB,1980,act,centre-a,2025-01-01,personlig,udvikle,Sove bedre,2025-09-01,2,delvist\n"
    ",0505051234,,,act,centre-a,01-02-2025,netvaerk,fastholde,Se min bror,,,\n"
)


def counts():
    return Citizen.objects.count(), Course.objects.count(), Goal.objects.count(), Assessment.objects.count()


def test_import_twice_creates_no_duplicates(cdata, tmp_path):
    path = tmp_path / "forloeb.csv"
    path.write_text(GOOD)
    before = counts()
    out = StringIO()
    call_command("import_courses", str(path), stdout=out)
    assert "2 nye borgere, 2 nye forløb, 2 nye mål, 2 nye" in out.getvalue()
    after = counts()
    assert after == (before[0] + 2, before[1] + 2, before[2] + 2, before[3] + 2)
    call_command("import_courses", str(path), stdout=StringIO())
    assert counts() == after
    assert Goal.objects.get(text="Sove bedre").assessments.order_by("date").last().status == "delvist"


def test_a_reference_is_one_citizen_across_chunks_and_rows_of_the_same_chunk(cdata, monkeypatch):
    from sporbar.courses import imports

    twice = GOOD + GOOD.splitlines(keepends=True)[1].replace("2025-03-01", "2025-12-01")
    for chunk_rows in (1, 1000):
        monkeypatch.setattr(imports, "CHUNK_ROWS", chunk_rows)
        imports.import_file(twice.encode(), "forloeb.csv")
        assert Citizen.objects.filter(pseudonym="Borger Import1").count() == 1
        assert Assessment.objects.filter(goal__text="Sove bedre").count() == 3


def test_errors_name_file_line_and_field_and_nothing_is_written(cdata, tmp_path):
    path = tmp_path / "fejl.csv"
    path.write_text(GOOD + "Borger X,,,,ukendt,centre-a,2025-13-01,personlig,udvikle,Tekst,2025-03-01,7,\n")
    before = counts()
    with pytest.raises(CommandError) as exc:
        call_command("import_courses", str(path))
    message = str(exc.value)
    assert "fejl.csv, linje 5, felt initiative: ukendt initiativ 'ukendt'" in message
    assert "linje 5, felt start_date" in message
    assert "linje 5, felt level" in message and "linje 5, felt status" in message
    assert counts() == before


def test_missing_column_is_reported(cdata, tmp_path):
    path = tmp_path / "kolonne.csv"
    path.write_text("citizen_ref,initiative\nA,act\n")
    with pytest.raises(CommandError, match="linje 1: mangler kolonnen unit"):
        call_command("import_courses", str(path))


def test_upload_page_imports_xlsx_for_own_unit_only_in_the_background(org, cdata, client_for, run_jobs):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    data = BytesIO()
    book.save(data)
    client = client_for(org.worker_b)
    data.seek(0)
    data.name = "forloeb.xlsx"
    before = counts()
    response = client.post(reverse("courses:import"), {"file": data})
    job_url = response["Location"]
    assert response.status_code == 302 and job_url.startswith("/import/")
    assert "Filen bliver kontrolleret" in client.get(job_url).content.decode()
    run_jobs()
    page = client.get(job_url).content.decode()
    assert "du har ikke adgang til enheden" in page and "linje 2" in page and "Intet er gemt" in page
    assert counts() == before
    assert client_for(org.worker_a).get(job_url).status_code == 404  # someone else's import
    data.seek(0)
    job_url = client_for(org.worker_a).post(reverse("courses:import"), {"file": data})["Location"]
    run_jobs()
    page = client_for(org.worker_a).get(job_url).content.decode()
    assert "Importeret" in page and "Nye borgere" in page
    assert Citizen.objects.filter(pseudonym="Borger Import1").exists()


def test_a_hostile_upload_is_refused_by_the_job_with_a_message(org, cdata, client_for, run_jobs, settings):
    from sporbar.jobs.models import ImportJob
    from sporbar.tests.hostile import zip_bomb

    bomb = BytesIO(zip_bomb(unpacked_mb=300))
    bomb.name = "forloeb.xlsx"
    client = client_for(org.worker_a)
    job_url = client.post(reverse("courses:import"), {"file": bomb})["Location"]
    run_jobs()
    assert "regnearket fylder" in client.get(job_url).content.decode()
    assert ImportJob.objects.get().content == b""  # the upload is not kept after the job


def test_an_upload_above_the_limit_is_refused_on_the_page(org, cdata, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_bytes": 1000}
    data = BytesIO(GOOD.encode() * 20)
    data.name = "forloeb.csv"
    response = client_for(org.worker_a).post(reverse("courses:import"), {"file": data})
    assert response.status_code == 200 and "filen er for stor" in response.content.decode()


def test_the_figure_summary_after_a_chunked_import_equals_a_rebuild(cdata, tmp_path, monkeypatch):
    from sporbar.courses import imports
    from sporbar.effects import summary
    from sporbar.effects.models import FigureCount

    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)  # several chunks from the small file
    imports.import_file(GOOD.encode(), "forloeb.csv")
    kept_current = sorted(FigureCount.objects.values_list("figure", "unit_id", "dimension", "period_key", "ok", "n"))
    summary.rebuild()
    rebuilt = sorted(FigureCount.objects.values_list("figure", "unit_id", "dimension", "period_key", "ok", "n"))
    assert kept_current == rebuilt and rebuilt


def test_every_imported_record_is_in_the_audit_log_with_the_importing_user(org, cdata):
    from sporbar.accounts.audit import acting_as
    from sporbar.accounts.models import AuditEntry
    from sporbar.courses import imports

    with acting_as(org.worker_a):
        imports.import_file(GOOD.encode(), "forloeb.csv", user=org.worker_a)
    created = AuditEntry.objects.filter(action="create", user=org.worker_a)
    assert set(created.values_list("model", flat=True)) == {
        "courses.Assessment",
        "courses.Citizen",
        "courses.Course",
        "courses.Goal",
        "courses.Person",  # the file names a citizen by CPR number
    }
    assert created.filter(model="courses.Assessment").count() == 2
    assert set(created.filter(model="courses.Assessment").values_list("object_id", flat=True)) == {
        str(pk) for pk in Assessment.objects.filter(goal__text="Sove bedre").values_list("pk", flat=True)
    }
