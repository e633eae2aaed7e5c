import signal
import subprocess
import sys

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sporbar.commandline import sporbar_command
from sporbar.middleware import MULTIPART_OVERHEAD

# The forwarded headers waitress accepts from the trusted proxy: the scheme (https) and the client's address.
PROXY_HEADERS = {"x-forwarded-proto", "x-forwarded-for"}
WORKER_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Serve Sporbar on the configured database (waitress), with the worker of background imports."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--trusted-proxy",
            default=settings.TRUSTED_PROXY,
            help="address of the TLS proxy in front (default: TRUSTED_PROXY); only its X-Forwarded-Proto "
            "and X-Forwarded-For are believed",
        )
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="do not collect the static files before serving"
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the import worker (run `sporbar db-worker` apart)"
        )

    def handle(self, *args, host, port, threads, trusted_proxy, no_collectstatic, no_worker, **options):
        if not no_collectstatic and self._needs_collected_static():
            # A fresh install (or an upgrade) serves the static files of this very version. Before the
            # application loads: WhiteNoise reads STATIC_ROOT once, when it starts.
            call_command("collectstatic", interactive=False, verbosity=0)
        from waitress import serve

        from sporbar.wsgi import application

        proxy = {}
        if trusted_proxy:
            proxy = {"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1, "trusted_proxy_headers": PROXY_HEADERS}
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        worker = None if no_worker else self._start_worker()
        # Stop on SIGTERM as on Ctrl+C, so that the worker is stopped with the server.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        behind = f", bag proxy {trusted_proxy}" if trusted_proxy else ""
        self.stdout.write(f"Sporbar kører på http://{host}:{port}/ (database: {engine}{behind}). Stop med Ctrl+C.")
        try:
            # waitress stops receiving a body above the upload limit (also one sent without a length).
            serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="sporbar",
                max_request_body_size=settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD,
                **proxy,
            )
        finally:
            if worker is not None:
                self._stop_worker(worker)

    @staticmethod
    def _needs_collected_static() -> bool:
        """Hashed file names (production) come from the manifest that collectstatic writes."""
        return isinstance(staticfiles_storage, ManifestFilesMixin) or not settings.WHITENOISE_USE_FINDERS

    def _start_worker(self) -> subprocess.Popen:
        """The task queue's worker as a child process, with this process's settings and database."""
        from sporbar.jobs.services import fail_interrupted_jobs

        fail_interrupted_jobs()
        command = sporbar_command("db-worker", "--no-reload", "--interval", "1", background=True)
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
