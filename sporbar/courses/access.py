"""Which courses and citizens a user may see and change. Every page, API view and export asks here.

- worker: courses whose unit is one of their units (or below), and the citizen records those
  units keep;
- lead: those, plus the courses of initiatives owned by their units (read only);
- leadership, analyst, admin: no course at all (they see figures; admin reads the access log).

A citizen record belongs to the unit that registered it. Another unit's record of the same
person is never visible through this module; it is shown only as part of Én plan, with the
person's consent (shared_courses), on the citizen page.
"""

from django.db.models import Q

from sporbar.accounts import permissions
from sporbar.accounts.models import User

from .models import Citizen, Course, Goal


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
    if permissions.role_of(user) not in permissions.PERSON_VIEWERS:
        return Citizen.objects.none()
    return Citizen.objects.filter(
        Q(unit_id__in=permissions.unit_ids(user)) | Q(id__in=visible_courses(user).values("citizen_id"))
    )


def own_citizens(user):
    """The records the user's units keep: theirs to change and to add courses to."""
    if permissions.role_of(user) not in permissions.PERSON_VIEWERS:
        return Citizen.objects.none()
    units = permissions.unit_ids(user)
    with_own_course = Course.objects.filter(unit_id__in=units).values("citizen_id")
    return Citizen.objects.filter(Q(unit_id__in=units) | Q(unit__isnull=True, id__in=with_own_course))


def visible_goals(user):
    return Goal.objects.filter(course__in=visible_courses(user))


def can_edit_course(user, course) -> bool:
    """Record assessments, goals, links and endings: the staff of the course's own unit."""
    return permissions.role_of(user) in permissions.PERSON_VIEWERS and course.unit_id in permissions.unit_ids(user)


def can_edit_citizen(user, citizen) -> bool:
    return own_citizens(user).filter(pk=citizen.pk).exists()


def shared_courses(user, citizen):
    """Én plan: the courses other units registered for the same person, shown read-only to the staff
    who keep this record, and only while the person's consent is recorded (services.record_consent)."""
    if citizen.person_id is None or citizen.person.active_consent() is None or not can_edit_citizen(user, citizen):
        return Course.objects.none()
    return (
        Course.objects.filter(citizen__person_id=citizen.person_id)
        .exclude(citizen=citizen)
        .exclude(id__in=visible_courses(user).values("id"))
    )


def can_create_course(user, unit) -> bool:
    return permissions.role_of(user) in permissions.PERSON_VIEWERS and unit.id in permissions.unit_ids(user)


def can_erase_citizen(user) -> bool:
    """Erasing a citizen on request (GDPR) is the administrator's task."""
    return permissions.can_read_audit(user)
