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
