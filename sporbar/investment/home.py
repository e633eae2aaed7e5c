"""Front-page panel: the investment cases and whether they pay back."""

from sporbar.accounts import permissions

from .models import InvestmentCase


def panel(request):
    if not permissions.can_view_investment(request.user):
        return None
    cases = list(InvestmentCase.objects.select_related("initiative").order_by("initiative", "id")[:6])
    return {"template": "investment/home_panel.html", "cases": cases}
