from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Sporbar on the configured database (waitress, a production-grade WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from sporbar.wsgi import application

        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(f"Sporbar kører på http://{host}:{port}/ (database: {engine}). Stop med Ctrl+C.")
        serve(application, host=host, port=port, threads=threads, ident="sporbar")
