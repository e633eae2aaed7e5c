import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from sporbar import formats


class Command(BaseCommand):
    help = "Udskriv en ny API-nøgle til USERNAME (gemmes kun som hash og udløber efter API_TOKEN_DAYS dage)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="dage til nøglen udløber (standard: API_TOKEN_DAYS)")
        parser.add_argument("--revoke", action="store_true", help="tilbagekald alle brugerens nøgler i stedet")

    def handle(self, *args, username, days, revoke, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Ingen aktiv bruger med brugernavnet '{username}'.")
        if revoke:
            count, _ = AuthToken.objects.filter(user=user).delete()
            self.stderr.write(f"{count} API-nøgle(r) tilbagekaldt for {username}.")
            return
        days = settings.API_TOKEN_DAYS if days is None else days
        if not 1 <= days <= 366:
            raise CommandError("--days skal være mellem 1 og 366.")
        instance, token = AuthToken.objects.create(user=user, expiry=datetime.timedelta(days=days))
        self.stdout.write(token)
        self.stderr.write(f"Nøglen udløber {formats.date(instance.expiry)}. Den vises kun denne ene gang.")
