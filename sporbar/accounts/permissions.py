"""Who may see and change what. Every page, API endpoint and command asks here.

Roles:
- admin: users, units, roles, the audit and access logs, retention; edits the plan.
- analyst: edits the plan, budgets, targets and investment cases; sees figures, never a person.
- lead: edits status, spending and narrative of initiatives owned by their units;
  sees the courses of those initiatives.
- worker: sees and edits courses of their own units (and sub-units).
- leadership: reads plans and figures, never a person.
- system: a case system that pushes FFB delivery reports for the municipalities of its units
  (API only); it reads nothing.
"""

from .models import Unit, User

Role = User.Role

PLAN_EDITORS = {Role.ADMIN, Role.ANALYST}
PERSON_VIEWERS = {Role.LEAD, Role.WORKER}


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role


def unit_ids(user) -> set[int]:
    """The ids of the user's units and every unit below them."""
    if role_of(user) is None:
        return set()
    cached = getattr(user, "_sporbar_unit_ids", None)
    if cached is None:
        paths = list(user.units.values_list("path", flat=True))
        cached = set()
        for path in paths:
            cached |= set(Unit.objects.filter(path__startswith=path).values_list("id", flat=True))
        user._sporbar_unit_ids = cached
    return cached


def can_view_plans(user) -> bool:
    return role_of(user) not in (None, Role.SYSTEM)


def can_edit_plan(user) -> bool:
    return role_of(user) in PLAN_EDITORS


def can_update_initiative(user, initiative) -> bool:
    """Status, spending and narrative: plan editors, or the lead of the owning unit."""
    role = role_of(user)
    if role in PLAN_EDITORS:
        return True
    return role == Role.LEAD and initiative.owner_unit_id in unit_ids(user)


def can_read_audit(user) -> bool:
    return role_of(user) == Role.ADMIN


def can_see_person_data(user) -> bool:
    """Only those who work with citizens ever see a person; leadership and analysts see figures."""
    return role_of(user) in PERSON_VIEWERS


def can_see_figures(user) -> bool:
    return role_of(user) not in (None, Role.SYSTEM)


# FFB: case systems' reports and the code system's mappings (issue 16).
def can_push_ffb(user) -> bool:
    """Send FFB delivery reports (for municipalities within the user's units; checked on import)."""
    return role_of(user) == Role.SYSTEM


def can_manage_ffb(user) -> bool:
    """The FFB mappings (dimensions, initiatives, municipalities) and the list of deliveries."""
    return role_of(user) == Role.ADMIN


# Investment cases and the price catalogue (issue 5).
INVESTMENT_READERS = PLAN_EDITORS | {Role.LEADERSHIP, Role.LEAD}


def can_view_investment(user) -> bool:
    """Cases hold no person data: plan editors, leadership and initiative leads read them."""
    return role_of(user) in INVESTMENT_READERS


def can_edit_investment(user) -> bool:
    """Cases and the consequence/price catalogue are kept by analysts and admins."""
    return role_of(user) in PLAN_EDITORS


# The committee report (udvalgsrapporten): figures, decisions and the investment cases, as the committee sees them.
def can_read_committee_report(user) -> bool:
    """Those who read everything in it (its investment cases too): plan editors, leadership and initiative leads."""
    return role_of(user) in INVESTMENT_READERS


def can_issue_committee_report(user) -> bool:
    """Recording that a report went to the committee is the secretariat's: analysts and admins."""
    return role_of(user) in PLAN_EDITORS


# Promising practice (issue 17): the 11 elements per initiative.
def can_view_practice(user) -> bool:
    """Every logged-in user reads the profiles; the figures in them are disclosure-controlled for the viewer."""
    return role_of(user) is not None


def can_set_practice_level(user) -> bool:
    """Analysts and admins confirm a suggested level or set another with a reason."""
    return role_of(user) in PLAN_EDITORS


def can_write_self_assessment(user, initiative) -> bool:
    """The self-assessments and their documents: the lead of the owning unit, or analysts and admins."""
    return can_update_initiative(user, initiative)
