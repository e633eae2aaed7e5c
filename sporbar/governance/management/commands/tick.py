"""`sporbar tick`: move hearings to the state their dates call for, then send the reminders that are due
(follow-ups due within 7 days or overdue, invitations to open hearings), each at most once. Safe to run as
often as wanted; run it daily. It also deletes the pages of imports that finished more than IMPORT_JOB_DAYS
ago."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from sporbar.accounts.audit import acting_as
from sporbar.governance import reminders, services
from sporbar.jobs import services as jobs


class Command(BaseCommand):
    help = (
        "Flytter høringer frem efter deres datoer (kladde → åben → afventer konklusion) og sender de påmindelser, "
        "der er aktuelle (opfølgninger med frist inden for 7 dage eller overskredet, åbne høringer), hver én gang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dato", help="Kør som om i dag var denne dato (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["dato"]) if options.get("dato") else None
        with transaction.atomic(), acting_as(None, "sporbar tick"):
            moved = services.tick(today)
        for hearing, old, new in moved:
            self.stdout.write(f"{hearing}: {old} → {new}")
        self.stdout.write(f"Høringer flyttet: {len(moved)}")
        sent = reminders.send_reminders(today)
        self.stdout.write(f"Påmindelser sendt: {sent['reminders']} i {sent['emails']} e-mails")
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time())) if today else None
        pruned = jobs.prune_finished(settings.IMPORT_JOB_DAYS, now)
        self.stdout.write(f"Importer afsluttet for mere end {settings.IMPORT_JOB_DAYS} dage siden, slettet: {pruned}")
