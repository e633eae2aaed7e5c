"""The promising-practice profile of an initiative: levels set per element and self-assessments, both kept
as history (a new row for every change, never an update), and the documents attached to a self-assessment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.plans.models import Initiative

from .elements import ASSESSMENT_CHOICES, ELEMENT_CHOICES, Level


class AppendOnly(models.Model):
    """A row of history: saved once, never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValueError("Historikken ændres aldrig: gem en ny række.")
        super().save(*args, **kwargs)


class LevelDecision(AppendOnly):
    """An analyst's level for one element of one initiative, with the suggestion and evidence seen then.

    The latest row per initiative and element is the profile's level.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "bekraeftet", _("forslaget bekræftet")
        SET = "fastsat", _("andet niveau med begrundelse")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="practice_levels")
    element = models.PositiveSmallIntegerField(_("element"), choices=ELEMENT_CHOICES)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    suggested_level = models.CharField(_("foreslået niveau"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("begrundelse"), max_length=2000, blank=True)
    rule = models.TextField(_("regel"), blank=True)
    explanation = models.TextField(_("forklaring"), blank=True)
    evidence = models.JSONField(_("evidens"), default=list, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    audited = True

    class Meta:
        ordering = ["initiative", "element", "-set_at", "-id"]
        indexes = [models.Index(fields=["initiative", "element", "-id"], name="practice_level_latest")]
        verbose_name = _("niveau for element")
        verbose_name_plural = _("niveauer for elementer")

    def __str__(self):
        return f"{self.initiative_id} · {self.get_element_display()}: {self.level}"


class SelfAssessment(AppendOnly):
    """The initiative's own account of one of the four assessed elements. The latest row is current."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="self_assessments")
    element = models.PositiveSmallIntegerField(_("element"), choices=ASSESSMENT_CHOICES)
    text = models.TextField(_("selvevaluering"), max_length=5000)
    proposed_level = models.CharField(_("foreslået niveau"), max_length=20, choices=Level.choices)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    audited = True

    class Meta:
        ordering = ["initiative", "element", "-written_at", "-id"]
        indexes = [models.Index(fields=["initiative", "element", "-id"], name="practice_self_latest")]
        verbose_name = _("selvevaluering")
        verbose_name_plural = _("selvevalueringer")

    def __str__(self):
        return f"{self.initiative} · {self.get_element_display()}"


class PracticeDocument(models.Model):
    """A paper behind a self-assessment (a theory of change, a method description), with its text for search."""

    class Kind(models.TextChoices):
        THEORY_OF_CHANGE = "forandringsteori", _("Forandringsteori")
        METHOD = "metodebeskrivelse", _("Metodebeskrivelse")
        OTHER = "andet", _("Andet")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="practice_documents")
    element = models.PositiveSmallIntegerField(_("element"), choices=ASSESSMENT_CHOICES)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("titel"), max_length=300)
    filename = models.CharField(_("filnavn"), max_length=300)
    # The storage path (a path, not a FileField: the audit log cannot hold FieldFile values).
    file = models.CharField(_("fil"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    text = models.TextField(_("tekst"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("vedhæftet"), auto_now_add=True)

    audited = True

    class Meta:
        ordering = ["initiative", "element", "uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "element", "sha256"], name="unique_practice_document")
        ]
        verbose_name = _("dokument om praksis")
        verbose_name_plural = _("dokumenter om praksis")

    def __str__(self):
        return self.title
