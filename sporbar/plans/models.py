"""The plan registry: plan → theme → track → initiative, with budgets, spending and status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.accounts.models import Unit


class Plan(models.Model):
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self):
        return self.name


class Theme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("nummer"))
    name = models.CharField(_("navn"), max_length=200)

    audited = True

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_theme_number")]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")

    def __str__(self):
        return f"Tema {self.number}: {self.name}"


class Track(models.Model):
    """A numbered group of initiatives under a theme ("spor 3.3")."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tracks")
    number = models.CharField(_("nummer"), max_length=10)
    name = models.CharField(_("navn"), max_length=200)

    audited = True

    class Meta:
        ordering = ["theme", "number"]
        constraints = [models.UniqueConstraint(fields=["theme", "number"], name="unique_track_number")]
        verbose_name = _("spor")
        verbose_name_plural = _("spor")

    def __str__(self):
        return f"Spor {self.number}: {self.name}"


class Initiative(models.Model):
    class TargetCategory(models.TextChoices):
        """The target groups the department's effect goals are set for (seed 004)."""

        CHILDREN = "boern", _("børn")
        YOUNG = "unge", _("unge")
        DISABILITY = "handicap", _("voksne med handicap")
        PSYCHIATRY = "psykiatri", _("voksne med psykisk sygdom")
        HOMELESS = "udsatte", _("udsatte og hjemløse")

    class Status(models.TextChoices):
        PLANNED = "planlagt", _("planlagt")
        RUNNING = "i_gang", _("i gang")
        ENDED = "afsluttet", _("afsluttet")
        CONTINUED = "videreført", _("videreført")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="initiatives")
    key = models.SlugField(_("nøgle"), max_length=60, help_text=_("Stabil nøgle i importformatet, fx 3.3-ips"))
    title = models.CharField(_("titel"), max_length=300)
    amount = models.DecimalField(_("engangsbeløb (kr.)"), max_digits=14, decimal_places=2)
    period_start = models.PositiveSmallIntegerField(_("periode fra"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("periode til"), null=True, blank=True)
    target_group = models.TextField(_("målgruppe"), blank=True)
    target_group_size = models.PositiveIntegerField(_("målgruppens størrelse"), null=True, blank=True)
    target_category = models.CharField(
        _("målgruppekategori"), max_length=20, choices=TargetCategory.choices, blank=True
    )
    owner_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("ejer"))
    partners = models.TextField(_("samarbejdspartnere"), blank=True)
    evaluation = models.TextField(_("evaluering"), blank=True)
    is_employment = models.BooleanField(_("beskæftigelsesrettet"), default=False)
    # The sections of the municipality's proposal template.
    purpose = models.TextField(_("formål"), blank=True)
    value = models.TextField(_("værdi for borgere og samfund"), blank=True)
    what_who_how = models.TextField(_("hvad, hvem og hvordan"), blank=True)
    resources = models.TextField(_("ressourcer"), blank=True)
    follow_up = models.TextField(_("opfølgning"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    audited = True

    class Meta:
        ordering = ["track__theme__number", "track__number", "key"]
        constraints = [models.UniqueConstraint(fields=["track", "key"], name="unique_initiative_key")]
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")

    def __str__(self):
        return self.title

    @property
    def plan_id(self):
        return self.track.theme.plan_id


# The facts of an initiative that analysts edit, in the order of the import format.
INITIATIVE_FACTS = [
    "period_start",
    "period_end",
    "target_group",
    "target_group_size",
    "target_category",
    "owner_unit",
    "partners",
    "evaluation",
    "is_employment",
    "purpose",
    "value",
    "what_who_how",
    "resources",
    "follow_up",
]


class BudgetLine(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=2)

    audited = True

    class Meta:
        ordering = ["initiative", "year"]
        constraints = [models.UniqueConstraint(fields=["initiative", "year"], name="unique_budget_year")]
        verbose_name = _("budgetlinje")
        verbose_name_plural = _("budgetlinjer")

    def __str__(self):
        return f"{self.initiative} {self.year}: {self.amount}"


class Spending(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="spendings")
    date = models.DateField(_("dato"))
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    audited = True

    class Meta:
        ordering = ["initiative", "-date", "-id"]
        verbose_name = _("forbrug")
        verbose_name_plural = _("forbrug")

    def __str__(self):
        return f"{self.initiative} {self.date}: {self.amount}"


class StatusUpdate(models.Model):
    class Light(models.TextChoices):
        GREEN = "groen", _("grøn")
        YELLOW = "gul", _("gul")
        RED = "roed", _("rød")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="status_updates")
    date = models.DateField(_("dato"))
    status = models.CharField(_("status"), max_length=20, choices=Initiative.Status.choices)
    light = models.CharField(_("trafiklys"), max_length=10, choices=Light.choices)
    narrative = models.TextField(_("fortælling"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audited = True

    class Meta:
        ordering = ["initiative", "-date", "-id"]
        verbose_name = _("statusopdatering")
        verbose_name_plural = _("statusopdateringer")

    def __str__(self):
        return f"{self.initiative} {self.date}: {self.get_status_display()}"
