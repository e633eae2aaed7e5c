"""Business rules of citizen courses: CPR hashing, pseudonyms, access logging, assessments,
self-report links and retention. Plain functions; views, API and commands call these."""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from sporbar.accounts.audit import current_actor
from sporbar.accounts.models import AccessEntry, AuditEntry

from .models import (
    Assessment,
    Citizen,
    Course,
    EmploymentStatus,
    Goal,
    SelfReport,
    SelfReportLink,
    SelfReportRating,
)

LINK_DAYS = 14
ERASED_TEXT = ""


# --- identity -------------------------------------------------------------------------------


class InvalidCpr(ValueError):
    """Raised with a message that never contains the number itself."""


def normalise_cpr(cpr: str) -> str:
    digits = re.sub(r"[\s-]", "", cpr or "")
    if not re.fullmatch(r"\d{10}", digits):
        raise InvalidCpr("CPR-nummeret skal bestå af 10 cifre.")
    return digits


def cpr_hash(cpr: str) -> str:
    return hmac.new(settings.CPR_HASH_KEY.encode(), normalise_cpr(cpr).encode(), hashlib.sha256).hexdigest()


def new_pseudonym(prefix: str = "Borger") -> str:
    """A short, random, unique name shown instead of the person's name, e.g. "Borger K7M2Q"."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        name = f"{prefix} {''.join(secrets.choice(alphabet) for _ in range(5))}"
        if not Citizen.objects.filter(pseudonym=name).exists():
            return name


def find_or_create_citizen(*, cpr: str = "", initials: str = "", birth_year=None, pseudonym: str = ""):
    """The citizen with this CPR number (by its keyed hash), or a new one. Returns (citizen, created)."""
    digest = cpr_hash(cpr) if cpr else None
    if digest:
        existing = Citizen.objects.filter(cpr_hash=digest).first()
        if existing:
            return existing, False
    if pseudonym:
        existing = Citizen.objects.filter(pseudonym=pseudonym).first()
        if existing:
            if digest and not existing.cpr_hash:
                existing.cpr_hash = digest
                existing.save()
            return existing, False
    citizen = Citizen.objects.create(
        pseudonym=pseudonym or new_pseudonym(),
        initials=initials or "",
        birth_year=birth_year or None,
        cpr_hash=digest,
    )
    return citizen, True


# --- access log -----------------------------------------------------------------------------


def log_access(user, citizen_id, what: str, channel: str = "web") -> None:
    AccessEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        actor_label=user.get_username() if user is not None and user.is_authenticated else "system",
        citizen_id=citizen_id,
        what=what[:200],
        channel=channel,
    )


def log_access_many(user, citizen_ids, what: str, channel: str = "web") -> None:
    """One row per citizen shown on a list page or API list response."""
    AccessEntry.objects.bulk_create(
        AccessEntry(user=user, actor_label=user.get_username(), citizen_id=cid, what=what[:200], channel=channel)
        for cid in sorted(set(citizen_ids))
    )


# --- courses and assessments -----------------------------------------------------------------


def create_course(*, citizen, initiative, unit, start_date, goals=()):
    """goals: dicts with goal_type, text and condition (an ffb.Concept) or, for uncoded goals, dimension."""
    course = Course.objects.create(citizen=citizen, initiative=initiative, unit=unit, start_date=start_date)
    for goal in goals:
        Goal.objects.create(course=course, **goal)
    return course


def end_course(course, *, end_date, end_reason):
    course.end_date = end_date
    course.end_reason = end_reason
    course.save()
    return course


@transaction.atomic
def record_assessment(course, *, date, goals: dict, assessor=None, hours_per_week=None, occupation=None):
    """goals: {goal_id: (level, status)} for the course's goals. Returns the assessments created."""
    own = set(course.goals.values_list("id", flat=True))
    from_case_system = set(course.goals.exclude(source="").values_list("id", flat=True))
    created = []
    for goal_id, (level, status) in goals.items():
        if goal_id not in own:
            raise ValueError("Målet hører ikke til forløbet.")
        if goal_id in from_case_system:
            raise ValueError("Målet vurderes i fagsystemet og kan ikke vurderes i Sporbar.")
        created.append(
            Assessment.objects.create(
                course=course, goal_id=goal_id, date=date, level=level, status=status, assessor=assessor
            )
        )
    if course.initiative.is_employment and hours_per_week is not None and occupation is not None:
        EmploymentStatus.objects.create(
            course=course, date=date, hours_per_week=hours_per_week, occupation=occupation, assessor=assessor
        )
    return created


def due_date(course):
    """An assessment is due every six months from the start or the last assessment."""
    last = course.assessments.aggregate(last=Max("date"))["last"] or course.start_date
    return last + datetime.timedelta(days=182)


# --- self-report links -----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(course, user=None):
    """A one-time link for the citizen. Returns (link, token); only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    link = SelfReportLink.objects.create(
        course=course,
        token_hash=_token_hash(token),
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS),
    )
    return link, token


def find_link(token: str):
    """(link, state) with state "ok", "used", "expired" or "unknown" (link is None when unknown)."""
    if not token or len(token) > 100:
        return None, "unknown"
    link = SelfReportLink.objects.select_related("course").filter(token_hash=_token_hash(token)).first()
    if link is None:
        return None, "unknown"
    if link.used_at is not None:
        return link, "used"
    if link.expires_at <= timezone.now():
        return link, "expired"
    return link, "ok"


@transaction.atomic
def submit_self_report(token: str, *, ratings: dict, comment: str = ""):
    """ratings: {goal_id: 0..10}. Returns the SelfReport, or raises ValueError; nothing is written on error."""
    link, state = find_link(token)
    if state != "ok":
        raise ValueError(state)
    # Lock the link so that two simultaneous submissions can't both use it.
    link = SelfReportLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:
        raise ValueError("used")
    course = link.course
    goal_ids = set(course.goals.values_list("id", flat=True))
    if set(ratings) != goal_ids or any(not (0 <= int(r) <= 10) for r in ratings.values()):
        raise ValueError("invalid")
    today = timezone.localdate()
    report = SelfReport.objects.create(course=course, link=link, date=today, comment=(comment or "").strip()[:2000])
    SelfReportRating.objects.bulk_create(
        SelfReportRating(self_report=report, course=course, goal_id=gid, date=today, rating=int(r))
        for gid, r in ratings.items()
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return report


# --- retention -------------------------------------------------------------------------------


def anonymous_pseudonym() -> str:
    return new_pseudonym("Anonym")


@transaction.atomic
def erase_citizen(citizen, user=None, channel: str = "web"):
    """Delete the person's data, keep what the figures need (dates, units, levels, statuses, ratings)."""
    citizen.initials = ""
    citizen.birth_year = None
    citizen.cpr_hash = None
    citizen.pseudonym = anonymous_pseudonym()
    citizen.erased_at = timezone.now()
    citizen.save()
    goals = Goal.objects.filter(course__citizen=citizen)
    for goal in goals:  # one by one, so each change is in the audit log
        goal.text = ERASED_TEXT
        goal.save()
    SelfReport.objects.filter(course__citizen=citizen).update(comment="")
    SelfReportLink.objects.filter(course__citizen=citizen, used_at__isnull=True).delete()
    _scrub_audit_log(citizen)
    if user is not None and user.is_authenticated:
        log_access(user, citizen.id, "sletning", channel)
    else:
        label = current_actor()[1]
        AccessEntry.objects.create(actor_label=label, citizen_id=citizen.id, what="sletning", channel=channel)
    return citizen


PERSONAL_FIELDS = {"initials", "birth_year", "pseudonym", "text", "comment"}


def _scrub_audit_log(citizen):
    """The change log keeps that something changed, but not the erased values themselves."""
    courses = [str(i) for i in Course.objects.filter(citizen=citizen).values_list("id", flat=True)]
    goals = [str(i) for i in Goal.objects.filter(course__citizen=citizen).values_list("id", flat=True)]
    entries = AuditEntry.objects.filter(
        Q(model="courses.Citizen", object_id=str(citizen.id))
        | Q(model="courses.Course", object_id__in=courses)
        | Q(model="courses.Goal", object_id__in=goals)
    )
    for entry in entries:
        for side in ("before", "after"):
            values = getattr(entry, side)
            if isinstance(values, dict):
                setattr(entry, side, {k: ("[slettet]" if k in PERSONAL_FIELDS else v) for k, v in values.items()})
        entry.object_repr = f"{entry.model.split('.')[-1]} {entry.object_id}"
        entry.save(update_fields=["before", "after", "object_repr"])


def expired_citizens(years: int, today=None):
    """Citizens not yet erased, all of whose courses ended more than `years` years ago."""
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return (
        Citizen.objects.filter(erased_at__isnull=True, courses__isnull=False)
        .exclude(courses__end_date__isnull=True)
        .exclude(courses__end_date__gte=cutoff)
        .distinct()
    )


def erase_expired(years: int, today=None, channel: str = "kommando") -> list[int]:
    ids = []
    for citizen in expired_citizens(years, today):
        erase_citizen(citizen, channel=channel)
        ids.append(citizen.id)
    return ids
