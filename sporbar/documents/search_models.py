"""The search index: one row per searchable record (imported at the end of models.py)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["SearchEntry"]


class SearchEntry(models.Model):
    """A denormalised copy of one record's searchable text, rebuilt by `sporbar reindex`.

    On PostgreSQL `vector` holds the Danish tsvector (GIN index made by the migration);
    on SQLite the stemmed text lives in the FTS5 table `documents_search_fts` (rowid = id).
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Møde")
        ITEM = "item", _("Dagsordenspunkt")
        DECISION = "decision", _("Beslutning")
        PROPOSAL = "proposal", _("Indstilling")
        HEARING_RESPONSE = "hearing_response", _("Høringssvar")
        INITIATIVE = "initiative", _("Initiativ")
        DOCUMENT = "document", _("Dokument")
        SELF_ASSESSMENT = "self_assessment", _("Selvevaluering")
        PRACTICE_DOCUMENT = "practice_document", _("Dokument om praksis")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("titel"), max_length=500)
    text = models.TextField(_("tekst"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    date = models.DateField(_("dato"), null=True, blank=True, db_index=True)
    body_name = models.CharField(_("forum"), max_length=200, blank=True, db_index=True)
    initiatives = models.ManyToManyField("plans.Initiative", blank=True, related_name="+")
    # Confidential rows are shown only to users allowed by `search.visibility_filter`: the
    # restricted readers and members of (a unit above) one of `units`.
    confidential = models.BooleanField(default=False)
    units = models.ManyToManyField("accounts.Unit", blank=True, related_name="+")
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]
        verbose_name = _("søgeindeks-post")
        verbose_name_plural = _("søgeindeks")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
