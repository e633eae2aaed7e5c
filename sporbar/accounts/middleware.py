import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from sporbar import cpr

from .audit import acting_as

SEEN_KEY = "sporbar_seen"
STARTED_KEY = "sporbar_started"
SEEN_RESOLUTION = 60  # seconds: write the session at most once a minute just to note activity


def session_started(sender, request, user, **kwargs):
    """A login starts the clock of the session's whole life anew."""
    if hasattr(request, "session"):
        request.session[STARTED_KEY] = request.session[SEEN_KEY] = int(time.time())


class SessionTimeoutMiddleware:
    """Logs a user out after SESSION_IDLE_MINUTES without a request, and in any case
    SESSION_MAX_HOURS after the session began (the cookie's age alone slides with each save)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = int(time.time())
        session = request.session
        seen, started = session.get(SEEN_KEY), session.get(STARTED_KEY)
        if seen is not None and now - seen > settings.SESSION_IDLE_MINUTES * 60:
            logout(request)
            messages.info(
                request,
                _("Du er logget ud efter %(minutes)d minutter uden aktivitet.")
                % {"minutes": settings.SESSION_IDLE_MINUTES},
            )
        elif started is not None and now - started > settings.SESSION_MAX_HOURS * 3600:
            logout(request)
            messages.info(request, _("Du er logget ud, fordi din session var udløbet. Log ind igen."))
        else:
            if started is None:
                session[STARTED_KEY] = now
            if seen is None or now - seen >= SEEN_RESOLUTION:
                session[SEEN_KEY] = now


class CurrentUserMiddleware:
    """Attributes every change made while handling a request to the logged-in user, and tells the
    user when a CPR number typed into free text was masked on save (sporbar.cpr)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user), cpr.collect_masked() as masked:
            response = self.get_response(request)
        if masked and hasattr(request, "_messages"):
            messages.warning(request, cpr.message(masked))
        return response
