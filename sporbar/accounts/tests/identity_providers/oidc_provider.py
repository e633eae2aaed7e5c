"""A real OpenID Connect provider for the tests: django-oauth-toolkit with OIDC enabled, run as its
own process (its own Django, its own SQLite database), with a login page and users whose ID tokens
carry roles and units, as Microsoft Entra ID's do.

    python -m sporbar.accounts.tests.identity_providers.oidc_provider CONFIG.json

CONFIG: {"port", "database", "private_key_file", "client_id", "client_secret", "redirect_uri",
         "users": {username: {"password": ..., "claims": {...}}}}
"""

import json
import sys

import django
from django.conf import settings

CONFIG = json.loads(open(sys.argv[1], encoding="utf-8").read()) if __name__ == "__main__" else {}


def configure():
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-oidc-provider-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": CONFIG["database"]}},
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(__import__("pathlib").Path(__file__).parent / "templates")],
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
            }
        ],
        LOGIN_URL="/login/",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": open(CONFIG["private_key_file"], encoding="utf-8").read(),
            "SCOPES": {"openid": "OpenID Connect", "profile": "Profil", "email": "E-mail"},
            "OAUTH2_VALIDATOR_CLASS": f"{__name__}.ClaimsValidator",
            "PKCE_REQUIRED": False,
        },
    )


if __name__ == "__main__":
    configure()
    django.setup()

    from django.contrib.auth.views import LoginView
    from django.urls import include, path
    from oauth2_provider.oauth2_validators import OAuth2Validator

    class ClaimsValidator(OAuth2Validator):
        oidc_claim_scope = None  # every claim below goes into the ID token

        def get_additional_claims(self, request):
            return {"preferred_username": request.user.username, **CONFIG["users"][request.user.username]["claims"]}

    urlpatterns = [
        path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
        path("login/", LoginView.as_view()),
    ]

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application
    from waitress import serve

    call_command("migrate", verbosity=0)
    for username, user in CONFIG["users"].items():
        User.objects.create_user(username, password=user["password"])
    Application.objects.create(
        name="Sporbar",
        client_id=CONFIG["client_id"],
        client_secret=CONFIG["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=CONFIG["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    from django.core.wsgi import get_wsgi_application

    serve(get_wsgi_application(), host="127.0.0.1", port=CONFIG["port"], threads=2, _quiet=True)
