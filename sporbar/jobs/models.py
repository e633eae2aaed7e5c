"""An import that runs in the background, on the task queue (django-tasks, database backend)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        RUNNING = "running", _("i gang")
        DONE = "done", _("færdig")
        FAILED = "failed", _("afvist")

    kind = models.CharField(_("type"), max_length=20)
    filename = models.CharField(_("fil"), max_length=255)
    # The uploaded bytes, kept only until the job has run (least data: an upload may hold CPR numbers).
    content = models.BinaryField(editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("rækker skrevet"), default=0)
    total = models.PositiveIntegerField(_("rækker i alt"), default=0)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    errors = models.JSONField(_("fejl"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importjob")
        verbose_name_plural = _("importjob")

    def __str__(self):
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
