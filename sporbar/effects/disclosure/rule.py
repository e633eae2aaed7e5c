"""The primary rule: which figures may never be shown outside the units that work with the citizens.

A figure is a count of courses (its denominator n), split into successes and non-successes. It tells
something about fewer than `threshold` courses when
- n is below the threshold, or
- its successes or its non-successes number 1 to threshold - 1, or
- it is all-or-nothing (0 of n, or n of n) with n below `all_or_nothing_min`: such a figure says
  something certain about every member, so it is shown only for groups large enough that
  belonging to one is not itself identifying.
The thresholds are settings (DISCLOSURE_MIN_COURSES, default 5; DISCLOSURE_ALL_OR_NOTHING_MIN,
default 20). docs/figures.md explains the choice.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

SMALL = "small"  # hidden by the primary rule
SECONDARY = "secondary"  # hidden so that another hidden figure cannot be worked out
REASONS = (SMALL, SECONDARY)


@dataclass(frozen=True)
class Rule:
    threshold: int = 5
    all_or_nothing_min: int = 20

    @classmethod
    def from_settings(cls) -> "Rule":
        return cls(settings.DISCLOSURE_MIN_COURSES, settings.DISCLOSURE_ALL_OR_NOTHING_MIN)

    def breaks(self, ok: int, n: int) -> bool:
        """True when a figure of `ok` successes among `n` courses (n > 0) may not be shown."""
        fail = n - ok
        t = self.threshold
        if n < t or 0 < ok < t or 0 < fail < t:
            return True
        return (ok == 0 or fail == 0) and n < self.all_or_nothing_min

    def protected(self, low: float, high: float) -> bool:
        """The protection level for a hidden count: what the viewer can work out about it, the interval
        [low, high], is at least `threshold` wide, or lies wholly at `threshold` or above."""
        eps = 1e-6
        return high - low >= self.threshold - eps or low >= self.threshold - eps


def reason_label(reason: str | None) -> str:
    """The Danish words shown instead of a hidden figure."""
    if reason == SMALL:
        return _("færre end %(n)d") % {"n": settings.DISCLOSURE_MIN_COURSES}
    if reason == SECONDARY:
        return _("skjult for at beskytte et andet tal")
    return ""
