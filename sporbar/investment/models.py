"""Investment cases per initiative and the catalogue of consequences and prices they draw on."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.plans.models import Initiative

from .calculation import MAX_HORIZON

RATE = [MinValueValidator(0), MaxValueValidator(1)]


class Payer(models.TextChoices):
    KOMMUNE = "kommune", _("kommune")
    REGION = "region", _("region")
    STAT = "stat", _("stat")


class Consequence(models.Model):
    """Something a successful citizen uses less (or more) of, e.g. a night at a shelter."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    unit = models.CharField(_("enhed"), max_length=100, help_text=_("fx overnatninger på forsorgshjem"))
    description = models.TextField(_("beskrivelse"), blank=True)

    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("konsekvens")
        verbose_name_plural = _("konsekvenser")

    def __str__(self):
        return self.name


class Price(models.Model):
    """The unit price of a consequence for one payer (and, in the municipality, optionally one committee)."""

    consequence = models.ForeignKey(Consequence, on_delete=models.CASCADE, related_name="prices")
    payer = models.CharField(_("betaler"), max_length=10, choices=Payer.choices)
    committee = models.CharField(_("udvalg"), max_length=100, blank=True)
    amount = models.DecimalField(_("enhedspris (kr.)"), max_digits=12, decimal_places=2)
    price_level_year = models.PositiveSmallIntegerField(_("prisniveau (år)"))
    source = models.CharField(_("kilde/note"), max_length=300, blank=True)
    is_example = models.BooleanField(_("eksempelværdi"), default=False)

    audited = True

    class Meta:
        ordering = ["consequence", "payer", "committee"]
        constraints = [
            models.UniqueConstraint(fields=["consequence", "payer", "committee"], name="unique_price_payer_committee")
        ]
        verbose_name = _("pris")
        verbose_name_plural = _("priser")

    def __str__(self):
        return f"{self.consequence} · {self.get_payer_display()}: {self.amount}"


class InvestmentCase(models.Model):
    class CostSource(models.TextChoices):
        BUDGET = "budget", _("initiativets budget pr. år")
        SPENDING = "forbrug", _("initiativets forbrug pr. år")
        ENTERED = "indtastet", _("indtastet: opstart og drift")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="investment_cases")
    name = models.CharField(_("navn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("første år"))
    horizon_years = models.PositiveSmallIntegerField(
        _("tidshorisont (år)"), default=MAX_HORIZON, validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)]
    )
    citizens_per_year = models.PositiveIntegerField(_("nye borgere pr. år"))
    intake_years = models.PositiveSmallIntegerField(
        _("år med nye borgere"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)]
    )
    effect_offset = models.PositiveSmallIntegerField(
        _("effekten starter (år efter forløbets start)"),
        default=1,
        validators=[MaxValueValidator(MAX_HORIZON)],
        help_text=_("0 = samme år; 1 = året efter (det år borgeren afslutter forløbet)"),
    )
    success_rate = models.DecimalField(
        _("antaget succesrate netto"),
        max_digits=5,
        decimal_places=4,
        validators=RATE,
        help_text=_("Andel der lykkes med indsatsen minus andel der ville lykkes alligevel (0–1)"),
    )
    baseline_rate = models.DecimalField(
        _("basisrate"),
        max_digits=5,
        decimal_places=4,
        default=0,
        validators=RATE,
        help_text=_("Andel der ville lykkes uden indsatsen; trækkes fra den observerede rate (0–1)"),
    )
    discount_rate = models.DecimalField(
        _("diskonteringsrente"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(Decimal("0.99"))],
        help_text=_("Tom: standardrenten (3,5 %)"),
    )
    cost_source = models.CharField(
        _("omkostninger fra"), max_length=10, choices=CostSource.choices, default=CostSource.BUDGET
    )
    startup_cost = models.DecimalField(_("opstartsomkostning (kr.)"), max_digits=14, decimal_places=2, default=0)
    running_cost = models.DecimalField(_("driftsomkostning pr. år (kr.)"), max_digits=14, decimal_places=2, default=0)
    running_years = models.PositiveSmallIntegerField(
        _("år med drift"), default=1, validators=[MaxValueValidator(MAX_HORIZON)]
    )
    note = models.TextField(_("note"), blank=True)

    audited = True

    class Meta:
        ordering = ["initiative", "id"]
        verbose_name = _("investeringscase")
        verbose_name_plural = _("investeringscases")

    def __str__(self):
        return self.name


class CaseConsequence(models.Model):
    case = models.ForeignKey(InvestmentCase, on_delete=models.CASCADE, related_name="consequences")
    consequence = models.ForeignKey(Consequence, on_delete=models.PROTECT, related_name="case_uses")
    quantity = models.DecimalField(
        _("mængde pr. borger pr. år"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    audited = True

    class Meta:
        ordering = ["case", "consequence__name"]
        constraints = [models.UniqueConstraint(fields=["case", "consequence"], name="unique_case_consequence")]
        verbose_name = _("konsekvens i case")
        verbose_name_plural = _("konsekvenser i case")

    def __str__(self):
        return f"{self.case}: {self.quantity} × {self.consequence}"
