"""Front-page panel: overdue follow-ups — the user's units' own, or all of them for leadership and analysts."""

from django.db.models import Q

from sporbar.accounts import permissions

from . import access, services
from .models import FollowUp

LIMIT = 8


def panel(request):
    user = request.user
    role = permissions.role_of(user)
    if role is None:
        return None
    overdue = access.visible_follow_ups(user, FollowUp.objects.filter(services.overdue_q()))
    mine = role not in access.SEE_ALL
    if mine:
        overdue = overdue.filter(Q(owner_unit__in=permissions.unit_ids(user)) | Q(owner_user=user))
    total = overdue.count()
    if mine and not total:
        return None
    rows = list(overdue.select_related("owner_unit").order_by("due_date", "id")[:LIMIT])
    return {"template": "governance/_home_panel.html", "overdue": rows, "more": max(total - LIMIT, 0), "mine": mine}
