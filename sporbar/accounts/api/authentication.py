import drf_spectacular.authentication
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import authentication, exceptions

from sporbar.accounts.audit import attribute_request_to


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>` with django-rest-knox: only a hash of each token is stored, and
    tokens expire (settings.API_TOKEN_DAYS). Changes made through the request are logged as the
    token's user: session users are known to the middleware already, token users only once DRF
    authenticates.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            attribute_request_to(result[0])
        return result


class TokenScheme(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI schema: `Authorization: Token <key>`."""

    target_class = "sporbar.accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")


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
