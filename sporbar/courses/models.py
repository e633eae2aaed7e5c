"""Citizen courses: the least registration that still tells whether an initiative worked.

A citizen record is one unit's registration of a person, known by a pseudonym. The CPR
number is never stored, only its keyed hash, once, on the Person that links the records
different units keep of the same person (services.register_citizen). Assessments and
self-reports carry the course id (denormalised) so that effect figures are computed by
aggregate queries without joins through goals.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative


class Dimension(models.TextChoices):
    """The department's three mastery dimensions (mestring)."""

    PERSONAL = "personlig", _("personlig udvikling")
    NETWORK = "netvaerk", _("netværk og medborgerskab")
    LEARNING = "laering", _("læring og selvforsørgelse")


class Person(models.Model):
    """One real person, known only by the keyed hash (HMAC) of their CPR number.

    Each unit keeps its own citizen record of the person; the records are linked here, so
    that the person has one plan (Én plan) where their consent allows it, while no unit sees
    what another registered.
    """

    cpr_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    audited = True
    personal_data = True

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return f"Person {self.pk}"

    def active_consent(self):
        return self.consents.filter(withdrawn_at__isnull=True).order_by("-given_on", "-id").first()


class Level(models.IntegerChoices):
    """FFB funktionsevneniveau 0-4 (codes in sporbar.ffb.codes.FUNCTIONAL_LEVELS). FFB's "Ikke vurderet"
    is no level, so it is never an assessment."""

    NONE = 0, _("ingen nedsat funktionsevne")
    LIGHT = 1, _("let nedsat funktionsevne")
    MODERATE = 2, _("moderat nedsat funktionsevne")
    SEVERE = 3, _("svært nedsat funktionsevne")
    COMPLETE = 4, _("fuldstændig nedsat funktionsevne")


class Citizen(models.Model):
    """One unit's record of a person: what that unit registered, seen only by its staff."""

    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    initials = models.CharField(_("initialer"), max_length=6, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    # The unit that registered the citizen (empty for records from before units were recorded:
    # those are kept by the units of their courses).
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="citizens", verbose_name=_("enhed")
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="citizens")
    is_synthetic = models.BooleanField(_("syntetisk (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(_("personoplysninger slettet"), null=True, blank=True)

    audited = True
    personal_data = True

    class Meta:
        ordering = ["pseudonym"]
        constraints = [models.UniqueConstraint(fields=["unit", "pseudonym"], name="unique_pseudonym_per_unit")]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")

    def __str__(self):
        return self.pseudonym


class Consent(models.Model):
    """The person's consent to one plan across the units that work with them (Én plan).

    While a consent is active, staff who keep a record of the person see the courses other
    units registered for the same person, and every such read is in the access log.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("samtykke givet"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_in = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("samtykke trukket tilbage"), null=True, blank=True)

    audited = True
    personal_data = True

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("samtykke til Én plan")
        verbose_name_plural = _("samtykker til Én plan")

    def __str__(self):
        return f"Samtykke {self.pk}"


class Course(models.Model):
    """One citizen's course (forløb) in one initiative, run by one unit."""

    class EndReason(models.TextChoices):
        GOAL_REACHED = "maal_naaet", _("mål nået")
        MOVED_ON = "videre", _("videre til anden indsats")
        DROPPED_OUT = "frafald", _("frafald")
        MOVED_AWAY = "fraflyttet", _("fraflyttet")
        OTHER = "andet", _("andet")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="courses")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="courses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="courses")
    start_date = models.DateField(_("startdato"), db_index=True)
    end_date = models.DateField(_("slutdato"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(_("årsag til afslutning"), max_length=20, choices=EndReason.choices, blank=True)
    # Set when the course came from a case system (an FFB care plan): then it is kept there, not here.
    source = models.CharField(_("kilde"), max_length=80, blank=True)
    source_ref = models.CharField(max_length=120, blank=True, db_index=True, editable=False)

    audited = True
    personal_data = True

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")

    def __str__(self):
        return f"{self.citizen} · {self.initiative}"


class Goal(models.Model):
    """A goal addresses an FFB condition (KL's code system, sporbar.ffb); its dimension follows the
    administrator's mapping of that condition (ffb.DimensionMapping). Goals from before FFB coding
    may have a dimension and no condition."""

    class GoalType(models.TextChoices):
        # FFB måltyper (codes in sporbar.ffb.codes.GOAL_TYPES)
        DEVELOP = "udvikle", _("udvikle funktionsevne")
        MAINTAIN = "fastholde", _("fastholde funktionsevne")
        LIMIT_LOSS = "begraense", _("begrænse tab af funktionsevne")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="goals")
    condition = models.ForeignKey(
        "ffb.Concept",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("FFB-tilstand"),
        limit_choices_to={"kind": "tilstand"},
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    goal_type = models.CharField(_("måltype"), max_length=20, choices=GoalType.choices)
    target_level = models.PositiveSmallIntegerField(
        _("forventet funktionsevneniveau"), null=True, blank=True, choices=Level.choices
    )
    text = models.TextField(_("målet med borgerens ord"), max_length=1000)
    # Whether the text really is the citizen's own words (promising practice: Individuel tilrettelæggelse).
    in_citizens_words = models.BooleanField(_("skrevet med borgerens egne ord"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(_("kilde"), max_length=80, blank=True)
    source_ref = models.CharField(max_length=120, blank=True, db_index=True, editable=False)

    audited = True
    personal_data = True

    class Meta:
        ordering = ["course", "dimension", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.condition_id:
            from django.apps import apps

            mapped = apps.get_model("ffb", "DimensionMapping").dimension_of(self.condition_id)
            self.dimension = mapped or self.dimension
        super().save(*args, **kwargs)


class Assessment(models.Model):
    """The worker's assessment of one goal on one date, or one that came from the case system
    (source set): that one is kept in the case system and cannot be changed in Sporbar."""

    Level = Level

    class GoalStatus(models.TextChoices):
        MET = "opfyldt", _("opfyldt")
        PARTLY = "delvist", _("delvist opfyldt")
        NOT_MET = "ikke", _("ikke opfyldt")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assessments")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField(_("dato"))
    level = models.PositiveSmallIntegerField(_("funktionsniveau"), choices=Level.choices)
    status = models.CharField(_("målstatus"), max_length=10, choices=GoalStatus.choices)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("kilde"), max_length=80, blank=True)
    source_ref = models.CharField(max_length=120, blank=True, db_index=True, editable=False)

    audited = True
    personal_data = True

    class Meta:
        ordering = ["goal", "date", "id"]
        indexes = [models.Index(fields=["course", "date"])]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")

    def __str__(self):
        return f"{self.goal_id} {self.date}: {self.level}/{self.status}"


class EmploymentStatus(models.Model):
    """For employment initiatives: hours of work or education per week, and occupation."""

    class Occupation(models.IntegerChoices):
        # Ordered as the ladder of the "closer to employment" figure.
        NONE = 0, _("ingen")
        PROTECTED = 1, _("beskyttet beskæftigelse")
        FLEX = 2, _("flex- eller skånejob")
        ORDINARY = 3, _("ordinært job")
        EDUCATION = 4, _("uddannelse")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="employment_statuses")
    date = models.DateField(_("dato"))
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(80)]
    )
    occupation = models.PositiveSmallIntegerField(_("beskæftigelse"), choices=Occupation.choices)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    audited = True
    personal_data = True

    class Meta:
        ordering = ["course", "date", "id"]
        verbose_name = _("beskæftigelsesstatus")
        verbose_name_plural = _("beskæftigelsesstatus")


class SelfReportLink(models.Model):
    """A one-time link for the citizen. Only a hash of the token is stored."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="self_report_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class SelfReport(models.Model):
    """The citizen's own account: a rating per goal and, optionally, what made a difference."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="self_reports")
    link = models.OneToOneField(SelfReportLink, null=True, blank=True, on_delete=models.SET_NULL)
    date = models.DateField(_("dato"))
    comment = models.TextField(_("hvad gjorde en forskel"), max_length=2000, blank=True)

    class Meta:
        ordering = ["course", "date", "id"]
        verbose_name = _("selvrapportering")
        verbose_name_plural = _("selvrapporteringer")


class SelfReportRating(models.Model):
    self_report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="ratings")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="self_report_ratings")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="self_report_ratings")
    date = models.DateField(_("dato"))
    rating = models.PositiveSmallIntegerField(_("hvordan går det (0-10)"), validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["goal", "date", "id"]
        indexes = [models.Index(fields=["course", "date"])]
