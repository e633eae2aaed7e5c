"""Retries that do not write twice: the API's `Idempotency-Key` header (docs/api-errors.md).

Kept apart from sporbar.api, which DRF loads while its settings are read (drf-spectacular's
decorators cannot be imported that early).
"""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from sporbar.api import Conflict

IDEMPOTENCY_HOURS = 24


class IdempotentCreateMixin:
    """POST with an `Idempotency-Key` header: the first answer is stored, and a retry with the same
    key gets that answer again instead of creating a second record (e.g. after a timeout)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Valgfri nøgle (højst 100 tegn): et nyt forsøg med samme nøgle giver samme svar "
                "og opretter intet nyt.",
            )
        ]
    )
    def create(self, request, *args, **kwargs):
        from sporbar.accounts.models import IdempotencyKey

        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return super().create(request, *args, **kwargs)
        if len(key) > 100:
            raise exceptions.ValidationError({"detail": "Idempotency-Key må højst have 100 tegn."})
        stored = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if stored is not None:
            if stored.path != request.path:
                raise Conflict("Idempotency-Key er allerede brugt til en anden forespørgsel.")
            return Response(stored.body, status=stored.status)
        response = super().create(request, *args, **kwargs)
        IdempotencyKey.objects.filter(created_at__lt=timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)).delete()
        IdempotencyKey.objects.create(
            user=request.user, key=key, path=request.path, status=response.status_code, body=response.data
        )
        return response
