"""Imported papers (minutes, hearing responses, plan documents) and the search index."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One imported file: its text, what the import recognised (``report``) and what it created."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Referat")
        HEARING_RESPONSE = "hearing_response", _("Høringssvar")
        PLAN = "plan", _("Plandokument")
        OTHER = "other", _("Andet")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("titel"), max_length=300)
    filename = models.CharField(_("filnavn"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    text = models.TextField(_("tekst"), blank=True)
    imported_at = models.DateTimeField(_("importeret"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Import report: recognised / unrecognised / personal_data (+ a parsed plan draft for kind=plan).
    report = models.JSONField(_("importrapport"), default=dict, blank=True)
    meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )

    audited = True

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")

    def __str__(self):
        return self.title


from .search_models import *  # noqa: E402,F401,F403
