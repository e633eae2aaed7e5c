"""Who may see and change what in governance. Pages, API and commands all ask here.

- Meetings, open agenda items, proposals and the follow-up register: every logged-in user.
- Confidential agenda items (and proposals/follow-ups attached to them): admin, analyst and
  leadership, and members of the body's owning unit (or a unit above it). Nobody else, and never
  on the public pages.
- Closed meetings count as confidential throughout: all their items, and never public.
- Preparing (the secretariat: bodies, meetings, the agenda, proposals, attachments, publishing the open
  minutes): admin and analyst. Deciding (recording each decision point's outcome and the decision text): the
  secretariat as minute-taker and leadership (the rådmand's management). Everyone else only reads.
- Follow-ups: admin/analyst, the owner user, and members of the owning unit change status.
- Hearings: admin, analyst and leadership see all; other users see hearings owned by or invited
  to one of their units. The owner (admin/analyst or a lead of the owning unit) invites, tags
  and concludes. A member of an invited unit answers while the hearing is open, until its deadline.
"""

from django.db.models import Q

from sporbar.accounts import permissions
from sporbar.accounts.models import User

Role = User.Role
SEE_ALL = {Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}
EDITORS = {Role.ADMIN, Role.ANALYST}
DECIDERS = {Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}


def can_view(user) -> bool:
    return permissions.role_of(user) is not None


def can_edit(user) -> bool:
    """Prepare: bodies, meetings, the agenda, proposals, attachments, publishing."""
    return permissions.role_of(user) in EDITORS


can_prepare = can_edit


def can_decide(user) -> bool:
    """Record decisions: each decision point's outcome and the decision text."""
    return permissions.role_of(user) in DECIDERS


def can_see_confidential(user, body) -> bool:
    role = permissions.role_of(user)
    if role is None:
        return False
    if role in SEE_ALL:
        return True
    return body.owner_unit_id is not None and body.owner_unit_id in permissions.unit_ids(user)


def closed_q(prefix: str = "") -> Q:
    """Agenda items (at `prefix`) that are confidential, or on a closed meeting."""
    return Q(**{f"{prefix}confidential": True}) | Q(**{f"{prefix}meeting__closed": True})


def _confidential_q(user, prefix: str) -> Q:
    """Rows whose agenda item (at `prefix`) is closed and whose body the user may not see closed."""
    return closed_q(prefix) & ~Q(**{f"{prefix}meeting__body__owner_unit__in": permissions.unit_ids(user)})


def public_items(items):
    """What the public meeting page shows: the open items of published, open meetings."""
    return items.filter(meeting__is_published=True).exclude(closed_q())


def visible_items(user, items):
    role = permissions.role_of(user)
    if role is None:
        return public_items(items)
    if role in SEE_ALL:
        return items
    return items.exclude(_confidential_q(user, ""))


def visible_proposals(user, proposals):
    role = permissions.role_of(user)
    if role is None:
        return proposals.none()
    if role in SEE_ALL:
        return proposals
    return proposals.exclude(_confidential_q(user, "agenda_item__"))


def visible_follow_ups(user, follow_ups):
    role = permissions.role_of(user)
    if role is None:
        return follow_ups.none()
    if role in SEE_ALL:
        return follow_ups
    return follow_ups.exclude(_confidential_q(user, "agenda_item__")).exclude(
        _confidential_q(user, "proposal__agenda_item__")
    )


def can_change_follow_up(user, follow_up) -> bool:
    role = permissions.role_of(user)
    if role is None or role == Role.LEADERSHIP:
        return False
    if role in EDITORS or follow_up.owner_user_id == user.pk:
        return True
    return follow_up.owner_unit_id is not None and follow_up.owner_unit_id in permissions.unit_ids(user)


def visible_hearings(user, hearings):
    role = permissions.role_of(user)
    if role is None:
        return hearings.none()
    if role in SEE_ALL:
        return hearings
    units = permissions.unit_ids(user)
    # A draft is seen by its owner only.
    invited = Q(invitations__unit__in=units) & ~Q(state="kladde")
    return hearings.filter(invited | Q(owner_unit__in=units) | Q(created_by=user)).distinct()


def can_manage_hearing(user, hearing=None) -> bool:
    role = permissions.role_of(user)
    if role in EDITORS:
        return True
    if role != Role.LEAD:
        return False
    if hearing is None:
        return True
    return hearing.created_by_id == user.pk or (
        hearing.owner_unit_id is not None and hearing.owner_unit_id in permissions.unit_ids(user)
    )


def answering_units(user, hearing):
    """The invited units the user may answer for (their own units, not units above them)."""
    role = permissions.role_of(user)
    if role is None or role == Role.LEADERSHIP:
        return []
    units = permissions.unit_ids(user)
    return [inv.unit for inv in hearing.invitations.select_related("unit") if inv.unit_id in units]
