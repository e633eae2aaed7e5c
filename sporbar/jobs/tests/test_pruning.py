"""Finished imports are kept for IMPORT_JOB_DAYS, then `sporbar tick` deletes them (least data: their
messages may name citizens' references); a running or queued import is never deleted."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sporbar.jobs import services
from sporbar.jobs.models import ImportJob


def _job(status, finished_days_ago=None):
    finished = timezone.now() - datetime.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    return ImportJob.objects.create(
        kind="courses", filename="f.csv", content=b"", status=status, finished_at=finished, errors=["linje 2: Borger 7"]
    )


def test_tick_deletes_imports_finished_before_the_kept_days_with_their_queue_results(org, run_jobs, settings):
    settings.IMPORT_JOB_DAYS = 30
    old_done, old_failed = _job(ImportJob.Status.DONE, 31), _job(ImportJob.Status.FAILED, 45)
    recent, running = _job(ImportJob.Status.DONE, 29), _job(ImportJob.Status.RUNNING)
    services.start("plan", org.admin, "plan.csv", b"plan_code;title\nx;y\n")
    run_jobs()
    DBTaskResult.objects.update(finished_at=timezone.now() - datetime.timedelta(days=31))
    out = StringIO()
    call_command("tick", stdout=out)
    assert "Importer afsluttet for mere end 30 dage siden, slettet: 2" in out.getvalue()
    kept = set(ImportJob.objects.values_list("pk", flat=True))
    assert {recent.pk, running.pk} <= kept and not {old_done.pk, old_failed.pk} & kept
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_a_job_is_kept_until_its_days_are_over_as_of_the_date_given():
    job = _job(ImportJob.Status.DONE, 0)
    in_29_days = (timezone.localdate() + datetime.timedelta(days=29)).isoformat()
    call_command("tick", dato=in_29_days, stdout=StringIO())
    assert ImportJob.objects.filter(pk=job.pk).exists()
    call_command("tick", dato=(timezone.localdate() + datetime.timedelta(days=32)).isoformat(), stdout=StringIO())
    assert not ImportJob.objects.exists()
