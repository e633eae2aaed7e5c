"""Demo settings: the demo runs like production (no DEBUG, its own secrets) on plain HTTP at 127.0.0.1.

`sporbar demo` and `make demo` use these. The secrets below are public: good for the demo's
synthetic citizens, never for real data (production takes its own from the environment).
"""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "demo-only-secret-key-public-never-use-for-real-data-2026")
CPR_HASH_KEY = os.environ.get("CPR_HASH_KEY", "demo-only-cpr-hash-key-public-never-use-for-real-data")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

# Served by waitress over plain HTTP on this machine: cookies cannot be Secure, and there is no HTTPS
# to redirect to. Everything else is as in production (CSP, no framing, nosniff, same-origin referrer).
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Static files come straight from the apps through WhiteNoise, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
