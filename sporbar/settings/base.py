"""Settings shared by every environment. Every value can be set from the environment.

`sporbar.settings.base` is the development default (SQLite, debug on).
`sporbar.settings.production` refuses unsafe values.
"""

import datetime
import json
import os
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEFAULT_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

# Key for the keyed hash (HMAC) of CPR numbers. Must differ from SECRET_KEY in production.
CPR_HASH_KEY = os.environ.get("CPR_HASH_KEY", "dev-only-cpr-hash-key")
# The address of a TLS proxy in front of `sporbar serve` whose X-Forwarded-Proto/-For are trusted.
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "")
# The customer's own papers, shipped with the project as demo data (docs/documents.md).
SEEDS_DIR = BASE_DIR / "data" / "seeds"
# Years after a course ended before its personal data is erased.
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))
# Days a finished import's page (its messages may name citizens' references) is kept; `sporbar tick`.
IMPORT_JOB_DAYS = int(os.environ.get("IMPORT_JOB_DAYS", "30"))
# How much an uploaded file may make the server do (docs/imports.md): larger, longer, denser
# or slower files are refused with a Danish message before they exhaust the machine.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "20")) * 1024 * 1024
IMPORT_LIMITS = {
    "max_bytes": UPLOAD_MAX_BYTES,
    "max_rows": int(os.environ.get("IMPORT_MAX_ROWS", "100000")),
    "max_columns": 200,
    "max_cell_chars": 32_767,  # Excel's own limit for one cell
    "max_unzipped_bytes": int(os.environ.get("IMPORT_MAX_UNZIPPED_MB", "200")) * 1024 * 1024,
    "max_zip_ratio": 100,
    "max_pdf_pages": int(os.environ.get("IMPORT_MAX_PDF_PAGES", "300")),
    "max_seconds": float(os.environ.get("IMPORT_MAX_SECONDS", "60")),
}
# Django's own bound on form fields and request bodies that are not files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Discount rate for investment cases (Danish central government rate).
DISCOUNT_RATE = os.environ.get("DISCOUNT_RATE", "0.035")
# Disclosure control of the effect figures (docs/figures.md): no figure shown outside the units may
# tell something about fewer than DISCLOSURE_MIN_COURSES courses; an all-or-nothing figure (0 of n,
# n of n) is shown only from DISCLOSURE_ALL_OR_NOTHING_MIN courses.
DISCLOSURE_MIN_COURSES = int(os.environ.get("DISCLOSURE_MIN_COURSES", "5"))
DISCLOSURE_ALL_OR_NOTHING_MIN = int(os.environ.get("DISCLOSURE_ALL_OR_NOTHING_MIN", "20"))
# The periods shown outside the units: "y" years, "yhq" also half-years and quarters (every period
# more multiplies the time to compute and audit the pattern; half-years, quarters and chosen date
# ranges are always shown inside the units, for their own figures).
DISCLOSURE_OUTSIDE_PERIODS = os.environ.get("DISCLOSURE_OUTSIDE_PERIODS", "y")
# "background": the suppression pattern is recomputed in a child process after data changes;
# "sync": at once, in the request or command that notices the change (the tests use this).
DISCLOSURE_REFRESH = os.environ.get("DISCLOSURE_REFRESH", "background")
DISCLOSURE_REFRESH_INTERVAL = int(os.environ.get("DISCLOSURE_REFRESH_INTERVAL", "30"))  # seconds between runs
# Promising practice: the agreed interval between assessments of an active course (Monitorering).
PRACTICE_MONITORING_MONTHS = int(os.environ.get("PRACTICE_MONITORING_MONTHS", "6"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "djangosaml2",
    # Sporbar domains, in dependency order (the demo loads them in this order).
    "sporbar.accounts",
    "sporbar.plans",
    "sporbar.courses",
    "sporbar.effects",
    "sporbar.ffb",
    "sporbar.investment",
    "sporbar.governance",
    "sporbar.practice",
    "sporbar.documents",
    "sporbar.jobs",
    "sporbar.committee",
]
# Long imports run on a task queue in the database; `sporbar serve` starts its worker (`sporbar db-worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sporbar.middleware.RequestSizeLimitMiddleware",
    "sporbar.middleware.QueryTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML sign-in keeps its own session cookie (SameSite=None: the IdP posts the answer cross-site).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sporbar.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "sporbar.accounts.middleware.CurrentUserMiddleware",
    "sporbar.middleware.AtomicWritesMiddleware",
    # Axes must be last: it inspects the response of the login views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sporbar.urls"
WSGI_APPLICATION = "sporbar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sporbar" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sporbar.accounts.context_processors.roles",
            ],
            "builtins": ["sporbar.accounts.templatetags.danish"],
        },
    }
]

# Form widgets are rendered by the project's template engine, so that sporbar/templates/django/forms/
# can say the empty choice of a select in Danish ("Vælg …", not Django's "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'sporbar.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many readers and one writer at a time without "database is locked" (docs/architecture.md):
    # WAL lets readers go on while a write commits; IMMEDIATE takes the write lock when a
    # transaction begins, so a transaction that read first never fails to upgrade to a writer;
    # the busy timeout (seconds) makes a writer wait its turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
# Parallel test runs (several developers on one machine) can pick their own test database.
if os.environ.get("SPORBAR_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SPORBAR_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sporbar.accounts.sso.PasswordBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Municipal sign-in (docs/integration.md) -------------------------------------------------------
# Local passwords (the demo logins) can be switched off once the municipality's sign-in is set up.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)
# Role and units from the identity provider's claims (OIDC) or attributes (SAML), at every sign-in.
SSO_USERNAME_CLAIM = os.environ.get("SSO_USERNAME_CLAIM", "preferred_username")
SSO_ROLE_CLAIM = os.environ.get("SSO_ROLE_CLAIM", "roles")
SSO_ROLE_MAP = json.loads(
    os.environ.get(
        "SSO_ROLE_MAP",
        '{"Sporbar.Administrator": "admin", "Sporbar.Analytiker": "analyst", "Sporbar.Ledelse": "leadership",'
        ' "Sporbar.Initiativleder": "lead", "Sporbar.Medarbejder": "worker"}',
    )
)
SSO_UNIT_CLAIM = os.environ.get("SSO_UNIT_CLAIM", "sporbar_units")
SSO_UNIT_MAP = json.loads(os.environ.get("SSO_UNIT_MAP", "{}"))
SSO_NAME_CLAIMS = json.loads(os.environ.get("SSO_NAME_CLAIMS", "{}"))  # e.g. {"given_name": "givenName"}

# OpenID Connect (mozilla-django-oidc), e.g. Microsoft Entra ID: on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email")
OIDC_LOGIN_LABEL = os.environ.get("OIDC_LOGIN_LABEL", "Log ind med kommunens konto (Entra ID)")
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=afvist"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("sporbar.accounts.sso.OIDCBackend")

# SAML 2.0 (djangosaml2/pysaml2, needs the xmlsec1 program), e.g. KOMBIT's Context Handler (OIOSAML):
# on when SAML_IDP_METADATA names the identity provider's metadata file.
SAML_IDP_METADATA = os.environ.get("SAML_IDP_METADATA", "")
SAML_SP_ENTITY_ID = os.environ.get("SAML_SP_ENTITY_ID", "")
SAML_SP_BASE_URL = os.environ.get("SAML_SP_BASE_URL", "http://127.0.0.1:8000")
SAML_SP_KEY_FILE = os.environ.get("SAML_SP_KEY_FILE", "")
SAML_SP_CERT_FILE = os.environ.get("SAML_SP_CERT_FILE", "")
SAML_LOGIN_LABEL = os.environ.get("SAML_LOGIN_LABEL", "Log ind med fælleskommunalt login (SAML)")
SAML_CREATE_UNKNOWN_USER = True
SAML_DJANGO_USER_MAIN_ATTRIBUTE = "username"
SAML_ATTRIBUTE_MAPPING = {SSO_USERNAME_CLAIM: ("username",)}
SAML_CSP_HANDLER = ""
SAML_CONFIG = {}
if SAML_IDP_METADATA:
    from sporbar.accounts.saml_config import saml_config

    SAML_CONFIG = saml_config(
        SAML_SP_BASE_URL, SAML_SP_ENTITY_ID, SAML_IDP_METADATA, SAML_SP_KEY_FILE, SAML_SP_CERT_FILE
    )
    AUTHENTICATION_BACKENDS.append("sporbar.accounts.sso.SAMLBackend")

# Login throttling: lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "sporbar" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "sporbar" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Sessions end after SESSION_IDLE_MINUTES without activity and SESSION_MAX_HOURS after login
# (accounts.middleware.SessionTimeoutMiddleware), and when the browser closes.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# API tokens (django-rest-knox): only a hash is stored, and each token expires.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS), "AUTO_REFRESH": False}

REST_FRAMEWORK = {
    # Token first, so that a request without valid credentials gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sporbar.accounts.api.authentication.TokenAuthentication",
        "sporbar.accounts.api.authentication.SessionAuthentication",
    ],
    # JSON only: the API is documented by its OpenAPI schema, and DRF's browsable pages are English.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["sporbar.accounts.api.permissions.IsAuthenticatedPerson"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"selfreport": "30/min"},
    "COERCE_DECIMAL_TO_STRING": False,
    # Bad input gets a 4xx with a Danish message, never a 500 (sporbar/api.py, docs/api-errors.md).
    "EXCEPTION_HANDLER": "sporbar.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "sporbar.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sporbar API",
    "DESCRIPTION": "Plans, initiatives, citizen courses, effect figures, investment cases and governance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FollowUpStatusEnum": "sporbar.governance.models.FollowUp.Status",
        "PracticeLevelEnum": "sporbar.practice.elements.Level",
        "FunctionalLevelEnum": "sporbar.courses.models.Level",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sporbar.api.document_error_responses",
    ],
}

# Reminders (`sporbar tick`): the console in development and the demo; production sends by SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sporbar <sporbar@localhost>")
# The address of the site, for links in e-mails and in the calendar feed (which are read outside a request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The citizen's one-time link: limits that stop guessing without locking out an address many
# citizens share (courses/throttle.py explains them).
SELF_REPORT_LIMITS = {"burst_per_ip": 120, "failures_per_ip": 100, "failures_per_link": 10}

# The citizen's one-time token is part of the link's path (/s/<token>/): it is masked in every
# log line (sporbar.logfilters), whether Django logs a 404/410/429 or the server logs a request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_link_tokens": {"()": "sporbar.logfilters.HideLinkTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_link_tokens"]}},
    "loggers": {name: {"filters": ["hide_link_tokens"]} for name in ("django.request", "django.server", "waitress")},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Serve static files straight from the apps in development; production runs collectstatic.
WHITENOISE_USE_FINDERS = True

# The one password of the demo logins, printed by `sporbar demo`.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "sporbar-demo-2026")
# In development static files come from the finders; STATIC_ROOT exists only after collectstatic.
warnings.filterwarnings("ignore", message="No directory at")
