import drf_spectacular.authentication
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from sporbar.accounts.audit import attribute_request_to


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; changes made through the request are logged as the token's user.

    Session users are known to the middleware already; token users only once DRF authenticates.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            attribute_request_to(result[0])
        return result


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, with the CSRF refusal in plain Danish instead of "CSRF Failed"."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("Forespørgslen blev afvist af sikkerhedshensyn (CSRF): hent siden igen, og prøv på ny.")
            ) from exc


class SessionScheme(drf_spectacular.authentication.SessionScheme):
    """The OpenAPI schema describes our session authentication as DRF's (cookieAuth)."""

    target_class = SessionAuthentication
