"""Imports as background jobs: the page stores the upload and enqueues a task; a worker process
(`sporbar db-worker`, started by `sporbar serve`) runs it, reporting progress on the job.

Each kind of import names a function `run(job, progress) -> dict` that validates the whole file
before it writes anything (and raises ImportFailed with the Danish messages if it is bad);
`progress(done, total)` records how far the writing has come.
"""

import datetime
import logging

from django.utils import timezone
from django.utils.module_loading import import_string

from sporbar.accounts.audit import acting_as

from .models import ImportJob

logger = logging.getLogger(__name__)

RUNNERS = {
    "courses": "sporbar.courses.imports.run_job",
    "plan": "sporbar.plans.importing.run_job",
}


class ImportFailed(Exception):
    """The file was refused; `errors` are Danish messages naming file, line and field."""

    def __init__(self, errors):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


def start(kind: str, user, filename: str, content: bytes) -> ImportJob:
    """Store the upload and put the import on the queue (in the caller's transaction)."""
    from .tasks import run_import

    if kind not in RUNNERS:
        raise ValueError(kind)
    job = ImportJob.objects.create(kind=kind, user=user, filename=filename, content=content)
    run_import.enqueue(job.pk)
    return job


def _progress(job):
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    return report


def run(job_id: int) -> str:
    """Run one queued job to its end; the job row records the outcome, whatever happens."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job.status
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    status, result, errors = ImportJob.Status.FAILED, {}, []
    try:
        with acting_as(job.user, None if job.user else f"import {job.kind}"):
            result = import_string(RUNNERS[job.kind])(job, _progress(job))
        status = ImportJob.Status.DONE
    except ImportFailed as exc:
        errors = exc.errors
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        errors = [f"{job.filename}: importen stoppede ved en uventet fejl. Intet fra filen er gemt."]
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, result=result, errors=errors, content=b"", finished_at=timezone.now()
    )
    return status


def fail_interrupted_jobs() -> int:
    """Jobs left running when the server (and its worker) stopped: say so, and how to finish them."""
    return ImportJob.objects.filter(status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED,
        content=b"",
        finished_at=timezone.now(),
        errors=[
            "Importen blev afbrudt, fordi serveren stoppede. Rækker, der allerede var skrevet, er gemt; "
            "importér filen igen for at få resten med (intet bliver oprettet to gange)."
        ],
    )


def visible_job(user, pk: int) -> ImportJob | None:
    """Only the person who started an import sees it (its messages may name citizens' references)."""
    return ImportJob.objects.filter(pk=pk, user=user).defer("content").first()


def prune_finished(days: int, now=None) -> int:
    """Delete the imports that finished more than `days` ago, with their task queue results: an
    import's messages may name citizens' references (least data). Returns the number of imports."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    finished = [ImportJob.Status.DONE, ImportJob.Status.FAILED]
    deleted, _ = ImportJob.objects.filter(status__in=finished, finished_at__lt=cutoff).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
