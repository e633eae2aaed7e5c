"""The API's error answers in Danish: DRF's own messages are translated, Django's "No X matches
the given query." from get_object_or_404 is not, so a missing object answers DRF's "Ikke fundet."."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
