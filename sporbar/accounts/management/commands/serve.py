import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from sporbar.middleware import MULTIPART_OVERHEAD

WORKER_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Serve Sporbar on the configured database (waitress), with the worker of background imports."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the import worker (run `sporbar db-worker` apart)"
        )

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from sporbar.wsgi import application

        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        worker = None if no_worker else self._start_worker()
        # Stop on SIGTERM as on Ctrl+C, so that the worker is stopped with the server.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(f"Sporbar kører på http://{host}:{port}/ (database: {engine}). Stop med Ctrl+C.")
        try:
            # waitress stops receiving a body above the upload limit (also one sent without a length).
            serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="sporbar",
                max_request_body_size=settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD,
            )
        finally:
            if worker is not None:
                self._stop_worker(worker)

    def _start_worker(self) -> subprocess.Popen:
        """The task queue's worker as a child process, with this process's settings and database."""
        from sporbar.jobs.services import fail_interrupted_jobs

        fail_interrupted_jobs()
        command = [sys.executable, "-m", "sporbar.cli", "db-worker", "--no-reload", "--interval", "1"]
        return subprocess.Popen(command)  # noqa: S603 - our own interpreter and command

    def _stop_worker(self, worker: subprocess.Popen) -> None:
        """Let a running import finish its chunk; one that does not stop within the grace time is
        killed, and marked as interrupted when the server starts again."""
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
