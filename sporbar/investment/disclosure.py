"""Which measured numbers an investment case may show to whom.

A measured rate or an intake count is a figure about citizens. Inside the units that work with
those citizens it is shown as it is; outside them the primary rule of the effect figures applies.
The case then shows no numbers from it and computes with the assumed value instead, marked.
"""

from sporbar.accounts import permissions

MIN_CELL = 5


def rate_hidden(successes: int, n: int, inside: bool) -> bool:
    """THE rule for a measured rate in an investment case (the primary rule of the effect figures):
    outside the units, hidden when it rests on fewer than 5 courses, or when 1–4 succeeded or 1–4 did not."""
    if inside:
        return False
    return n < MIN_CELL or 0 < successes < MIN_CELL or 0 < n - successes < MIN_CELL


def count_hidden(n: int, inside: bool) -> bool:
    """A count of courses (e.g. starts in a year): outside the units, 1–4 is hidden; 0 is shown."""
    return not inside and 0 < n < MIN_CELL


def inside(user, unit_ids) -> bool:
    """Whether the user works in every unit behind a number (and so may see it as it is)."""
    if user is None or not permissions.can_see_person_data(user):
        return False
    units = set(unit_ids)
    return bool(units) and units <= permissions.unit_ids(user)
