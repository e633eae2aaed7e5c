"""POST /api/v1/ffb/bundles/: a case system pushes one FFB delivery report (a FHIR Bundle)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sporbar.accounts import permissions

from .. import importing


class FhirJSONParser(JSONParser):
    media_type = "application/fhir+json"


class ProblemSerializer(serializers.Serializer):
    bundle = serializers.CharField()
    resource = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    bundles = serializers.IntegerField()
    imported = serializers.IntegerField()
    rejected = serializers.IntegerField()
    problems = ProblemSerializer(many=True)


class BundleView(APIView):
    parser_classes = [JSONParser, FhirJSONParser]
    permission_classes = [IsAuthenticated]  # and can_push_ffb, below

    @extend_schema(
        request={"application/fhir+json": OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        responses={201: ImportResultSerializer, 422: ImportResultSerializer},
        description=(
            "Én FFB-indberetning (KL's FFB uddatasæt, FHIR R4 Bundle af typen collection, profil "
            "KLReportingFFBDeliveryReport). 201 når den er indlæst, 422 med problemerne når den er afvist "
            "(intet af den er skrevet). Kun brugere med rollen fagsystem, for kommuner i deres enheder."
        ),
    )
    def post(self, request):
        if not permissions.can_push_ffb(request.user):
            raise PermissionDenied("Kun fagsystemer (rollen fagsystem) kan indsende FFB-indberetninger.")
        context = importing.Context(request.user, channel="api")
        outcome = importing.import_data(request.data, "api", context)
        code = status.HTTP_201_CREATED if not outcome.rejected else status.HTTP_422_UNPROCESSABLE_ENTITY
        return Response(outcome.as_json(), status=code)
