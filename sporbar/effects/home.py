"""Front-page panel: links to the effect dashboards."""

from sporbar.accounts import permissions
from sporbar.plans.models import Plan


def panel(request):
    if not permissions.can_see_figures(request.user):
        return None
    return {"template": "effects/home_panel.html", "plans": list(Plan.objects.values("id", "name"))}
