"""Municipal sign-in: OpenID Connect (mozilla-django-oidc, e.g. Microsoft Entra ID) and SAML 2.0
(djangosaml2, e.g. KOMBIT's Context Handler / OIOSAML). The identity provider decides who the user
is; a documented, configurable mapping (settings SSO_*, docs/integration.md) decides the user's role
and units from the claims or attributes it sends, at every sign-in:

- SSO_ROLE_CLAIM names the claim/attribute with the user's roles or groups; SSO_ROLE_MAP maps its
  values to Sporbar's roles. When several map, the first in SSO_ROLE_MAP wins. No role: no access.
- SSO_UNIT_CLAIM names the claim/attribute with the user's organisational units; SSO_UNIT_MAP maps
  its values to unit codes (a value that is itself a unit code maps to that unit). The user's units
  are replaced by these at each sign-in.
- SSO_USERNAME_CLAIM names the claim/attribute that is the username.
"""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from djangosaml2.backends import Saml2Backend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import Unit, User

logger = logging.getLogger(__name__)


def _values(claims: dict, name: str) -> list[str]:
    value = claims.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v] if name != settings.SSO_USERNAME_CLAIM else [value]
    return [str(v) for v in value]


def role_from(claims: dict) -> str | None:
    given = set(_values(claims, settings.SSO_ROLE_CLAIM))
    for value, role in settings.SSO_ROLE_MAP.items():
        if value in given and role in User.Role.values:
            return role
    return None


def units_from(claims: dict) -> list[Unit]:
    codes = [settings.SSO_UNIT_MAP.get(v, v) for v in _values(claims, settings.SSO_UNIT_CLAIM)]
    return list(Unit.objects.filter(code__in=codes))


def username_from(claims: dict) -> str:
    values = _values(claims, settings.SSO_USERNAME_CLAIM)
    return values[0][:150] if values else ""


def apply_claims(user: User, claims: dict) -> User:
    """Set role, units and name from the identity provider's claims; save."""
    user.role = role_from(claims)
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name"), ("email", "email")):
        values = _values(claims, settings.SSO_NAME_CLAIMS.get(claim, claim))
        if values:
            setattr(user, field, " ".join(values)[:150] if field != "email" else values[0][:254])
    user.is_staff = user.is_superuser = user.role == User.Role.ADMIN
    user.set_unusable_password()
    user.save()
    user.units.set(units_from(claims))
    return user


class OIDCBackend(OIDCAuthenticationBackend):
    """OpenID Connect: the user by SSO_USERNAME_CLAIM; role and units by the mapping."""

    def verify_claims(self, claims):
        if not username_from(claims):
            logger.warning("OIDC: no %s claim; sign-in refused", settings.SSO_USERNAME_CLAIM)
            return False
        if role_from(claims) is None:
            logger.warning("OIDC: no role maps for %s; sign-in refused", username_from(claims))
            return False
        return True

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims (Entra ID sends roles and groups there), completed by the
        userinfo endpoint when one is configured."""
        claims = dict(payload)
        if self.get_settings("OIDC_OP_USER_ENDPOINT", ""):
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            return None  # the login fails and the user is shown the sign-in page again
        user, _created = User.objects.get_or_create(username=username_from(claims))
        return apply_claims(user, claims)


class SAMLBackend(Saml2Backend):
    """SAML 2.0: the user by SSO_USERNAME_CLAIM (attribute); role and units by the mapping."""

    def is_authorized(self, attributes, attribute_mapping, idp_entityid, assertion_info, **kwargs):
        if role_from(attributes) is None:
            logger.warning("SAML: no role maps for %s; sign-in refused", username_from(attributes))
            return False
        return bool(username_from(attributes))

    def _update_user(self, user, attributes, attribute_mapping, force_save=False):
        return apply_claims(user, attributes)


class PasswordBackend(ModelBackend):
    """Local passwords (the demo); off when settings.PASSWORD_LOGIN is false."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
