"""Demo: the last status report went to the committee three months ago, so the next one has a "since"."""

import datetime

from django.utils import timezone

from sporbar.accounts.models import User
from sporbar.plans.models import Plan

from . import services
from .models import IssuedReport

DAYS_SINCE_LAST_REPORT = 90


def load(options, stdout):
    analyst = User.objects.filter(username="analytiker").first()
    issued_on = timezone.localdate() - datetime.timedelta(days=DAYS_SINCE_LAST_REPORT)
    for plan in Plan.objects.all():
        if not IssuedReport.objects.filter(plan=plan).exists():
            year = services.report_period(plan, issued_on) or ""
            IssuedReport.objects.create(plan=plan, issued_on=issued_on, issued_by=analyst, figures_year=year)
    stdout.write(f"Rapport til udvalget: sidst sendt {issued_on:%d-%m-%Y}.")
