from rest_framework import serializers

from sporbar.accounts.models import Unit
from sporbar.api import ModelSerializer
from sporbar.plans.models import Initiative

from .. import services
from ..models import Assessment, Citizen, Course, EmploymentStatus, Goal, SelfReport, SelfReportRating


class CitizenSerializer(ModelSerializer):
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


class CourseSerializer(ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="key", queryset=Initiative.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())

    class Meta:
        model = Course
        fields = ["id", "citizen", "initiative", "unit", "start_date", "end_date", "end_reason"]


class GoalSerializer(ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "course", "dimension", "ffb_theme", "goal_type", "text", "created_at"]
        read_only_fields = ["created_at"]


class AssessmentSerializer(ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "course", "goal", "date", "level", "status", "assessor"]
        read_only_fields = ["course", "assessor"]


class EmploymentStatusSerializer(ModelSerializer):
    class Meta:
        model = EmploymentStatus
        fields = ["id", "course", "date", "hours_per_week", "occupation", "assessor"]
        read_only_fields = ["assessor"]


class RatingSerializer(ModelSerializer):
    class Meta:
        model = SelfReportRating
        fields = ["goal", "rating"]


class SelfReportSerializer(ModelSerializer):
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = SelfReport
        fields = ["id", "course", "date", "comment", "ratings"]
