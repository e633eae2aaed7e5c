"""GET /api/v1/search?q=…&forum=…&fra=…&til=…&initiativ=… — the search page as JSON."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sporbar.accounts.api.permissions import IsAuthenticatedPerson

from ..search import search
from ..search_views import SearchForm

HIT = inline_serializer(
    "SearchHit",
    {
        "kind": serializers.CharField(),
        "title": serializers.CharField(),
        "url": serializers.CharField(),
        "date": serializers.DateField(allow_null=True),
        "body": serializers.CharField(),
        "snippet": serializers.CharField(help_text="Escaped HTML; matched words in <mark>."),
        "score": serializers.FloatField(),
    },
    many=True,
)


class SearchView(APIView):
    permission_classes = [IsAuthenticatedPerson]

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Søgeord (websearch-syntaks)"),
            OpenApiParameter("forum", OpenApiTypes.STR, description="Forum (fx Rådmandsmøde MSB)"),
            OpenApiParameter("fra", OpenApiTypes.DATE),
            OpenApiParameter("til", OpenApiTypes.DATE),
            OpenApiParameter("initiativ", OpenApiTypes.INT),
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "query": serializers.CharField(),
                "count": serializers.IntegerField(),
                "results": HIT,
            },
        ),
    )
    def get(self, request):
        form = SearchForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response({"errors": form.errors}, status=400)
        results = search(request.user, form.cleaned_data["q"], form.filters())
        return Response(
            {
                "query": form.cleaned_data["q"],
                "count": len(results),
                "results": [
                    {
                        "kind": r["kind"],
                        "title": r["plain_title"],
                        "url": request.build_absolute_uri(r["url"]) if r["url"] else "",
                        "date": r["date"].isoformat() if r["date"] else None,
                        "body": r["body"],
                        # Safe HTML: the text is escaped and matches are wrapped in <mark>.
                        "snippet": str(r["snippet"]),
                        "score": r["score"],
                    }
                    for r in results
                ],
            }
        )
