from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from . import audit_display, permissions
from .models import AccessEntry, AuditEntry


def _home_panels(request) -> list[dict]:
    """Each domain app may add a panel to the front page through `<app>/home.py: panel(request)`."""
    panels = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sporbar."):
            continue
        try:
            module = import_module(f"{config.name}.home")
        except ModuleNotFoundError:
            continue
        panel = module.panel(request)
        if panel:
            panels.append(panel)
    return panels


@login_required
def home(request):
    return render(request, "accounts/home.html", {"panels": _home_panels(request)})


@login_required
def audit_log(request):
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("user")
    model = request.GET.get("model")
    if model:
        entries = entries.filter(model=model)
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    context = {
        "page": page,
        "entries": audit_display.display(page.object_list),
        "model": model or "",
        "model_choices": audit_display.model_choices(),
    }
    return render(request, "accounts/audit_log.html", context)


@login_required
def access_log(request):
    """Every read of one citizen's data, for a GDPR request (administrator only)."""
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    entries = AccessEntry.objects.select_related("user")
    citizen = request.GET.get("borger", "").strip()
    if citizen.isdigit():
        entries = entries.filter(citizen_id=int(citizen))
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "accounts/access_log.html", {"page": page, "citizen": citizen})
