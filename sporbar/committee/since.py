"""From which date a committee report tells the decisions and follow-ups, and why that date.

Each report that went to the committee is recorded (`IssuedReport`). A report tells what happened since
the latest one recorded before today (one recorded today is the report being made today), or since a
date the user chooses; without either, everything.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sporbar.plans.models import Plan

from .models import IssuedReport

CHOSEN, LAST_REPORT, NO_REPORT = "valgt", "sidste rapport", "ingen"


@dataclass(frozen=True)
class Since:
    date: datetime.date | None
    source: str  # CHOSEN, LAST_REPORT or NO_REPORT
    last_report: IssuedReport | None = None


def last_issued(plan: Plan, before: datetime.date) -> IssuedReport | None:
    return IssuedReport.objects.filter(plan=plan, issued_on__lt=before).select_related("issued_by").first()


def since_for(plan: Plan, chosen: datetime.date | None = None, today: datetime.date | None = None) -> Since:
    today = today or timezone.localdate()
    last = last_issued(plan, today)
    if chosen is not None:
        return Since(chosen, CHOSEN, last)
    if last is not None:
        return Since(last.issued_on, LAST_REPORT, last)
    return Since(None, NO_REPORT)
