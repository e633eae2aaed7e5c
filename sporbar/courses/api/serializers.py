from rest_framework import serializers

from sporbar.accounts.models import Unit
from sporbar.ffb.models import Concept
from sporbar.plans.models import Initiative

from .. import services
from ..models import Assessment, Citizen, Course, EmploymentStatus, Goal, SelfReport, SelfReportRating


class CitizenSerializer(serializers.ModelSerializer):
    cpr = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Citizen
        fields = ["id", "pseudonym", "initials", "birth_year", "is_synthetic", "erased_at", "cpr"]
        read_only_fields = ["id", "pseudonym", "is_synthetic", "erased_at"]

    def validate_cpr(self, value):
        if value:
            try:
                services.normalise_cpr(value)
            except services.InvalidCpr as exc:
                raise serializers.ValidationError(str(exc)) from None
        return value

    def create(self, validated_data):
        citizen, _created = services.find_or_create_citizen(
            cpr=validated_data.get("cpr", ""),
            initials=validated_data.get("initials", ""),
            birth_year=validated_data.get("birth_year"),
        )
        return citizen

    def update(self, instance, validated_data):
        cpr = validated_data.pop("cpr", "")
        if cpr:
            instance.cpr_hash = services.cpr_hash(cpr)
        return super().update(instance, validated_data)


class CourseSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="key", queryset=Initiative.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())

    class Meta:
        model = Course
        fields = ["id", "citizen", "initiative", "unit", "start_date", "end_date", "end_reason", "source"]
        read_only_fields = ["source"]


class GoalSerializer(serializers.ModelSerializer):
    condition = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Concept.objects.filter(kind=Concept.Kind.CONDITION),
        required=False,
        allow_null=True,
        help_text="FFB-tilstandens kode (KL's kodesystem); dimensionen følger af den.",
    )
    ffb_theme = serializers.CharField(source="condition.display", read_only=True, default="")

    class Meta:
        model = Goal
        fields = [
            "id",
            "course",
            "condition",
            "ffb_theme",
            "dimension",
            "goal_type",
            "target_level",
            "text",
            "source",
            "created_at",
        ]
        read_only_fields = ["created_at", "source"]
        extra_kwargs = {"dimension": {"required": False}}

    def validate(self, data):
        condition = data.get("condition", getattr(self.instance, "condition", None))
        if condition is None and not data.get("dimension", getattr(self.instance, "dimension", "")):
            raise serializers.ValidationError({"condition": "Angiv en FFB-tilstand (eller en dimension)."})
        return data


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "course", "goal", "date", "level", "status", "assessor", "source"]
        read_only_fields = ["course", "assessor", "source"]


class EmploymentStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmploymentStatus
        fields = ["id", "course", "date", "hours_per_week", "occupation", "assessor"]
        read_only_fields = ["assessor"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelfReportRating
        fields = ["goal", "rating"]


class SelfReportSerializer(serializers.ModelSerializer):
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = SelfReport
        fields = ["id", "course", "date", "comment", "ratings"]
