from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The forwarded headers waitress accepts from the trusted proxy: the scheme (https) and the client's address.
PROXY_HEADERS = {"x-forwarded-proto", "x-forwarded-for"}


class Command(BaseCommand):
    help = "Serve Sporbar on the configured database (waitress, a production-grade WSGI server)."

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

    def handle(self, *args, host, port, threads, trusted_proxy, no_collectstatic, **options):
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
        behind = f", bag proxy {trusted_proxy}" if trusted_proxy else ""
        self.stdout.write(f"Sporbar kører på http://{host}:{port}/ (database: {engine}{behind}). Stop med Ctrl+C.")
        serve(application, host=host, port=port, threads=threads, ident="sporbar", **proxy)

    @staticmethod
    def _needs_collected_static() -> bool:
        """Hashed file names (production) come from the manifest that collectstatic writes."""
        return isinstance(staticfiles_storage, ManifestFilesMixin) or not settings.WHITENOISE_USE_FINDERS
