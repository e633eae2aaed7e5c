"""Production settings: safe by default, refuses to start with debug or a weak or default secret."""

import collections
import math
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CPR_HASH_KEY, DEFAULT_SECRET_KEY, SECRET_KEY, env_bool

# A key must be long and varied: at least MIN_KEY_LENGTH characters, MIN_KEY_DISTINCT different
# ones, and an estimated MIN_KEY_BITS of entropy (length × Shannon entropy per character), which
# refuses repeated or patterned values such as "a", "abcabc…" or a short pass phrase. Generate one
# with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"
MIN_KEY_LENGTH = 50
MIN_KEY_DISTINCT = 10
MIN_KEY_BITS = 180
KEY_ADVICE = 'generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'


def estimated_bits(value: str) -> float:
    counts = collections.Counter(value)
    return -sum(n * math.log2(n / len(value)) for n in counts.values()) if value else 0.0


def key_problem(name: str, value: str, default: str) -> str | None:
    """Why `value` is not good enough as the secret `name`, or None."""
    if not value or value == default:
        return f"Set {name} to its own random value ({KEY_ADVICE})."
    if len(value) < MIN_KEY_LENGTH or len(set(value)) < MIN_KEY_DISTINCT or estimated_bits(value) < MIN_KEY_BITS:
        return (
            f"{name} is too weak: use at least {MIN_KEY_LENGTH} random characters "
            f"(at least {MIN_KEY_DISTINCT} different ones; {KEY_ADVICE})."
        )
    return None


DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
for _name, _value, _default in (
    ("SECRET_KEY", SECRET_KEY, DEFAULT_SECRET_KEY),
    ("CPR_HASH_KEY", CPR_HASH_KEY, "dev-only-cpr-hash-key"),
):
    if _problem := key_problem(_name, _value, _default):
        raise ImproperlyConfigured(_problem)
if CPR_HASH_KEY == SECRET_KEY:
    raise ImproperlyConfigured("CPR_HASH_KEY must differ from SECRET_KEY.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Behind a TLS proxy: trust its X-Forwarded-Proto only when TRUSTED_PROXY names it (`sporbar serve`
# passes the same address to waitress, which drops forwarded headers from anyone else).
if os.environ.get("TRUSTED_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Reminders go by SMTP; every value from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 30
