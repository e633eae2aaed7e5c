"""Users, the organisation's units, and the logs that make access traceable."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A unit of the organisation: magistratsafdeling → område → center → tilbud.

    `path` holds the ids from the root down ("/1/4/9/"), so that a unit and all
    its sub-units are found with one indexed prefix query.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "magistratsafdeling", _("Magistratsafdeling")
        AREA = "omraade", _("Område")
        CENTRE = "center", _("Center")
        SERVICE = "tilbud", _("Tilbud")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    audited = True

    class Meta:
        ordering = ["path"]
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        path = f"{parent_path}{self.pk}/"
        if path != self.path:
            Unit.objects.filter(pk=self.pk).update(path=path)
            self.path = path

    def subtree(self):
        """This unit and every unit below it."""
        return Unit.objects.filter(path__startswith=self.path)


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        ANALYST = "analyst", _("Analytiker")
        LEAD = "lead", _("Initiativleder")
        WORKER = "worker", _("Medarbejder")
        LEADERSHIP = "leadership", _("Ledelse")
        # A case system pushing FFB delivery reports through the API; sees nothing in Sporbar.
        SYSTEM = "system", _("Fagsystem (integration)")

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.WORKER)
    units = models.ManyToManyField(Unit, blank=True, related_name="members", verbose_name=_("enheder"))

    audited = True

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")


class AuditEntry(models.Model):
    """One change to a record: who, when, what it was before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("oprettet")
        UPDATE = "update", _("ændret")
        DELETE = "delete", _("slettet")

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(_("aktør"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    model = models.CharField(_("model"), max_length=100, db_index=True)
    object_id = models.CharField(_("id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objekt"), max_length=200)
    before = models.JSONField(_("før"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("ændringslog")
        verbose_name_plural = _("ændringslog")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.model} {self.object_id}"


class AccessEntry(models.Model):
    """One read of a person's data (GDPR art. 9): who, when, which citizen, what."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(_("aktør"), max_length=150, blank=True)
    citizen_id = models.BigIntegerField(_("borger-id"), db_index=True)
    what = models.CharField(_("hvad"), max_length=200)
    channel = models.CharField(_("kanal"), max_length=20, default="web")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} borger {self.citizen_id}: {self.what}"


class IdempotencyKey(models.Model):
    """The answer to a write sent with an `Idempotency-Key` header, so that a retry gets the same
    answer instead of writing twice (sporbar.api.IdempotentCreateMixin). Kept for a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_idempotency_key")]
