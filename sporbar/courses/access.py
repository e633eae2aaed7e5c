"""Which courses and citizens a user may see and change. Every page, API view and export asks here.

- worker: courses whose unit is one of their units (or below);
- lead: those, plus the courses of initiatives owned by their units;
- leadership, analyst, admin: no course at all (they see figures; admin reads the access log).
"""

from django.db.models import Q

from sporbar.accounts import permissions
from sporbar.accounts.models import User

from .models import Citizen, Course


def visible_courses(user):
    role = permissions.role_of(user)
    if role not in permissions.PERSON_VIEWERS:
        return Course.objects.none()
    units = permissions.unit_ids(user)
    rule = Q(unit_id__in=units)
    if role == User.Role.LEAD:
        rule |= Q(initiative__owner_unit_id__in=units)
    return Course.objects.filter(rule)


def visible_citizens(user):
    return Citizen.objects.filter(id__in=visible_courses(user).values("citizen_id"))


def can_edit_course(user, course) -> bool:
    """Record assessments, goals, links and endings: the staff of the course's own unit."""
    return permissions.role_of(user) in permissions.PERSON_VIEWERS and course.unit_id in permissions.unit_ids(user)


def can_create_course(user, unit) -> bool:
    return permissions.role_of(user) in permissions.PERSON_VIEWERS and unit.id in permissions.unit_ids(user)


def can_erase_citizen(user) -> bool:
    """Erasing a citizen on request (GDPR) is the administrator's task."""
    return permissions.can_read_audit(user)
