"""CPR numbers typed into free text: found, masked on save, and the user told.

The rule (one place for the whole product; the document importers and the proposal check use
it too). A CPR number is DDMMYY-SSSS, written with a hyphen, a space or nothing between the
parts, and standing alone (no digit, or separator followed by a digit, right before or after).
It counts as a CPR number when its date exists in the century that the first serial digit
gives (CPR-kontoret's rule: 0-3 → 1900s; 4 and 9 → 2000s up to year 36, else 1900s; 5-8 →
2000s up to year 57, else 1800s) and lies in the past. There is no modulus-11 check: numbers
issued since 2007 need not pass it. So "22-11-2026" (a date), "1.500.000" and "2500000000"
(amounts: month 00), a phone number (8 digits) and an account number like "1234 5678901234"
(14 digits) are left alone, while "010190-1234", "0101901234" and "010190 1234" are masked.

Models and fields whose free text is checked are listed in FREE_TEXT; a pre_save signal masks
them whatever the path (page, API, import, admin), and the request's pages show a message.
"""

import calendar
import contextvars
import datetime
import re
from contextlib import contextmanager

from django.apps import apps
from django.db.models.signals import pre_save
from django.utils import timezone

MASK = "******-****"
CPR_LIKE = re.compile(r"(?<!\d)(?<![\d][.,/ -])(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?!\d)(?![.,/-]\d)")

# label of the model: fields of free text in which a CPR number must not be stored
FREE_TEXT = {
    "courses.Goal": ["text"],
    "courses.SelfReport": ["comment"],
    "plans.StatusUpdate": ["narrative"],
    "investment.InvestmentCase": ["note"],
    "governance.Proposal": ["resume", "why", "value", "what_who_how", "resources", "follow_up"],
    "governance.DecisionPoint": ["text"],
    "governance.AgendaItem": ["body", "decision"],
    "governance.Attachment": ["text"],
    "governance.HearingResponse": ["text"],
    "governance.ResponsePassage": ["passage"],
    "governance.FollowUp": ["source_text"],
    "documents.Document": ["text"],
}

_masked = contextvars.ContextVar("sporbar_cpr_masked", default=None)


def _century(serial_first: int, yy: int) -> int | None:
    if serial_first <= 3:
        return 1900
    if serial_first in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def is_cpr(day: int, month: int, yy: int, serial: str, today: datetime.date | None = None) -> bool:
    """The date rule of today's CPR numbers (no modulus 11)."""
    year = _century(int(serial[0]), yy) + yy
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return False
    return datetime.date(year, month, day) <= (today or timezone.localdate())


def find_cprs(text: str) -> list[re.Match]:
    return [
        m
        for m in CPR_LIKE.finditer(text or "")
        if is_cpr(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4))
    ]


def mask_cprs(text: str) -> tuple[str, int]:
    """(the text with every CPR number replaced by MASK, how many there were)."""
    found = find_cprs(text)
    for match in reversed(found):
        text = text[: match.start()] + MASK + text[match.end() :]
    return text, len(found)


def masked_excerpt(text: str) -> str:
    return mask_cprs(text)[0]


# --- on save ----------------------------------------------------------------------------------


@contextmanager
def collect_masked():
    """Collects (model, field) of every masked value saved inside the block; yields the list."""
    found: list[tuple[str, str]] = []
    token = _masked.set(found)
    try:
        yield found
    finally:
        _masked.reset(token)


def message(found) -> str:
    fields = sorted({f"»{field}«" for _model, field in found})
    return (
        f"Et CPR-nummer i {', '.join(fields)} er skjult ({MASK}) og ikke gemt. "
        "Skriv aldrig CPR-numre i fritekst; borgeren kendes på sit pseudonym."
    )


def _mask_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for name in FREE_TEXT[sender._meta.label]:
        value = getattr(instance, name, None)
        if isinstance(value, str) and value:
            masked, count = mask_cprs(value)
            if count:
                setattr(instance, name, masked)
                found = _masked.get()
                if found is not None:
                    found.append((sender._meta.label, str(sender._meta.get_field(name).verbose_name)))


def connect_signals():
    for label in FREE_TEXT:
        model = apps.get_model(label)
        pre_save.connect(_mask_on_save, sender=model, dispatch_uid=f"cpr-mask-{label}")
