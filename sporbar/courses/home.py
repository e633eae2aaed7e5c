"""Front-page panel for workers and leads: their active courses and the assessments due."""

import datetime

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from sporbar.accounts import permissions

from . import access, services

DUE_DAYS = 182


def panel(request):
    user = request.user
    if access.can_erase_citizen(user):
        return {"template": "courses/home_panel_admin.html"}
    if not permissions.can_see_person_data(user):
        return None
    active = access.visible_courses(user).filter(end_date__isnull=True)
    cutoff = timezone.localdate() - datetime.timedelta(days=DUE_DAYS)
    due = (
        active.filter(unit_id__in=permissions.unit_ids(user))
        .annotate(last=Coalesce(Max("assessments__date"), "start_date"))
        .filter(last__lte=cutoff)
        .select_related("citizen", "initiative")
        .order_by("last")
    )
    due_list = list(due[:10])
    if due_list:
        services.log_access_many(user, [c.citizen_id for c in due_list], "forsiden: venter på vurdering")
    return {
        "template": "courses/home_panel.html",
        "active_count": active.count(),
        "due_count": due.count(),
        "due": due_list,
    }
