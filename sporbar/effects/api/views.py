"""GET /api/v1/keyfigures/?plan=ID[&figure=&dimension=&scope_kind=&scope_id=&period=&from=&to=]"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from sporbar.plans.models import Plan

from .. import services

FILTERS = ["figure", "dimension", "scope_kind", "scope_id", "period"]
OUTSIDE_RANGES = (
    "Valgfri datoperioder vises kun for medarbejdere og ledere i de enheder, der arbejder med borgerne, og kun "
    "for deres egne enheder. Brug period=ÅÅÅÅ."
)


def filter_figures(figures: list[dict], params) -> list[dict]:
    for name in FILTERS:
        value = params.get(name)
        if value is None or value == "":
            continue
        if name == "scope_kind":
            figures = [f for f in figures if f["scope"]["kind"] == value]
        elif name == "scope_id":
            figures = [f for f in figures if str(f["scope"]["id"]) == value]
        else:
            figures = [f for f in figures if f[name] == value]
    return figures


class KeyFiguresViewSet(viewsets.ViewSet):
    """Every figure of a plan the user may see; the same disclosure rule as the pages and exports.

    Each figure carries `suppressed` and `suppressed_reason` (null, "small": the primary rule,
    "secondary": hidden to protect another figure). Outside the units: whole years, no from/to."""

    @extend_schema(
        parameters=[OpenApiParameter("plan", OpenApiTypes.INT, required=True)]
        + [OpenApiParameter(name, OpenApiTypes.STR) for name in FILTERS + ["from", "to"]],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request):
        plan_id = request.query_params.get("plan", "")
        if not plan_id.isdigit():
            raise ValidationError({"plan": "Angiv planens id."})
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise NotFound("Planen findes ikke.")
        date_range = None
        if request.query_params.get("from") or request.query_params.get("to"):
            try:
                date_range = services.parse_range(request.query_params.get("from"), request.query_params.get("to"))
            except (TypeError, ValueError) as exc:
                raise ValidationError({"from": "Angiv både from og to som ÅÅÅÅ-MM-DD."}) from exc
            if not services.custom_ranges_allowed(request.user):
                raise ValidationError({"from": OUTSIDE_RANGES})
        figures = services.keyfigures(plan, request.user, date_range)
        return Response(filter_figures(figures, request.query_params))
