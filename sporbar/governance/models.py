"""Governance: bodies, meetings, agenda items, proposals, decisions, follow-ups and hearings."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative, Theme

WEEKDAYS = [
    (0, _("mandag")), (1, _("tirsdag")), (2, _("onsdag")), (3, _("torsdag")), (4, _("fredag")), (5, _("lørdag")),
    (6, _("søndag")),
]  # fmt: skip


class Body(models.Model):
    """A decision-making body: a rådmandsmøde, the direktion, a committee, the magistrat, the city council."""

    class Kind(models.TextChoices):
        RAADMAND = "raadmandsmoede", _("Rådmandsmøde")
        DIREKTION = "direktion", _("Direktion")
        UDVALG = "udvalg", _("Udvalg")
        MAGISTRAT = "magistrat", _("Magistrat")
        BYRAAD = "byraad", _("Byråd")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    owner_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="bodies", verbose_name=_("ejer")
    )
    # Proposals must be delivered before this weekday (0 = Monday) and time in the week before the meeting.
    deadline_weekday = models.PositiveSmallIntegerField(_("afleveringsfrist, ugedag"), choices=WEEKDAYS, default=3)
    deadline_time = models.TimeField(_("afleveringsfrist, klokkeslæt"), default=datetime.time(12, 0))

    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("fora")

    def __str__(self):
        return self.name


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("forum"))
    date = models.DateField(_("dato"), null=True, blank=True)
    time = models.CharField(_("tidspunkt"), max_length=40, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    minute_taker = models.CharField(_("referent"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=300, blank=True)
    source_key = models.CharField(_("kildenøgle"), max_length=200, unique=True, null=True, blank=True)
    is_published = models.BooleanField(_("offentliggjort"), default=False)
    # A closed meeting (lukket møde): every item is treated as confidential and the minutes are never public.
    closed = models.BooleanField(_("lukket møde"), default=False)

    audited = True

    class Meta:
        # Newest first on every database; meetings without a date (headerless minutes) last.
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")

    def __str__(self):
        return f"{self.body} {self.date:%d-%m-%Y}" if self.date else str(self.body)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("governance:meeting-detail", args=[self.pk])


class AgendaItem(models.Model):
    class Category(models.TextChoices):
        APPROVAL = "godkendelse", _("Til godkendelse")
        DISCUSSION = "droeftelse", _("Til drøftelse")
        ORIENTATION = "orientering", _("Til orientering")
        BLANK = "", _("Ikke angivet")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møde"))
    number = models.PositiveIntegerField(_("punkt nr."), null=True, blank=True)
    position = models.PositiveIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices, blank=True, default="")
    confidential = models.BooleanField(_("lukket punkt"), default=False)
    decision = models.TextField(_("beslutning"), blank=True)
    body = models.TextField(_("sagsfremstilling"), blank=True)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="agenda_items")

    audited = True

    class Meta:
        ordering = ["meeting", "position", "number", "id"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


def stored_url(path: str | None) -> str:
    """The URL of a file saved in the default storage, or ""."""
    from django.core.files.storage import default_storage

    return default_storage.url(path) if path else ""


class Attachment(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    # The storage path of the file (a path, not a FileField: the audit log cannot hold FieldFile values).
    file = models.CharField(_("fil"), max_length=300, null=True, blank=True)

    audited = True

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self):
        return self.title

    @property
    def file_url(self):
        """The download address; the view checks who may see the item."""
        from django.urls import reverse

        return reverse("governance:attachment-download", args=[self.pk]) if self.file else ""


class Proposal(models.Model):
    """An indstilling in the municipality's template (Til, Fra, Dato, sections 1-7)."""

    class Kind(models.TextChoices):
        RAADMAND = "raadmandsindstilling", _("Rådmandsindstilling")
        BYRAAD = "byraadsindstilling", _("Byrådsindstilling")

    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.RAADMAND)
    to = models.CharField(_("til"), max_length=200, blank=True)
    sender = models.CharField(_("fra"), max_length=200, blank=True)
    date = models.DateField(_("dato"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    resume = models.TextField(_("1. Resume"), blank=True)
    why = models.TextField(_("3. Hvorfor fremsendes indstillingen?"), blank=True)
    value = models.TextField(_("4. Hvilken værdi skabes for borgere og samfund?"), blank=True)
    what_who_how = models.TextField(_("5. Hvad, hvem og hvordan?"), blank=True)
    resources = models.TextField(_("6. Hvilke ressourcer kræves?"), blank=True)
    # Section 2 of the template is the decision points (DecisionPoint).
    follow_up = models.TextField(_("7. Hvordan følges der op?"), blank=True)
    case_number = models.CharField(_("sagsnummer"), max_length=60, blank=True)
    case_officer = models.CharField(_("sagsbehandler"), max_length=200, blank=True)
    owner_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals", verbose_name=_("enhed")
    )
    planned_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals", verbose_name=_("møde")
    )
    delivered_at = models.DateTimeField(_("afleveret"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    flagged_personal_data = models.BooleanField(_("mulige personoplysninger"), default=False)
    personal_data_cleared = models.BooleanField(_("personoplysninger kontrolleret"), default=False)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="proposals")

    audited = True

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("indstilling")
        verbose_name_plural = _("indstillinger")

    def __str__(self):
        return self.title

    # Django forbids field names ending in "_"; `from_` is an alias of `sender` ("Fra").
    @property
    def from_(self):
        return self.sender

    @from_.setter
    def from_(self, value):
        self.sender = value


class DecisionPoint(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "", _("Afventer")
        APPROVED = "godkendt", _("Godkendt")
        NOTED = "taget_til_efterretning", _("Taget til efterretning")
        REJECTED = "afvist", _("Ikke godkendt")
        POSTPONED = "udsat", _("Udsat")
        AMENDED = "godkendt_med_aendringer", _("Godkendt med ændringer")
        DISCUSSED = "droeftet", _("Drøftet")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decision_points")
    number = models.PositiveSmallIntegerField(_("nr."))
    text = models.TextField(_("indstillingspunkt"))
    outcome = models.CharField(_("udfald"), max_length=30, choices=Outcome.choices, blank=True, default="")

    audited = True

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="unique_decision_point")]
        verbose_name = _("beslutningspunkt")
        verbose_name_plural = _("beslutningspunkter")

    def __str__(self):
        return f"{self.number}) {self.text[:80]}"


class FollowUp(models.Model):
    class Status(models.TextChoices):
        OPEN = "aaben", _("Åben")
        IN_PROGRESS = "i_gang", _("I gang")
        DONE = "faerdig", _("Færdig")

    decision_point = models.ForeignKey(
        DecisionPoint, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("opgave"), max_length=500)
    owner_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups", verbose_name=_("ansvarlig")
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    owner_name = models.CharField(_("ansvarlig (tekst)"), max_length=200, blank=True)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    cadence_days = models.PositiveIntegerField(_("kadence (dage)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    source_text = models.TextField(_("kilde"), blank=True)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="follow_ups")
    created_at = models.DateTimeField(auto_now_add=True)

    audited = True

    class Meta:
        # By due date on every database; follow-ups without a stated due date last.
        ordering = [models.F("due_date").asc(nulls_last=True), "id"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")

    def __str__(self):
        return self.title


class LinkSuggestion(models.Model):
    """A suggested link from a text to an initiative, which a person confirms or rejects."""

    class State(models.TextChoices):
        SUGGESTED = "foreslaaet", _("Foreslået")
        CONFIRMED = "bekraeftet", _("Bekræftet")
        REJECTED = "afvist", _("Afvist")

    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    matched = models.CharField(_("fundet tekst"), max_length=200)
    state = models.CharField(_("tilstand"), max_length=20, choices=State.choices, default=State.SUGGESTED)

    audited = True

    class Meta:
        ordering = ["id"]
        verbose_name = _("forslag til kobling")
        verbose_name_plural = _("forslag til koblinger")

    def __str__(self):
        return f"{self.matched} → {self.initiative}"


class Hearing(models.Model):
    class State(models.TextChoices):
        DRAFT = "kladde", _("Kladde")
        OPEN = "aaben", _("Åben")
        AWAITING = "afventer_konklusion", _("Afventer konklusion")
        CONCLUDED = "konkluderet", _("Konkluderet")

    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="hearings", verbose_name=_("plan")
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="hearings", verbose_name=_("udvalgte initiativer")
    )
    owner_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_hearings", verbose_name=_("ejer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(_("startdato"))
    deadline = models.DateField(_("høringsfrist"))
    state = models.CharField(_("tilstand"), max_length=30, choices=State.choices, default=State.DRAFT)
    ready = models.BooleanField(_("klar til udsendelse"), default=False)
    conclusion = models.TextField(_("konklusion"), blank=True)
    concluded_at = models.DateField(_("konkluderet"), null=True, blank=True)

    audited = True

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")

    def __str__(self):
        return self.title


class HearingInvitation(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="hearing_invitations")

    audited = True

    class Meta:
        ordering = ["hearing", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["hearing", "unit"], name="unique_hearing_invitation")]
        verbose_name = _("høringspart")
        verbose_name_plural = _("høringsparter")

    def __str__(self):
        return f"{self.hearing}: {self.unit}"


class HearingResponse(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="hearing_responses")
    sender = models.CharField(_("afsender"), max_length=300)
    date = models.DateField(_("dato"))
    text = models.TextField(_("høringssvar"), blank=True)
    document = models.CharField(_("dokument"), max_length=300, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_key = models.CharField(_("kildenøgle"), max_length=200, unique=True, null=True, blank=True)

    audited = True

    class Meta:
        ordering = ["hearing", "date", "id"]
        verbose_name = _("høringssvar")
        verbose_name_plural = _("høringssvar")

    def __str__(self):
        return f"{self.sender} ({self.date})"

    @property
    def document_url(self):
        return stored_url(self.document)


class ResponsePassage(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "stoetter", _("Støtter")
        CONCERN = "bekymring", _("Bekymring")
        SUGGESTION = "forslag", _("Forslag")
        NEUTRAL = "neutral", _("Neutral")

    response = models.ForeignKey(HearingResponse, on_delete=models.CASCADE, related_name="passages")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="hearing_passages")
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="hearing_passages"
    )
    stance = models.CharField(_("holdning"), max_length=20, choices=Stance.choices)
    passage = models.TextField(_("passage"))

    audited = True

    class Meta:
        ordering = ["response", "id"]
        verbose_name = _("passage i høringssvar")
        verbose_name_plural = _("passager i høringssvar")

    def __str__(self):
        return f"{self.get_stance_display()}: {self.passage[:60]}"


class GovernanceLog(models.Model):
    """Explicit log of automatic moves (a proposal moved to the next meeting, a hearing changing state)."""

    at = models.DateTimeField(auto_now_add=True)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="log")
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.CASCADE, related_name="log")
    message = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.message


class ReminderSent(models.Model):
    """A reminder e-mail that went out. The constraints make each reminder go at most once, also when two
    `sporbar tick` run at the same time: a follow-up's reminder per due date, a hearing's per invitation."""

    class Kind(models.TextChoices):
        DUE_SOON = "frist_snart", _("Frist inden for 7 dage")
        OVERDUE = "overskredet", _("Frist overskredet")
        HEARING = "hoering", _("Invitation til høring")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    follow_up = models.ForeignKey(FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField(_("frist"), null=True, blank=True)
    invitation = models.ForeignKey(
        HearingInvitation, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "follow_up", "due_date"],
                condition=models.Q(follow_up__isnull=False),
                name="one_follow_up_reminder",
            ),
            models.UniqueConstraint(
                fields=["recipient", "invitation"],
                condition=models.Q(invitation__isnull=False),
                name="one_hearing_reminder",
            ),
        ]
        verbose_name = _("sendt påmindelse")
        verbose_name_plural = _("sendte påmindelser")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class CalendarFeed(models.Model):
    """A user's secret calendar address. Calendar programs cannot log in, so the address is the key; the
    user renews it (a new token) if it has been shared."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self):
        return str(self.user)
