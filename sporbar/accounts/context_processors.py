from django.conf import settings

from . import permissions


def roles(request):
    user = getattr(request, "user", None)
    return {
        "can_edit_plan": permissions.can_edit_plan(user),
        "can_read_audit": permissions.can_read_audit(user),
        "can_see_person_data": permissions.can_see_person_data(user),
        "can_view_investment": permissions.can_view_investment(user),
        "can_read_committee_report": permissions.can_read_committee_report(user),
        "sign_in": {
            "password": settings.PASSWORD_LOGIN,
            "oidc": settings.OIDC_LOGIN_LABEL
            if "sporbar.accounts.sso.OIDCBackend" in settings.AUTHENTICATION_BACKENDS
            else "",
            "saml": settings.SAML_LOGIN_LABEL
            if "sporbar.accounts.sso.SAMLBackend" in settings.AUTHENTICATION_BACKENDS
            else "",
        },
    }
