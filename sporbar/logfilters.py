"""Logging filters: what must never reach a log line."""

import logging
import re

# The self-report link /s/<token>/ (courses.urls): the token is a password for one citizen's form.
LINK_TOKEN = re.compile(r"/s/[^/\s?#\"']+")
HIDDEN = "/s/[skjult]"


class HideLinkTokens(logging.Filter):
    """Masks the citizen's one-time token in the record's message (and its arguments)."""

    def filter(self, record):
        message = record.getMessage()
        if "/s/" in message:
            record.msg, record.args = LINK_TOKEN.sub(HIDDEN, message), None
        return True
