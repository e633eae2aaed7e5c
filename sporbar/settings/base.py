"""Settings shared by every environment. Every value can be set from the environment.

`sporbar.settings.base` is the development default (SQLite, debug on).
`sporbar.settings.production` refuses unsafe values.
"""

import datetime
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
# "background": the suppression pattern is recomputed in a background thread after data changes;
# "sync": at once, in the request or command that notices the change (the tests use this).
DISCLOSURE_REFRESH = os.environ.get("DISCLOSURE_REFRESH", "background")
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
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "csp",
    # Sporbar domains, in dependency order (the demo loads them in this order).
    "sporbar.accounts",
    "sporbar.plans",
    "sporbar.courses",
    "sporbar.effects",
    "sporbar.investment",
    "sporbar.governance",
    "sporbar.practice",
    "sporbar.documents",
    "sporbar.committee",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sporbar.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "sporbar.accounts.middleware.CurrentUserMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'sporbar.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
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
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
    "EXCEPTION_HANDLER": "sporbar.accounts.api.errors.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"selfreport": "30/min"},
    "COERCE_DECIMAL_TO_STRING": False,
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
    },
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
