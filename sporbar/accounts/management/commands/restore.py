from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sporbar import backup


class Command(BaseCommand):
    help = (
        "Gendan en sikkerhedskopi fra `sporbar backup` i en tom database (migrerer den først) og genopbyg "
        "nøgletal og søgeindeks. En database med indhold afvises, medmindre --force gives."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="erstat alt indhold i databasen")

    def handle(self, *args, file, force, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: filen findes ikke.")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = backup.restore(path, force=force)
        except backup.RestoreRefused as exc:
            raise CommandError(f"{exc} Intet er ændret.") from None
        self.stdout.write(
            f"Gendannet fra {path}: {summary.total} rækker i {len(summary.rows)} tabeller og {summary.media} filer; "
            "nøgletal og søgeindeks er genopbygget. API-nøgler udstedes på ny med `sporbar token`."
        )
