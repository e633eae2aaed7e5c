"""Viewsets of the plan API: read for every logged-in user, writes by the same rules as the pages."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from sporbar.accounts import permissions

from .. import services
from ..models import BudgetLine, Initiative, Plan, Spending, StatusUpdate, Theme, Track
from . import serializers


def _filtered(param: str, description: str):
    parameter = OpenApiParameter(param, OpenApiTypes.INT, description=description)
    return extend_schema_view(list=extend_schema(parameters=[parameter]))


class AuditedViewSet(viewsets.ModelViewSet):
    """Read by every logged-in user, written by plan editors; a list can be narrowed to one parent."""

    filter_param: str | None = None

    def get_queryset(self):
        queryset = super().get_queryset()
        value = self.request.query_params.get(self.filter_param) if self.filter_param else None
        if value is not None:
            queryset = queryset.filter(**{f"{self.filter_param}_id": value if value.isdigit() else 0})
        return queryset

    def check_write(self, data: dict, instance=None):
        if not permissions.can_edit_plan(self.request.user):
            raise PermissionDenied

    def perform_create(self, serializer):
        self.check_write(serializer.validated_data)
        serializer.save()

    def perform_update(self, serializer):
        self.check_write(serializer.validated_data, serializer.instance)
        serializer.save()

    def perform_destroy(self, instance):
        self.check_write({}, instance)
        instance.delete()


class PlanViewSet(AuditedViewSet):
    queryset = Plan.objects.all()
    serializer_class = serializers.PlanSerializer


@_filtered("plan", "Kun temaer i denne plan")
class ThemeViewSet(AuditedViewSet):
    queryset = Theme.objects.all()
    serializer_class = serializers.ThemeSerializer
    filter_param = "plan"


@_filtered("theme", "Kun spor under dette tema")
class TrackViewSet(AuditedViewSet):
    queryset = Track.objects.all()
    serializer_class = serializers.TrackSerializer
    filter_param = "theme"


@_filtered("track", "Kun initiativer i dette spor")
class InitiativeViewSet(AuditedViewSet):
    queryset = Initiative.objects.all()
    serializer_class = serializers.InitiativeSerializer
    filter_param = "track"


@_filtered("initiative", "Kun budgetlinjer for dette initiativ")
class BudgetLineViewSet(AuditedViewSet):
    queryset = BudgetLine.objects.all()
    serializer_class = serializers.BudgetLineSerializer
    filter_param = "initiative"


class InitiativeUpdateViewSet(AuditedViewSet):
    """Spending and status updates: plan editors, or the lead of the initiative's owning unit."""

    filter_param = "initiative"

    def check_write(self, data, instance=None):
        for initiative in {getattr(instance, "initiative", None), data.get("initiative")} - {None}:
            if not permissions.can_update_initiative(self.request.user, initiative):
                raise PermissionDenied


@_filtered("initiative", "Kun forbrug for dette initiativ")
class SpendingViewSet(InitiativeUpdateViewSet):
    queryset = Spending.objects.all()
    serializer_class = serializers.SpendingSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_write(data)
        serializer.instance = services.record_spending(
            initiative=data["initiative"],
            user=self.request.user,
            date=data["date"],
            amount=data["amount"],
            note=data.get("note", ""),
        )


@_filtered("initiative", "Kun statusopdateringer for dette initiativ")
class StatusUpdateViewSet(InitiativeUpdateViewSet):
    queryset = StatusUpdate.objects.all()
    serializer_class = serializers.StatusUpdateSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_write(data)
        serializer.instance = services.record_status_update(
            initiative=data["initiative"],
            user=self.request.user,
            date=data["date"],
            status=data["status"],
            light=data["light"],
            narrative=data["narrative"],
        )
