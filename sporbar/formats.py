"""Danish formats for money, dates and shares, used by pages, reports and exports."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

MILLION = Decimal(1_000_000)


def _danish_number(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{frac}" if decimals else f"{sign}{text}"


def number(value, decimals: int = 0) -> str:
    """1234567.5 → "1.234.568"; with decimals=1 → "1.234.567,5"."""
    if value is None or value == "":
        return ""
    return _danish_number(Decimal(str(value)), decimals)


def mio_kr(value) -> str:
    """Kroner as millions with one decimal: 1500000 → "1,5 mio. kr."."""
    if value is None or value == "":
        return ""
    return f"{_danish_number(Decimal(str(value)) / MILLION, 1)} mio. kr."


def kr(value) -> str:
    """Kroner in full: 20000 → "20.000 kr."."""
    if value is None or value == "":
        return ""
    return f"{_danish_number(Decimal(str(value)), 0)} kr."


def date(value) -> str:
    """22-11-2026."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def percent(share, decimals: int = 0) -> str:
    """A share between 0 and 1 as "75 %"."""
    if share is None or share == "":
        return ""
    return f"{_danish_number(Decimal(str(share)) * 100, decimals)} %"
