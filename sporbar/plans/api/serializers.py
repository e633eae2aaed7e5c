"""Serializers of the plan API. Amounts are JSON numbers in kroner."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sporbar.api import ModelSerializer

from ..models import INITIATIVE_FACTS, BudgetLine, Initiative, Plan, Spending, StatusUpdate, Theme, Track


class PlanSerializer(ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "code", "name", "description"]


class ThemeSerializer(ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "plan", "number", "name"]


class TrackSerializer(ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "theme", "number", "name"]


class InitiativeSerializer(ModelSerializer):
    class Meta:
        model = Initiative
        fields = [
            "id",
            "track",
            "key",
            "title",
            "amount",
            "status",
            *INITIATIVE_FACTS,
        ]


class BudgetLineSerializer(ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "initiative", "year", "amount"]


class SpendingSerializer(ModelSerializer):
    class Meta:
        model = Spending
        fields = ["id", "initiative", "date", "amount", "note", "recorded_by"]
        read_only_fields = ["recorded_by"]

    def validate_amount(self, value):
        if value <= 0:
            raise serializers.ValidationError("Beløbet skal være større end 0.")
        return value


@extend_schema_field({"type": "string", "enum": Initiative.Status.values, "description": "Initiativets status"})
class InitiativeStatusField(serializers.ChoiceField):
    """Described inline so the schema keeps one named enum for the initiative status (no name collision)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Initiative.Status.choices, **kwargs)


class StatusUpdateSerializer(ModelSerializer):
    status = InitiativeStatusField()

    class Meta:
        model = StatusUpdate
        fields = ["id", "initiative", "date", "status", "light", "narrative", "author", "created_at"]
        read_only_fields = ["author", "created_at"]
