"""The committee report's own record: each report that went to the committee (udvalget)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.plans.models import Plan


class IssuedReport(models.Model):
    """A status report sent to the committee. The next report tells the decisions and follow-ups since then."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="issued_reports", verbose_name=_("plan"))
    issued_on = models.DateField(_("sendt til udvalget"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sendt af"),
    )
    covers_from = models.DateField(_("beslutninger fra"), null=True, blank=True)
    figures_year = models.CharField(_("nøgletal for"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audited = True

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("rapport til udvalget")
        verbose_name_plural = _("rapporter til udvalget")

    def __str__(self):
        return f"{self.plan} {self.issued_on:%d-%m-%Y}"
