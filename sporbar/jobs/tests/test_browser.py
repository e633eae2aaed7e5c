"""In headless Chromium: an analyst uploads a plan, sees the job waiting, and the page shows the
result by itself (HTMX polling) once the worker has run it."""

import pytest

from conftest import browser_login
from sporbar.plans.models import Initiative, Plan, Theme, Track

PLAN = (
    "plan_code;plan_name;theme_number;theme_name;track_number;track_name;initiative_key;title;amount;owner_unit\n"
    'ny;Ny plan;1;Tema;1.1;Spor;act;"Jeg vil ""komme ud"", sagde hun";1000;centre-a\n'
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_import_page_follows_the_background_job_to_its_result(org, page, run_jobs, tmp_path):
    upload = tmp_path / "plan.csv"
    upload.write_bytes(PLAN.encode("cp1252"))
    browser_login(page, org.analyst.username)
    page.goto("/planer/import/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_url("**/import/*/")
    assert page.locator("#job-status").inner_text() == "i kø"
    assert page.locator("progress").count() == 1
    run_jobs()
    page.locator("#job-status", has_text="færdig").wait_for()  # no reload: the fragment was polled
    assert "Oprettet" in page.locator("#job-progress").inner_text()
    assert Initiative.objects.get(track__theme__plan=Plan.objects.get(code="ny")).title == (
        'Jeg vil "komme ud", sagde hun'
    )
    assert Theme.objects.count() == 1 and Track.objects.count() == 1
