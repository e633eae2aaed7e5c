from django.core.management.base import BaseCommand, CommandError

from sporbar.accounts.audit import acting_as
from sporbar.courses import services
from sporbar.courses.models import Citizen


class Command(BaseCommand):
    help = "Slet én borgers personoplysninger efter anmodning."

    def add_arguments(self, parser):
        parser.add_argument("citizen_id", type=int)

    def handle(self, *args, citizen_id, **options):
        citizen = Citizen.objects.filter(pk=citizen_id).first()
        if citizen is None:
            raise CommandError(f"Der findes ingen borger med id {citizen_id}.")
        if citizen.erased_at:
            self.stdout.write(f"Borger {citizen_id}: personoplysningerne er allerede slettet.")
            return
        with acting_as(None, "erase-citizen"):
            ids = services.erase_person(citizen, channel="kommando")
        others = [str(i) for i in ids if i != citizen_id]
        also = (
            f" Også slettet: samme persons registreringer i andre enheder (borger-id {', '.join(others)})."
            if others
            else ""
        )
        self.stdout.write(
            f"Borger {citizen_id}: initialer, fødselsår, CPR-nøgle, måltekster og kommentarer er slettet; "
            f"nyt pseudonym {citizen.pseudonym}.{also}"
        )
