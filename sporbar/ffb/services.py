"""The administrator's mapping of FFB conditions to the three mastery dimensions."""

from django.db import transaction

from sporbar.courses.models import Goal
from sporbar.effects import summary

from .models import DimensionMapping


@transaction.atomic
def set_dimension(condition, dimension: str) -> int:
    """Map the condition to the dimension, move every goal on it there, and keep the effect figures
    current. Returns the number of goals moved."""
    mapping, created = DimensionMapping.objects.get_or_create(condition=condition, defaults={"dimension": dimension})
    if not created and mapping.dimension != dimension:
        mapping.dimension = dimension
        mapping.save()  # audited
    goals = Goal.objects.filter(condition=condition).exclude(dimension=dimension)
    course_ids = set(goals.values_list("course_id", flat=True))
    moved = goals.update(dimension=dimension)
    summary.refresh_courses(course_ids)
    return moved
