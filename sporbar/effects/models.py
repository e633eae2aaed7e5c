"""Targets for the effect figures (effektmål)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.courses.models import Dimension
from sporbar.plans.models import Initiative


class Figure(models.TextChoices):
    GOAL = "maal", _("mål nået eller forbedret")
    SELF = "selv", _("bedre efter borgerens egen vurdering")
    EMPLOYMENT = "beskaeftigelse", _("tættere på beskæftigelse")


class ScopeKind(models.TextChoices):
    PLAN = "plan", _("plan")
    THEME = "theme", _("tema")
    TRACK = "track", _("spor")
    INITIATIVE = "initiative", _("initiativ")
    UNIT = "unit", _("enhed")
    TARGET_GROUP = "target_group", _("målgruppe")


class Target(models.Model):
    """A target share for one figure, dimension, scope and year.

    A target for a target group (scope_kind "target_group") also applies to each
    initiative of that group that has no target of its own.
    """

    figure = models.CharField(_("nøgletal"), max_length=20, choices=Figure.choices)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices, blank=True)
    scope_kind = models.CharField(_("niveau"), max_length=20, choices=ScopeKind.choices)
    # 0 for a target group (which is named by target_category instead).
    scope_id = models.PositiveIntegerField(_("id"), default=0, blank=True)
    target_category = models.CharField(
        _("målgruppe"), max_length=20, choices=Initiative.TargetCategory.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("år"))
    share = models.DecimalField(
        _("mål (andel)"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    audited = True

    class Meta:
        ordering = ["year", "figure", "scope_kind", "target_category", "scope_id", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "dimension", "scope_kind", "scope_id", "target_category", "year"],
                name="unique_target",
            )
        ]
        verbose_name = _("effektmål")
        verbose_name_plural = _("effektmål")

    def __str__(self):
        return f"{self.figure} {self.dimension} {self.scope_kind} {self.scope_id or self.target_category} {self.year}"


class CourseFigure(models.Model):
    """Summary, kept current on write (see summary.py): one course's part in one figure.

    One row per course, figure, dimension and period (year, half-year or quarter) in which the
    course counts; ok is 1 when it succeeds. Plain integer ids, no foreign keys: the rows are
    removed by the signal handlers when a course goes, and never by a cascade behind their back.
    """

    course_id = models.IntegerField(db_index=True)
    initiative_id = models.IntegerField()
    unit_id = models.IntegerField()
    figure = models.CharField(max_length=20)
    dimension = models.CharField(max_length=20)
    gran = models.CharField(max_length=1)  # y, h or q
    period_key = models.IntegerField()  # year; year*2+half; year*4+quarter (0-based)
    ok = models.SmallIntegerField()


class FigureCount(models.Model):
    """Summary, kept current on write: CourseFigure counted per initiative, unit, dimension and period."""

    figure = models.CharField(max_length=20)
    initiative_id = models.IntegerField()
    unit_id = models.IntegerField()
    dimension = models.CharField(max_length=20)
    gran = models.CharField(max_length=1)
    period_key = models.IntegerField()
    # figure, dimension, gran and period_key as one number (queries.cell_code): grouping by one
    # integer is much cheaper than by four columns, two of them text.
    cell = models.IntegerField()
    ok = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "initiative_id", "unit_id", "dimension", "gran", "period_key"],
                name="unique_figure_count",
            )
        ]
        # Covering indexes for the three read queries (queries.summary_counts): per initiative,
        # per unit, and the (initiative, unit) pairs, each read from the index alone.
        indexes = [
            models.Index(fields=["initiative_id", "cell", "unit_id", "ok", "n"], name="figurecount_by_initiative"),
            models.Index(fields=["unit_id", "cell", "initiative_id", "ok", "n"], name="figurecount_by_unit"),
            models.Index(fields=["initiative_id", "unit_id", "cell"], name="figurecount_pairs"),
        ]


class DisclosurePattern(models.Model):
    """The audited suppression pattern of one plan's figures for viewers outside the units, with the
    figures it was computed for (see effects/disclosure). Pages, API, CLI and exports show outsiders
    the figures of the latest pattern, never figures that have not been audited."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="disclosure_patterns")
    data_version = models.CharField(max_length=200)  # disclosure.store.data_version() when computed
    inputs = models.CharField(max_length=64)  # hash of everything the pattern depends on
    computed_at = models.DateTimeField()
    seconds = models.FloatField()  # time to compute the pattern and audit it
    # [figure, dimension, period, scope kind, scope id, successes, courses, reason]; hidden: no numbers
    cells = models.JSONField()
    viewer_units = models.JSONField()  # the unit groups of workers and leads the audit covered
    checked = models.IntegerField()  # hidden quantities the audit checked
    exposed = models.IntegerField()  # what it found exposed (0, or the pattern is not used)

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["plan", "-computed_at"], name="pattern_latest")]
