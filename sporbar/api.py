"""What every API endpoint shares: bad input gets a 4xx with a Danish message, never a 500.

- `exception_handler` turns the database's refusals into answers: a delete that other records
  block (409, naming what blocks it), a unique value that is taken (409, without echoing the
  value, which may be a CPR number), a number or text the database cannot hold (400), an id
  beyond 64 bits (404).
- `JSONParser` refuses JSON nested deeper than `MAX_JSON_DEPTH` (a 5.000-deep body would
  otherwise exhaust Python's recursion limit).
- `document_error_responses` adds the error answers to every operation of the OpenAPI schema, so
  clients (and Schemathesis) know each status code an endpoint can give (docs/api-errors.md).
- `ModelSerializer` (the base of every serializer) accepts dates from 1900 to 2100 only and no
  negative decimals (amounts, rates, hours: none of them can be below zero).
- `api_not_found` answers 404 in JSON for any unknown path under /api/.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sporbar.validators import plausible_date

MAX_JSON_DEPTH = 32
MAX_BLOCKERS_NAMED = 5


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Ændringen strider mod data, der allerede findes."
    default_code = "conflict"


def _blockers(exc) -> str:
    objects = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or [])
    names = sorted({f"{o._meta.verbose_name} »{o}«" for o in objects[: MAX_BLOCKERS_NAMED * 4]})
    more = len(objects) - MAX_BLOCKERS_NAMED
    text = ", ".join(names[:MAX_BLOCKERS_NAMED])
    return text + (f" og {more} flere" if more > 0 else "")


def _as_api_exception(exc, context):
    if isinstance(exc, Http404):
        # Django's "No X matches the given query." (get_object_or_404) is English; DRF's is "Ikke fundet.".
        return exceptions.NotFound()
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Conflict(f"Kan ikke slettes, fordi andre data henviser til den: {_blockers(exc)}.")
    if isinstance(exc, IntegrityError):
        # The database's own message may contain the value (a CPR hash, a pseudonym): never echo it.
        return Conflict(
            "Ændringen strider mod data, der allerede findes: en værdi, der skal være entydig, er i brug "
            "(fx et CPR-nummer, en anden borger har), eller en henvisning peger på noget, der ikke findes."
        )
    if isinstance(exc, OverflowError):
        kwargs = getattr(context.get("view"), "kwargs", None) or {}
        if any(str(v).isdigit() for v in kwargs.values()):
            return exceptions.NotFound()
        return exceptions.ValidationError({"detail": "Et tal er for stort."})
    if isinstance(exc, DataError):
        return exceptions.ValidationError(
            {"detail": "En værdi passer ikke i databasen (for lang tekst eller for stort tal)."}
        )
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    if isinstance(exc, RecursionError):
        return exceptions.ParseError(f"JSON må højst være indlejret {MAX_JSON_DEPTH} niveauer.")
    return exc


def exception_handler(exc, context) -> Response | None:
    exc = _as_api_exception(exc, context)
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is not None and getattr(request, "in_write_transaction", False):
        # The request's own transaction (sporbar.middleware.AtomicWritesMiddleware): a refused write leaves nothing.
        transaction.set_rollback(True)
    return response


def _depth(value) -> int:
    """The nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = _depth(data) > MAX_JSON_DEPTH
        if too_deep:
            raise exceptions.ParseError(f"JSON må højst være indlejret {MAX_JSON_DEPTH} niveauer.")
        return data


class PlausibleDateField(serializers.DateField):
    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        try:
            plausible_date(date)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.messages) from None
        return date


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: PlausibleDateField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        own_rule = hasattr(self, f"validate_{field_name}")  # the serializer words its own message
        if isinstance(model_field, models.DecimalField) and kwargs.get("min_value") is None and not own_rule:
            kwargs["min_value"] = 0
        return field_class, kwargs


def api_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Ikke fundet."}, status=404)
    return defaults.page_not_found(request, exception)


# --- the schema: every error an operation can answer ----------------------------------------

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "En fejl med en dansk besked.",
}
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {},
    "description": "Ugyldigt input: feltnavn → liste af danske beskeder (eller »detail«).",
}
COMMON = {
    "400": ("Ugyldigt input (felter, JSON eller tal uden for det gyldige område).", "ValidationError"),
    "401": ("Ikke logget ind (mangler session eller token).", "Error"),
    "403": ("Rollen eller enheden må ikke dette.", "Error"),
    "404": ("Findes ikke, eller brugeren må ikke se den.", "Error"),
    "406": ("Accept-headeren beder om et format, API'et ikke leverer.", "Error"),
    "413": ("Forespørgslen er for stor.", "Error"),
    "429": ("For mange forespørgsler; prøv igen om lidt.", "Error"),
}
WRITES = {
    "405": ("Metoden er ikke tilladt her.", "Error"),
    "409": ("Konflikt: andre data henviser hertil, eller en entydig værdi er i brug.", "Error"),
    "415": ("Forkert Content-Type (brug application/json).", "Error"),
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error answers to every operation."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update({"Error": ERROR, "ValidationError": VALIDATION_ERROR})
    components["responses"] = {
        f"Error{code}": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
        for code, (description, schema) in (COMMON | WRITES).items()
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            answers = COMMON | (WRITES if method in ("post", "put", "patch", "delete") else {})
            responses = operation.setdefault("responses", {})
            for code in answers:
                responses.setdefault(code, {"$ref": f"#/components/responses/Error{code}"})
    return result
