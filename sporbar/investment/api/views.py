"""Investment cases and the catalogue: read by investment readers, written by analysts and admins."""

from rest_framework import permissions as drf_permissions
from rest_framework import viewsets

from sporbar.accounts import permissions

from ..models import Consequence, InvestmentCase, Price
from . import serializers


class InvestmentAccess(drf_permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in drf_permissions.SAFE_METHODS:
            return permissions.can_view_investment(request.user)
        return permissions.can_edit_investment(request.user)


class InvestmentViewSet(viewsets.ModelViewSet):
    permission_classes = [drf_permissions.IsAuthenticated, InvestmentAccess]


class ConsequenceViewSet(InvestmentViewSet):
    queryset = Consequence.objects.prefetch_related("prices")
    serializer_class = serializers.ConsequenceSerializer


class PriceViewSet(InvestmentViewSet):
    queryset = Price.objects.select_related("consequence")
    serializer_class = serializers.PriceSerializer


class InvestmentCaseViewSet(InvestmentViewSet):
    queryset = InvestmentCase.objects.prefetch_related("consequences")

    def get_queryset(self):
        queryset = super().get_queryset()
        initiative = self.request.query_params.get("initiative")
        if initiative is not None:
            queryset = queryset.filter(initiative_id=initiative if initiative.isdigit() else 0)
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InvestmentCaseDetailSerializer
        return serializers.InvestmentCaseSerializer
