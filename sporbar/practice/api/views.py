"""The promising-practice API: the same services and rules as the pages and the command.

GET  /api/v1/promising-practice/{initiative}/                  the profile (as `sporbar promising-practice --json`)
GET  /api/v1/promising-practice/{initiative}/history/?element=N every level set and self-assessment written
POST /api/v1/promising-practice/{initiative}/level/            {element, level, reason}: analysts and admins
POST /api/v1/promising-practice/{initiative}/self-assessment/  {element, text, proposed_level}: lead of the unit
POST /api/v1/promising-practice/{initiative}/documents/        multipart {element, file, title, kind}
GET  /api/v1/promising-practice-matrix/{plan}/                 the plan's initiatives × elements
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sporbar.accounts import permissions
from sporbar.plans.models import Initiative, Plan

from .. import papers, services
from . import serializers


def _initiative(pk) -> Initiative:
    return get_object_or_404(Initiative.objects.select_related("track__theme__plan", "owner_unit"), pk=pk)


def _check_view(user):
    if not permissions.can_view_practice(user):
        raise PermissionDenied


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _profile_response(initiative, user, code=status.HTTP_200_OK):
    return Response(services.profile_json(services.initiative_profile(initiative, user)), status=code)


ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema(parameters=[ID])
class ProfileViewSet(viewsets.ViewSet):
    """An initiative's profile of the 11 elements of promising practice."""

    lookup_value_regex = "[0-9]+"  # anything else is no initiative: 404, not a failing lookup
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        _check_view(request.user)
        return _profile_response(_initiative(pk), request.user)

    @extend_schema(
        parameters=[OpenApiParameter("element", OpenApiTypes.INT, required=True)], responses=OpenApiTypes.OBJECT
    )
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        _check_view(request.user)
        try:
            data = services.history(_initiative(pk), request.query_params.get("element", ""), request.user)
        except services.PracticeError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from exc
        return Response(
            {
                "element": {"number": data["element"].number, "name": data["element"].name},
                "levels": [
                    {
                        "level": d.level,
                        "suggested_level": d.suggested_level,
                        "kind": d.kind,
                        "reason": d.reason,
                        "explanation": d.explanation,
                        "evidence": d.evidence,
                        "set_by": services._who(d.set_by),
                        "set_at": d.set_at.isoformat(),
                    }
                    for d in data["levels"]
                ],
                "self_assessments": [
                    {
                        "text": a.text,
                        "proposed_level": a.proposed_level,
                        "written_by": services._who(a.written_by),
                        "written_at": a.written_at.isoformat(),
                    }
                    for a in data["self_assessments"]
                ],
            }
        )

    @extend_schema(request=serializers.LevelInputSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def level(self, request, pk=None):
        if not permissions.can_set_practice_level(request.user):
            raise PermissionDenied
        initiative = _initiative(pk)
        data = _valid(serializers.LevelInputSerializer, request.data)
        try:
            services.set_level(initiative, data["element"], data["level"], request.user, data["reason"])
        except services.PracticeError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from exc
        return _profile_response(initiative, request.user, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.SelfAssessmentInputSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        initiative = _initiative(pk)
        if not permissions.can_write_self_assessment(request.user, initiative):
            raise PermissionDenied
        data = _valid(serializers.SelfAssessmentInputSerializer, request.data)
        try:
            services.write_self_assessment(
                initiative, data["element"], data["text"], data["proposed_level"], request.user
            )
        except services.PracticeError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from exc
        return _profile_response(initiative, request.user, status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": serializers.DocumentInputSerializer}, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        initiative = _initiative(pk)
        if not permissions.can_write_self_assessment(request.user, initiative):
            raise PermissionDenied
        data = _valid(serializers.DocumentInputSerializer, request.data)
        upload = data["file"]
        try:
            doc, created = papers.attach(
                initiative,
                data["element"],
                upload.name,
                upload.read(papers.max_bytes() + 1),
                request.user,
                title=data["title"],
                kind=data["kind"],
            )
        except services.PracticeError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from exc
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(services.document_json(doc), status=code)


@extend_schema(parameters=[ID])
class MatrixViewSet(viewsets.ViewSet):
    """The plan's initiatives × the 11 elements, with the level of each (and whether it is confirmed)."""

    lookup_value_regex = "[0-9]+"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        _check_view(request.user)
        plan = get_object_or_404(Plan, pk=pk)
        return Response(services.matrix_json(services.matrix(plan, request.user)))
