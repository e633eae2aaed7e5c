"""REST API of citizen courses. Querysets are filtered by `access`, so others get 404;
every response that shows person data writes one access log row per citizen shown."""

from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from sporbar.accounts import permissions
from sporbar.idempotency import IdempotentCreateMixin

from .. import access, services
from ..models import Assessment, EmploymentStatus, Goal, SelfReport
from . import serializers


class PersonDataMixin:
    """Logs every read of a person's data; only workers and leads write."""

    what = "api"
    citizen_path = "course__citizen_id"

    def citizen_id_of(self, obj):
        value = obj
        for part in self.citizen_path.split("__"):
            value = getattr(value, part)
        return value

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not permissions.can_see_person_data(request.user):
            raise PermissionDenied("Kun medarbejdere og initiativledere kan ændre borgerdata.")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = page if page is not None else list(queryset)
        data = self.get_serializer(objects, many=True).data
        if objects:
            services.log_access_many(request.user, [self.citizen_id_of(o) for o in objects], self.what, "api")
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        obj = self.get_object()
        services.log_access(request.user, self.citizen_id_of(obj), f"{self.what} {obj.pk}", "api")
        return response

    def perform_create(self, serializer):
        serializer.save(**self.extra_save())

    def extra_save(self):
        return {}

    def check_not_from_case_system(self, obj):
        if obj is not None and obj.source:
            raise PermissionDenied("Kommer fra fagsystemet og kan kun ændres dér.")

    def check_course(self, course):
        # The serializers look courses and goals up among the visible ones only, so an unknown
        # and another unit's id get the same answer; here: visible, but is it the user's own?
        if not access.can_edit_course(self.request.user, course):
            raise PermissionDenied("Du kan kun ændre forløb i dine egne enheder.")


class CitizenViewSet(
    IdempotentCreateMixin,
    PersonDataMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.CitizenSerializer
    what = "borger"
    citizen_path = "id"

    def get_queryset(self):
        return access.visible_citizens(self.request.user)

    def perform_update(self, serializer):
        if not access.can_edit_citizen(self.request.user, serializer.instance):
            raise PermissionDenied("Du kan kun ændre borgere, som dine egne enheder har registreret.")
        super().perform_update(serializer)


class CourseViewSet(
    IdempotentCreateMixin,
    PersonDataMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.CourseSerializer
    what = "forløb"
    citizen_path = "citizen_id"

    def get_queryset(self):
        return access.visible_courses(self.request.user).select_related("initiative", "unit")

    def _check(self, data, instance=None):
        # The citizen is one of the user's own (the serializer looks it up there only).
        unit = data.get("unit", instance.unit if instance else None)
        if not access.can_create_course(self.request.user, unit):
            raise PermissionDenied("Du kan kun oprette forløb i dine egne enheder.")

    def perform_create(self, serializer):
        self._check(serializer.validated_data)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        if not access.can_edit_course(self.request.user, serializer.instance):
            raise Http404
        self.check_not_from_case_system(serializer.instance)
        self._check(serializer.validated_data, serializer.instance)
        serializer.validated_data.pop("citizen", None)
        super().perform_update(serializer)


class CourseChildMixin(PersonDataMixin):
    def get_queryset(self):
        return self.model.objects.filter(course__in=access.visible_courses(self.request.user))

    def perform_create(self, serializer):
        self.check_course(serializer.validated_data.get("course"))
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self.check_course(serializer.instance.course)
        self.check_not_from_case_system(serializer.instance)
        serializer.validated_data.pop("course", None)
        super().perform_update(serializer)


class GoalViewSet(
    IdempotentCreateMixin,
    CourseChildMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.GoalSerializer
    model = Goal
    what = "mål"


class AssessmentViewSet(
    IdempotentCreateMixin,
    CourseChildMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.AssessmentSerializer
    model = Assessment
    what = "vurdering"

    def perform_create(self, serializer):
        goal = serializer.validated_data["goal"]
        self.check_course(goal.course)
        self.check_not_from_case_system(goal)
        serializer.save(course=goal.course, assessor=self.request.user)

    def perform_update(self, serializer):
        self.check_course(serializer.instance.course)
        self.check_not_from_case_system(serializer.instance)
        goal = serializer.validated_data.get("goal")
        if goal is not None and goal.course_id != serializer.instance.course_id:
            raise ValidationError({"goal": "Målet hører ikke til forløbet."})
        serializer.save()


class EmploymentStatusViewSet(
    IdempotentCreateMixin,
    CourseChildMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.EmploymentStatusSerializer
    model = EmploymentStatus
    what = "beskæftigelsesstatus"

    def extra_save(self):
        return {"assessor": self.request.user}


class SelfReportViewSet(CourseChildMixin, viewsets.ReadOnlyModelViewSet):
    """Self-reports are written by the citizen through the one-time link only."""

    serializer_class = serializers.SelfReportSerializer
    model = SelfReport
    what = "selvrapportering"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("ratings")
