"""Investment cases per initiative and the catalogue of consequences and prices they draw on."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.courses.models import Dimension
from sporbar.effects.models import Figure
from sporbar.plans.models import Initiative

from .calculation import MAX_HORIZON, MAX_MONTHS

RATE = [MinValueValidator(0), MaxValueValidator(1)]
EMPLOYMENT_FIGURE = Figure.EMPLOYMENT.value  # the one figure that has no mastery dimension


class Payer(models.TextChoices):
    KOMMUNE = "kommune", _("kommune")
    REGION = "region", _("region")
    STAT = "stat", _("stat")


class Consequence(models.Model):
    """Something a successful citizen uses less (or more) of, e.g. a night at a shelter."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    unit = models.CharField(_("enhed"), max_length=100, help_text=_("fx overnatninger på forsorgshjem"))
    description = models.TextField(_("beskrivelse"), blank=True)
    # The measured outcome that drives the consequence (an effect figure and dimension), or none: then
    # the consequence's rate is always assumed.
    outcome_figure = models.CharField(_("målt udfald (nøgletal)"), max_length=20, choices=Figure.choices, blank=True)
    outcome_dimension = models.CharField(_("udfaldets dimension"), max_length=20, choices=Dimension.choices, blank=True)
    baseline_rate = models.DecimalField(
        _("basisrate i kataloget"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=RATE,
        help_text=_("Andel der når udfaldet uden indsatsen (0–1); tom: casens basisrate"),
    )

    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("konsekvens")
        verbose_name_plural = _("konsekvenser")

    def __str__(self):
        return self.name

    @property
    def outcome(self) -> dict | None:
        if not self.outcome_figure:
            return None
        return {"figure": self.outcome_figure, "dimension": self.outcome_dimension}

    def clean(self):
        """The outcome must exist (forms and the admin; the API and the import check the same)."""
        message = outcome_error(self.outcome_figure, self.outcome_dimension)
        if message:
            field = "outcome_dimension" if self.outcome_figure in Figure.values else "outcome_figure"
            raise ValidationError({field: message})


def outcome_error(figure: str, dimension: str) -> str | None:
    """Why a figure and dimension do not name a measured outcome, or None when they do."""
    figures, dimensions = {f.value for f in Figure}, {d.value for d in Dimension}
    if figure and figure not in figures:
        return _("Udfaldet »%(v)s« findes ikke; brug %(choices)s.") % {"v": figure, "choices": ", ".join(figures)}
    if dimension and dimension not in dimensions:
        return _("Dimensionen »%(v)s« findes ikke; brug %(choices)s.") % {
            "v": dimension,
            "choices": ", ".join(dimensions),
        }
    if not figure and dimension:
        return _("En dimension kræver et udfald.")
    if figure == EMPLOYMENT_FIGURE and dimension:
        return _("Beskæftigelsestallet har ingen dimension.")
    if figure and figure != EMPLOYMENT_FIGURE and not dimension:
        return _("Udfaldet »%(v)s« kræver en dimension.") % {"v": figure}
    return None


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
        CATALOGUE = "katalog", _("katalogets pris pr. forløbsår, fordelt på betalere")

    class IntakeSource(models.TextChoices):
        OBSERVED = "faktisk", _("faktiske starter (derefter det planlagte)")
        PLANNED = "planlagt", _("planlagt indtag")

    class EffectStart(models.TextChoices):
        COURSE_END = "afslutning", _("når forløbet slutter")
        MONTHS = "maaneder", _("et antal måneder efter forløbets start")

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
    intake_source = models.CharField(
        _("indtag"), max_length=10, choices=IntakeSource.choices, default=IntakeSource.OBSERVED
    )
    course_months = models.PositiveSmallIntegerField(
        _("forløbets længde (måneder)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)]
    )
    effect_start = models.CharField(
        _("effekten starter"), max_length=10, choices=EffectStart.choices, default=EffectStart.COURSE_END
    )
    effect_start_months = models.PositiveSmallIntegerField(
        _("måneder efter start"),
        default=6,
        validators=[MaxValueValidator(MAX_MONTHS)],
        help_text=_("Bruges når effekten starter et antal måneder efter forløbets start (mens det kører)"),
    )
    effect_years = models.DecimalField(
        _("effektens varighed (år)"),
        max_digits=3,
        decimal_places=1,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_HORIZON)],
    )
    effect_decay = models.DecimalField(
        _("aftagning pr. år"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.2"),
        validators=RATE,
        help_text=_("Andel af effekten der forsvinder hvert år (0–1)"),
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
    cost_item = models.ForeignKey(
        Consequence,
        verbose_name=_("omkostning fra kataloget"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bruges når omkostningerne kommer fra kataloget: prisen pr. borger pr. år i forløb"),
    )
    cost_item_quantity = models.DecimalField(
        _("mængde pr. forløbsår"), max_digits=10, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    usual_offer = models.ForeignKey(
        Consequence,
        verbose_name=_("sædvanlig indsats"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Det borgerne ellers ville have fået; prisen trækkes fra omkostningerne, mens de er i forløb"),
    )
    usual_offer_quantity = models.DecimalField(
        _("sædvanlig indsats pr. forløbsår"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("note"), blank=True)

    audited = True

    class Meta:
        ordering = ["initiative", "id"]
        verbose_name = _("investeringscase")
        verbose_name_plural = _("investeringscases")

    def __str__(self):
        return self.name

    @property
    def effect_start_in_months(self) -> int:
        """Months from a course's start to its effect: the course's length, or the months entered."""
        if self.effect_start == self.EffectStart.COURSE_END:
            return self.course_months
        return self.effect_start_months


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
