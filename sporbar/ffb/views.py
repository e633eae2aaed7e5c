"""The administrator's FFB page: the code system's version, the dimension of each FFB condition
(changeable), the initiative and municipality mappings, and the latest deliveries with their problems."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporbar.accounts import permissions
from sporbar.courses.models import Dimension

from . import services
from .models import CodeSystem, Concept, Delivery, InitiativeMapping, MunicipalityMapping


@login_required
def overview(request):
    if not permissions.can_manage_ffb(request.user):
        raise PermissionDenied
    conditions = (
        Concept.objects.filter(kind=Concept.Kind.CONDITION)
        .select_related("parent", "dimension_mapping")
        .order_by("area", "parent__display", "display")
    )
    return render(
        request,
        "ffb/overview.html",
        {
            "code_system": CodeSystem.objects.first(),
            "conditions": conditions,
            "dimensions": Dimension.choices,
            "initiative_mappings": InitiativeMapping.objects.select_related("concept", "initiative", "unit"),
            "municipalities": MunicipalityMapping.objects.select_related("unit"),
            "deliveries": Delivery.objects.all()[:20],
        },
    )


@login_required
@require_POST
def set_dimension(request, pk):
    if not permissions.can_manage_ffb(request.user):
        raise PermissionDenied
    condition = get_object_or_404(Concept, pk=pk, kind=Concept.Kind.CONDITION)
    dimension = request.POST.get("dimension", "")
    if dimension not in Dimension.values:
        messages.error(request, _("Ukendt dimension."))
    else:
        moved = services.set_dimension(condition, dimension)
        messages.success(
            request,
            _("%(condition)s tæller nu i %(dimension)s; %(moved)d mål er flyttet, og nøgletallene er opdateret.")
            % {"condition": condition.display, "dimension": Dimension(dimension).label, "moved": moved},
        )
    return redirect("ffb:overview")
