"""Template filters of the promising-practice pages."""

from django import template

register = template.Library()

SHORT = {"opfyldt": "opfyldt", "delvist opfyldt": "delvist", "ikke opfyldt": "ikke", "ikke vurderet": "–"}


@register.filter
def short_level(level: str) -> str:
    """The level in a matrix cell: "delvist" for "delvist opfyldt", "–" for "ikke vurderet"."""
    return SHORT.get(str(level), str(level))
