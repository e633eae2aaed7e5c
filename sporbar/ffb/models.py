"""KL's shared professional concepts (Fælles faglige begreber, FFB) and what Sporbar receives in FFB.

- Concept: one code of KL's FFB code system (urn:oid:1.2.208.176.2.22), loaded from KL's JSON.
- DimensionMapping: which of the department's three mastery dimensions an FFB condition counts in.
- InitiativeMapping, MunicipalityMapping: how a case system's FFB services, offers and municipality
  identifier land on Sporbar's initiatives and units.
- Delivery: one delivery report (FHIR Bundle) received, imported or rejected, with its problems.
- Resource: the latest version of one FHIR resource received, by resource id, reduced to the codes,
  dates and references Sporbar uses (no free text, no CPR number).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.accounts.models import Unit
from sporbar.courses.models import Dimension
from sporbar.plans.models import Initiative


class CodeSystem(models.Model):
    """One loaded version of KL's FFB code system."""

    url = models.CharField(max_length=200)
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("indlæst"), auto_now=True)
    concepts = models.PositiveIntegerField(_("begreber"), default=0)

    class Meta:
        ordering = ["-loaded_at"]


class Concept(models.Model):
    class Kind(models.TextChoices):
        CONDITION_GROUP = "tilstandsgruppe", _("tilstandsgruppe")
        CONDITION = "tilstand", _("tilstand")
        FUNCTIONAL_LEVEL = "funktionsevneniveau", _("funktionsevneniveau")
        GOAL_TYPE = "maaltype", _("måltype")
        SUPPORT_LEVEL = "stoettebehov", _("støttebehovsniveau")
        SERVICE = "ydelse", _("ydelse")
        OFFER = "tilbud", _("tilbud")
        TARGET_GROUP = "maalgruppe", _("målgruppe")
        FOLLOW_UP = "opfoelgning", _("resultat af opfølgning")
        OTHER = "andet", _("andet")

    class Area(models.TextChoices):
        FUNCTIONS = "funktioner", _("Funktioner og forhold")
        ACTIVITY = "aktivitet", _("Aktivitet og deltagelse")
        SURROUNDINGS = "omgivelser", _("Omgivelsesfaktorer")

    code = models.CharField(_("kode"), max_length=64, unique=True)
    display = models.CharField(_("betegnelse"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    area = models.CharField(_("område"), max_length=20, choices=Area.choices, blank=True)
    # Functional level 0-4 (None: "Ikke vurderet"); support level 0-4.
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    active = models.BooleanField(_("i gældende version"), default=True)

    class Meta:
        ordering = ["kind", "display"]
        verbose_name = _("FFB-begreb")
        verbose_name_plural = _("FFB-begreber")

    def __str__(self):
        return self.display


class DimensionMapping(models.Model):
    """The mastery dimension in which goals on this FFB condition count (edited by an administrator)."""

    condition = models.OneToOneField(
        Concept, on_delete=models.CASCADE, related_name="dimension_mapping", limit_choices_to={"kind": "tilstand"}
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)

    audited = True

    class Meta:
        ordering = ["condition__display"]
        verbose_name = _("dimension for FFB-tilstand")
        verbose_name_plural = _("dimensioner for FFB-tilstande")

    def __str__(self):
        return f"{self.condition} → {self.get_dimension_display()}"

    @classmethod
    def dimension_of(cls, condition_id) -> str | None:
        return cls.objects.filter(condition_id=condition_id).values_list("dimension", flat=True).first()


class MunicipalityMapping(models.Model):
    """A municipality (KOMBIT STS organisation id in Citizen.managingOrganization) whose reports we read."""

    identifier = models.CharField(_("organisations-id (KOMBIT STS)"), max_length=64, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhed"))

    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune i FFB-indberetninger")
        verbose_name_plural = _("kommuner i FFB-indberetninger")

    def __str__(self):
        return self.name


class InitiativeMapping(models.Model):
    """An FFB offer (tilbudstype) or service (ydelse) that, in a care plan, means a course in this initiative."""

    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="initiative_mappings",
        limit_choices_to={"kind__in": ["tilbud", "ydelse"]},
        verbose_name=_("FFB-tilbud eller -ydelse"),
    )
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+", verbose_name=_("initiativ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("udførende enhed"))

    audited = True

    class Meta:
        ordering = ["concept__display"]
        constraints = [models.UniqueConstraint(fields=["concept"], name="one_initiative_per_ffb_concept")]
        verbose_name = _("initiativ for FFB-tilbud/-ydelse")
        verbose_name_plural = _("initiativer for FFB-tilbud/-ydelser")

    def __str__(self):
        return f"{self.concept} → {self.initiative}"


class Delivery(models.Model):
    """One delivery report received: imported, or rejected with its problems (never a CPR number)."""

    bundle_id = models.CharField(_("indberetning"), max_length=120, db_index=True)
    timestamp = models.DateTimeField(_("dannet"), null=True, blank=True)
    received_at = models.DateTimeField(_("modtaget"), auto_now_add=True, db_index=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("kanal"), max_length=20)
    imported = models.BooleanField(_("indlæst"))
    problems = models.JSONField(_("problemer"), default=list, blank=True)
    resources = models.PositiveIntegerField(_("ressourcer"), default=0)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("FFB-indberetning")
        verbose_name_plural = _("FFB-indberetninger")


class Resource(models.Model):
    """The latest version of one FHIR resource received from a case system, by its resource id."""

    resource_type = models.CharField(max_length=40)
    resource_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=30)
    citizen = models.ForeignKey("courses.Citizen", on_delete=models.CASCADE, related_name="ffb_resources")
    version_at = models.DateTimeField()
    withdrawn = models.BooleanField(default=False)  # "entered-in-error"
    data = models.JSONField(default=dict)
    delivery = models.ForeignKey(Delivery, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource_type", "resource_id"], name="one_row_per_fhir_resource")
        ]
        indexes = [models.Index(fields=["citizen", "kind"])]

    def __str__(self):
        return f"{self.resource_type}/{self.resource_id}"
