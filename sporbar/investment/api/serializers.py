from rest_framework import serializers

from sporbar.api import ModelSerializer

from .. import calculation, services
from ..models import CaseConsequence, Consequence, InvestmentCase, Price


class PriceSerializer(ModelSerializer):
    class Meta:
        model = Price
        fields = ["id", "consequence", "payer", "committee", "amount", "price_level_year", "source", "is_example"]


class ConsequenceSerializer(ModelSerializer):
    prices = PriceSerializer(many=True, read_only=True)

    class Meta:
        model = Consequence
        fields = ["id", "name", "unit", "description", "prices"]


class CaseConsequenceSerializer(ModelSerializer):
    class Meta:
        model = CaseConsequence
        fields = ["id", "consequence", "quantity"]


class InvestmentCaseSerializer(ModelSerializer):
    consequences = CaseConsequenceSerializer(many=True, required=False)

    class Meta:
        model = InvestmentCase
        fields = [
            "id",
            "initiative",
            "name",
            "start_year",
            "horizon_years",
            "citizens_per_year",
            "intake_years",
            "effect_offset",
            "success_rate",
            "baseline_rate",
            "discount_rate",
            "cost_source",
            "startup_cost",
            "running_cost",
            "running_years",
            "note",
            "consequences",
        ]

    def _save_consequences(self, case, items):
        if items is None:
            return
        keep = []
        for item in items:
            use, _ = CaseConsequence.objects.update_or_create(
                case=case, consequence=item["consequence"], defaults={"quantity": item["quantity"]}
            )
            keep.append(use.pk)
        CaseConsequence.objects.filter(case=case).exclude(pk__in=keep).delete()

    def create(self, validated_data):
        items = validated_data.pop("consequences", None)
        case = super().create(validated_data)
        self._save_consequences(case, items)
        return case

    def update(self, instance, validated_data):
        items = validated_data.pop("consequences", None)
        case = super().update(instance, validated_data)
        self._save_consequences(case, items)
        return case


class InvestmentCaseDetailSerializer(InvestmentCaseSerializer):
    result = serializers.SerializerMethodField()

    class Meta(InvestmentCaseSerializer.Meta):
        fields = [*InvestmentCaseSerializer.Meta.fields, "result"]

    def get_result(self, case) -> dict:
        try:
            return services.evaluation_json(services.evaluate(case))
        except calculation.InputError as exc:
            return {"errors": exc.errors}
