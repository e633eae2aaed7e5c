"""Which measured numbers an investment case may show to whom.

A measured rate or an intake count is a figure about citizens. Inside the units that work with
those citizens it is shown as it is; outside them the primary rule of the effect figures applies.
The case then shows no numbers from it and computes with the assumed value instead, marked.
"""

from sporbar.accounts import permissions
from sporbar.effects.disclosure.rule import Rule


def rate_hidden(successes: int, n: int, inside: bool) -> bool:
    """A measured rate in an investment case follows the primary rule of the effect figures
    (`effects.disclosure.rule`): outside the units, hidden when it rests on fewer than 5 courses,
    when 1–4 succeeded or 1–4 did not, or when it is all-or-nothing in a small group."""
    return not inside and Rule.from_settings().breaks(successes, n)


def threshold() -> int:
    """The smallest number of courses a figure shown outside the units may rest on (default 5)."""
    return Rule.from_settings().threshold


def count_hidden(n: int, inside: bool) -> bool:
    """A count of courses (e.g. starts in a year): outside the units, 1–4 is hidden; 0 is shown."""
    return not inside and 0 < n < threshold()


def inside(user, unit_ids) -> bool:
    """Whether the user works in every unit behind a number (and so may see it as it is)."""
    if user is None or not permissions.can_see_person_data(user):
        return False
    units = set(unit_ids)
    return bool(units) and units <= permissions.unit_ids(user)
