from decimal import Decimal

from django.db import transaction
from rest_framework import serializers

from sporbar.api import ModelSerializer

from .. import calculation, services
from ..models import CaseConsequence, Consequence, InvestmentCase, Price, outcome_error


class PriceSerializer(ModelSerializer):
    class Meta:
        model = Price
        fields = ["id", "consequence", "payer", "committee", "amount", "price_level_year", "source", "is_example"]


class ConsequenceSerializer(ModelSerializer):
    prices = PriceSerializer(many=True, read_only=True)

    class Meta:
        model = Consequence
        fields = ["id", "name", "unit", "description", "outcome_figure", "outcome_dimension", "baseline_rate", "prices"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in (
            ("outcome_figure", outcome_error("{input}", "")),
            ("outcome_dimension", outcome_error("maal", "{input}")),
        ):
            self.fields[name].error_messages["invalid_choice"] = message

    def validate(self, attrs):
        figure = attrs.get("outcome_figure", getattr(self.instance, "outcome_figure", ""))
        dimension = attrs.get("outcome_dimension", getattr(self.instance, "outcome_dimension", ""))
        message = outcome_error(figure or "", dimension or "")
        if message:
            raise serializers.ValidationError({"outcome_dimension" if figure else "outcome_figure": message})
        return attrs


class CaseConsequenceSerializer(ModelSerializer):
    class Meta:
        model = CaseConsequence
        fields = ["id", "consequence", "quantity"]

    def validate_consequence(self, consequence):
        message = services.price_error(consequence)
        if message:
            raise serializers.ValidationError(message)
        return consequence


class EffectOffsetField(serializers.FloatField):
    """effect_offset as it was before the effect's start was counted in months: read from and written to them."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, case):
        return float((calculation.COHORT_START * 12 + case.effect_start_in_months) / 12)


class InvestmentCaseSerializer(ModelSerializer):
    consequences = CaseConsequenceSerializer(many=True, required=False)
    effect_offset = EffectOffsetField(
        required=False,
        min_value=0.5,
        max_value=calculation.MAX_HORIZON,
        help_text="The older form of the effect's start: years from 1 January of the year a course starts "
        "(cohorts start on 1 July, so 1 = 6 months after the start). Writing it sets effect_start to months.",
    )

    class Meta:
        model = InvestmentCase
        fields = [
            "id",
            "initiative",
            "name",
            "start_year",
            "horizon_years",
            "intake_source",
            "citizens_per_year",
            "intake_years",
            "course_months",
            "effect_start",
            "effect_start_months",
            "effect_years",
            "effect_decay",
            "effect_offset",
            "success_rate",
            "baseline_rate",
            "discount_rate",
            "cost_source",
            "startup_cost",
            "running_cost",
            "running_years",
            "cost_item",
            "cost_item_quantity",
            "usual_offer",
            "usual_offer_quantity",
            "note",
            "consequences",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_source"].error_messages["invalid_choice"] = services.unknown_cost_source_message("{input}")

    def validate(self, attrs):
        offset = attrs.pop("effect_offset", None)
        if offset is not None:
            # Cohorts start on 1 July: an effect `offset` years after 1 January is 12 × offset − 6 months in.
            attrs["effect_start"] = InvestmentCase.EffectStart.MONTHS
            attrs["effect_start_months"] = round(12 * offset - 6)
        values = {
            key: attrs.get(key, getattr(self.instance, key, None))
            for key in ("cost_source", "cost_item", "usual_offer", "usual_offer_quantity")
        }
        if values["cost_source"] is None:
            values["cost_source"] = InvestmentCase.CostSource.BUDGET
        if values["usual_offer_quantity"] is None:
            values["usual_offer_quantity"] = Decimal(0)
        errors = services.case_errors(values)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

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

    @transaction.atomic
    def create(self, validated_data):
        items = validated_data.pop("consequences", None)
        case = super().create(validated_data)
        self._save_consequences(case, items)
        return case

    @transaction.atomic
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
        request = self.context.get("request")
        try:
            return services.evaluation_json(services.evaluate(case, viewer=getattr(request, "user", None)))
        except calculation.InputError as exc:
            return {"errors": exc.errors}
