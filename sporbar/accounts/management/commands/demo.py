"""Load the demo into the configured database, then serve it.

Each domain app that has a `demo.py` with `load(options, stdout)` contributes,
in the order of INSTALLED_APPS. Loading twice changes nothing.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from sporbar.accounts.audit import acting_as


class Command(BaseCommand):
    help = "Load the demo (the real plan, synthetic citizens) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load the demo and exit")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--citizens", type=int, default=None, help="number of synthetic citizens (default 600)")
        parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic data")

    def handle(self, *args, no_serve, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        with acting_as(None, "demo"), transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("sporbar."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(options, self.stdout)
        self._print_logins(port)
        if not no_serve:
            call_command("serve", port=port)

    def _print_logins(self, port):
        from sporbar.accounts.demo import DEMO_USERS

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo klar. Log ind på http://127.0.0.1:{port}/ med:"))
        for username, _name, role, _units in DEMO_USERS:
            self.stdout.write(f"  {username:<18} ({role})")
        self.stdout.write(f"  Adgangskode for alle: {settings.DEMO_PASSWORD}")
