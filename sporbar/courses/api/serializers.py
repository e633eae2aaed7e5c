"""Serializers of citizen courses. Every reference to a citizen, course or goal is looked up
among those the requesting user may use, so "not yours" and "does not exist" give the same answer."""

from rest_framework import serializers

from sporbar.accounts import permissions
from sporbar.accounts.models import Unit
from sporbar.api import Conflict, ModelSerializer
from sporbar.ffb.models import Concept
from sporbar.plans.models import Initiative

from .. import access, services
from ..models import Assessment, Citizen, Course, EmploymentStatus, Goal, SelfReport, SelfReportRating


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key looked up in `scope(user)` only (e.g. the user's own citizens)."""

    def __init__(self, scope, model, **kwargs):
        self.scope, self.model = scope, model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scope(request.user) if request is not None else self.model.objects.none()


class OwnUnitField(serializers.SlugRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Unit.objects.none()
        return Unit.objects.filter(id__in=permissions.unit_ids(request.user))


class CitizenSerializer(ModelSerializer):
    cpr = serializers.CharField(write_only=True, required=False, allow_blank=True)
    unit = OwnUnitField(
        slug_field="code",
        required=False,
        allow_null=True,  # records from before units kept their own have none
        help_text="The registering unit (one of yours; default: your first unit). Read-only after creation.",
    )

    class Meta:
        model = Citizen
        fields = ["id", "pseudonym", "initials", "birth_year", "is_synthetic", "erased_at", "cpr", "unit"]
        read_only_fields = ["id", "pseudonym", "is_synthetic", "erased_at"]

    def validate_cpr(self, value):
        if value:
            try:
                services.normalise_cpr(value)
            except services.InvalidCpr as exc:
                raise serializers.ValidationError(str(exc)) from None
        return value

    def create(self, validated_data):
        user = self.context["request"].user
        unit = validated_data.get("unit") or user.units.order_by("path").first()
        if unit is None:
            raise serializers.ValidationError({"unit": "Du er ikke tilknyttet en enhed."})
        citizen, _created = services.register_citizen(
            unit=unit,
            scope=permissions.unit_ids(user),
            cpr=validated_data.get("cpr", ""),
            initials=validated_data.get("initials", ""),
            birth_year=validated_data.get("birth_year"),
            user=user,
        )
        return citizen

    def update(self, instance, validated_data):
        validated_data.pop("unit", None)
        cpr = validated_data.pop("cpr", "")
        if cpr:
            try:
                services.link_to_person(instance, cpr, self.context["request"].user)
            except services.DuplicateCitizen as exc:
                raise Conflict(str(exc)) from None
        return super().update(instance, validated_data)


class CourseSerializer(ModelSerializer):
    citizen = ScopedRelatedField(access.own_citizens, Citizen)
    initiative = serializers.SlugRelatedField(slug_field="key", queryset=Initiative.objects.all())
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())

    class Meta:
        model = Course
        fields = ["id", "citizen", "initiative", "unit", "start_date", "end_date", "end_reason", "source"]
        read_only_fields = ["source"]


class GoalSerializer(ModelSerializer):
    course = ScopedRelatedField(access.visible_courses, Course)
    condition = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Concept.objects.filter(kind=Concept.Kind.CONDITION),
        required=False,
        allow_null=True,
        help_text="FFB-tilstandens kode (KL's kodesystem); dimensionen følger af den.",
    )
    ffb_theme = serializers.SerializerMethodField(help_text="The FFB condition's name (read-only).")

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
            "in_citizens_words",
            "source",
            "created_at",
        ]
        read_only_fields = ["created_at", "source"]
        extra_kwargs = {"dimension": {"required": False}}

    def get_ffb_theme(self, goal) -> str:
        return goal.condition.display if goal.condition_id else ""

    def validate(self, data):
        condition = data.get("condition", getattr(self.instance, "condition", None))
        if condition is None and not data.get("dimension", getattr(self.instance, "dimension", "")):
            raise serializers.ValidationError({"condition": "Angiv en FFB-tilstand (eller en dimension)."})
        return data


class AssessmentSerializer(ModelSerializer):
    goal = ScopedRelatedField(access.visible_goals, Goal)

    class Meta:
        model = Assessment
        fields = ["id", "course", "goal", "date", "level", "status", "assessor", "source"]
        read_only_fields = ["course", "assessor", "source"]


class EmploymentStatusSerializer(ModelSerializer):
    course = ScopedRelatedField(access.visible_courses, Course)

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
