from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sporbar import backup


class Command(BaseCommand):
    help = (
        "Gem hele databasen og de uploadede filer i én zip-fil (sporbar-backup), som `sporbar restore` "
        "kan læse på SQLite og PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="den nye fil, fx sporbar-2026-11-27.zip")
        parser.add_argument("--force", action="store_true", help="overskriv filen, hvis den findes")

    def handle(self, *args, file, force, **options):
        path = Path(file)
        if path.exists() and not force:
            raise CommandError(f"{path} findes allerede; vælg et nyt navn eller brug --force.")
        if not path.parent.is_dir():
            raise CommandError(f"Mappen {path.parent} findes ikke.")
        summary = backup.backup(path)
        self.stdout.write(
            f"Sikkerhedskopi gemt i {path}: {summary.total} rækker fra {len(summary.rows)} tabeller og "
            f"{summary.media} filer (format {backup.FORMAT} version {backup.VERSION})."
        )
