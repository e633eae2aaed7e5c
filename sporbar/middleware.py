"""Request-wide guarantees: a bounded request body, and a write that fails leaves nothing.

- `RequestSizeLimitMiddleware` answers 413 before the body is read when the declared length is
  above the upload limit (files) or Django's limit for other bodies (JSON, forms). `sporbar serve`
  sets the same bound in waitress, which stops receiving a body without a declared length.
- `QueryTextMiddleware` answers 400 when a query parameter holds a NUL character, which no page
  uses and PostgreSQL cannot compare with text.
- `AtomicWritesMiddleware` runs every POST, PUT, PATCH and DELETE in one transaction that is rolled
  back when the answer is a server error: a 500 never leaves a stored write behind, so a client
  may retry it safely. (GET pages only write the access log, in autocommit.)
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse, JsonResponse

from sporbar.tables import megabytes

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
MULTIPART_OVERHEAD = 1024 * 1024  # the other form fields and part headers next to the file


def body_limit(content_type: str) -> int:
    if content_type.startswith("multipart/form-data"):
        return settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        if length > limit:
            message = f"Forespørgslen er for stor ({megabytes(length)}); højst {megabytes(limit)}."
            return _refusal(request, "For stor", message, 413)
        return self.get_response(request)


class QueryTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            message = "Forespørgslens parametre indeholder et NUL-tegn, som ikke kan bruges."
            return _refusal(request, "Ugyldig forespørgsel", message, 400)
        return self.get_response(request)


def _refusal(request, title: str, message: str, status: int) -> HttpResponse:
    """A request refused before any view: JSON for the API, a plain Danish page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(f"<!doctype html><title>{title}</title><p>{message}</p>", status=status)


class AtomicWritesMiddleware:
    """Runs the view of every write request in one transaction (like Django's ATOMIC_REQUESTS, which
    would also wrap reads: on SQLite every transaction takes the write lock). A view marked with
    `transaction.non_atomic_requests` (the login, whose password hashing should not hold the lock)
    manages its own transactions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", ()):
            return None
        with transaction.atomic():
            request.in_write_transaction = True
            response = view_func(request, *view_args, **view_kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
