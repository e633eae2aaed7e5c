"""Plausible ranges for what people type: a date outside 1900–2100 is a typing error, not a fact."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def plausible_date(value: datetime.date) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(_("Datoen skal ligge mellem 01-01-1900 og 31-12-2100."), code="implausible_date")
