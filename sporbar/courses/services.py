"""Business rules of citizen courses: CPR hashing, pseudonyms, access logging, assessments,
self-report links and retention. Plain functions; views, API and commands call these."""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from sporbar.accounts.audit import current_actor
from sporbar.accounts.models import AccessEntry

from .models import (
    Assessment,
    Citizen,
    Consent,
    Course,
    EmploymentStatus,
    Goal,
    Person,
    SelfReport,
    SelfReportLink,
    SelfReportRating,
)
from .signals import batched_changes

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
        if not Citizen.objects.filter(pseudonym=name).exists():  # unique everywhere, not only per unit
            return name


def find_person(cpr: str):
    """The person with this CPR number, or None. Only the keyed hash is compared."""
    return Person.objects.filter(cpr_hash=cpr_hash(cpr)).first()


def person_for(cpr: str) -> Person:
    return Person.objects.get_or_create(cpr_hash=cpr_hash(cpr))[0]


def kept_by(scope):
    """Citizen records kept by the units in `scope` (None: records without a unit)."""
    if scope is None:
        return Citizen.objects.filter(unit__isnull=True)
    return Citizen.objects.filter(unit_id__in=scope)


class CitizenMismatch(ValueError):
    """The reference and the CPR number name two different citizens of the same unit."""


@transaction.atomic
def register_citizen(*, unit=None, scope=None, cpr="", initials="", birth_year=None, pseudonym="", user=None):
    """This unit's record of the person, found or created. Returns (citizen, created).

    `scope` is the set of unit ids whose records count as "ours" (the user's units; default:
    the unit alone). A record is found by CPR number or pseudonym within the scope only. A CPR
    number that another unit registered links the new record to the same person: the new
    record gets its own pseudonym and only the data given here, nothing of the other unit's
    record is read or changed, and the link is written in the access log of both records.
    The answer is therefore the same whether the person is known elsewhere or not.
    """
    if scope is None and unit is not None:
        scope = {unit.id}
    ours = kept_by(scope)
    person = person_for(cpr) if cpr else None
    if person is not None:
        existing = ours.filter(person=person).order_by("id").first()
        if existing is not None:
            return existing, False
    if pseudonym:
        existing = ours.filter(pseudonym=pseudonym).order_by("id").first()
        if existing is not None:
            if person is not None and existing.person_id not in (None, person.id):
                raise CitizenMismatch("Referencen og CPR-nummeret hører til to forskellige borgere.")
            if person is not None and existing.person_id is None:
                existing.person = person
                existing.save()
                _log_link(existing, user)
            return existing, False
    citizen = Citizen.objects.create(
        pseudonym=pseudonym or new_pseudonym(),
        initials=initials or "",
        birth_year=birth_year or None,
        unit=unit,
        person=person,
    )
    if person is not None:
        _log_link(citizen, user)
    return citizen, True


class DuplicateCitizen(ValueError):
    """The unit already keeps another record of the person with this CPR number."""


def link_to_person(citizen, cpr: str, user=None):
    """Record the CPR number of one of the unit's own records (its person link).

    A unit keeps one record per person: a CPR number that another of its records has is refused."""
    person = person_for(cpr)
    scope = {citizen.unit_id} if citizen.unit_id else None
    if kept_by(scope).filter(person=person).exclude(pk=citizen.pk).exists():
        raise DuplicateCitizen("CPR-nummeret hører til en anden borger, som enheden allerede har registreret.")
    if citizen.person_id != person.id:
        citizen.person = person
        citizen.save()
        _log_link(citizen, user)
    return citizen


def _log_link(citizen, user):
    """A record linked to a person whom other units also keep records of: both sides in the access log."""
    others = list(Citizen.objects.filter(person_id=citizen.person_id).exclude(pk=citizen.pk).select_related("unit"))
    if not others:
        return
    unit_name = citizen.unit.name if citizen.unit_id else "?"
    log_access(user, citizen.id, "sammenkædet via CPR med samme person i en anden enhed", "system")
    for other in others:
        log_access(user, other.id, f"samme person registreret i {unit_name} (borger-id {citizen.id})", "system")


def find_or_create_citizen(*, cpr: str = "", initials: str = "", birth_year=None, pseudonym: str = "", unit=None):
    """The record of this person kept by `unit` (or a record without a unit), or a new one."""
    return register_citizen(unit=unit, cpr=cpr, initials=initials, birth_year=birth_year, pseudonym=pseudonym)


def linked_records(citizen):
    """The other units' records of the same person (empty without a CPR link)."""
    if citizen.person_id is None:
        return Citizen.objects.none()
    return Citizen.objects.filter(person_id=citizen.person_id).exclude(pk=citizen.pk)


@transaction.atomic
def record_consent(citizen, *, given_on, user):
    """The person consents to one plan across the units that work with them (audited)."""
    if citizen.person_id is None:
        raise ValueError("Samtykke til Én plan kræver, at borgerens CPR-nummer er registreret.")
    consent = Consent.objects.create(
        person_id=citizen.person_id, given_on=given_on, recorded_by=user, recorded_in=citizen.unit
    )
    log_access(user, citizen.id, "samtykke til Én plan registreret")
    return consent


@transaction.atomic
def withdraw_consent(citizen, *, user):
    for consent in Consent.objects.filter(person_id=citizen.person_id, withdrawn_at__isnull=True):
        consent.withdrawn_at = timezone.now()
        consent.save()
    log_access(user, citizen.id, "samtykke til Én plan trukket tilbage")


# --- access log -----------------------------------------------------------------------------


def log_access(user, citizen_id, what: str, channel: str = "web") -> None:
    if user is None or not user.is_authenticated:
        user, label = current_actor()
    else:
        label = user.get_username()
    AccessEntry.objects.create(
        user=user if user is not None and user.pk else None,
        actor_label=label[:150],
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
    """goals: {goal_id: (level, status)} for the course's goals. Returns the assessments saved.

    One assessment per goal and date (the natural key): recording the same date again, as a
    retried or double-clicked form does, updates that assessment instead of adding another.
    """
    own = set(course.goals.values_list("id", flat=True))
    from_case_system = set(course.goals.exclude(source="").values_list("id", flat=True))
    if from_case_system & set(goals):
        raise ValueError("Målet vurderes i fagsystemet og kan ikke vurderes i Sporbar.")
    with batched_changes():
        return _save_assessments(course, date, goals, own, assessor, hours_per_week, occupation)


def _save_assessments(course, date, goals, own, assessor, hours_per_week, occupation):
    saved = []
    for goal_id, (level, status) in goals.items():
        if goal_id not in own:
            raise ValueError("Målet hører ikke til forløbet.")
        assessment, _created = Assessment.objects.update_or_create(
            goal_id=goal_id,
            date=date,
            defaults={"course": course, "level": level, "status": status, "assessor": assessor},
        )
        saved.append(assessment)
    if course.initiative.is_employment and hours_per_week is not None and occupation is not None:
        EmploymentStatus.objects.update_or_create(
            course=course,
            date=date,
            defaults={"hours_per_week": hours_per_week, "occupation": occupation, "assessor": assessor},
        )
    return saved


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
    person_id = citizen.person_id
    citizen.initials = ""
    citizen.birth_year = None
    citizen.person = None
    citizen.pseudonym = anonymous_pseudonym()
    citizen.erased_at = timezone.now()
    citizen.save()
    if person_id and not Citizen.objects.filter(person_id=person_id).exists():
        Person.objects.filter(pk=person_id).delete()  # the CPR hash goes with the last record
    goals = Goal.objects.filter(course__citizen=citizen)
    for goal in goals:  # one by one, so each change is in the audit log
        goal.text = ERASED_TEXT
        goal.save()
    SelfReport.objects.filter(course__citizen=citizen).update(comment="")
    SelfReportLink.objects.filter(course__citizen=citizen, used_at__isnull=True).delete()
    log_access(user, citizen.id, "sletning", channel)
    return citizen


@transaction.atomic
def erase_person(citizen, user=None, channel: str = "web") -> list[int]:
    """On the person's request: erase this record and every other unit's record of the same person."""
    records = [citizen, *linked_records(citizen).filter(erased_at__isnull=True)]
    for record in records:
        erase_citizen(record, user, channel)
    return [record.id for record in records]


MIN_RETENTION_YEARS = 1
ERASED_FIELDS = "initialer, fødselsår, CPR-nøgle, pseudonym (nyt anonymt), måltekster, FFB-temaer og kommentarer"


class RetentionTooShort(ValueError):
    pass


def check_retention(years: int) -> None:
    if years < MIN_RETENTION_YEARS:
        raise RetentionTooShort(
            f"Opbevaringstiden skal være mindst {MIN_RETENTION_YEARS} år efter forløbets slutning (fik {years})."
        )


def expired_citizens(years: int, today=None):
    """Citizens not yet erased, all of whose courses ended more than `years` years ago."""
    check_retention(years)
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


def erasure_preview(years: int, today=None) -> list[dict]:
    """What erase_expired would erase: per citizen id, its number of courses and the last end date."""
    rows = (
        expired_citizens(years, today)
        .annotate(last_end=Max("courses__end_date"), course_count=Count("courses", distinct=True))
        .order_by("id")
        .values("id", "last_end", "course_count")
    )
    return list(rows)


def erase_expired(years: int, today=None, channel: str = "kommando") -> list[int]:
    ids = []
    for citizen in expired_citizens(years, today):
        erase_citizen(citizen, channel=channel)
        ids.append(citizen.id)
    return ids
