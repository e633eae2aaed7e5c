"""Import of courses, goals and assessments from CSV or XLSX (format: docs/courses-import.md).

Every problem is collected with file, line and field; nothing is written unless the whole file is valid.
Rows are matched on natural keys, so importing the same file twice creates no duplicates.
"""

import dataclasses
import datetime
import os
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext

from sporbar.accounts import audit, permissions
from sporbar.accounts.models import Unit
from sporbar.cpr import MASK, mask_cprs
from sporbar.ffb import codes as ffb_codes
from sporbar.plans.models import Initiative
from sporbar.tables import UnreadableTable, read_table

from . import services
from .models import Assessment, Citizen, Course, Dimension, Goal
from .signals import batched_changes
from .signals import defer as defer_refresh

COLUMNS = [
    "citizen_ref",
    "cpr",
    "initials",
    "birth_year",
    "initiative",
    "unit",
    "start_date",
    "end_date",
    "end_reason",
    "dimension",
    "goal_type",
    "ffb_theme",
    "goal_text",
    "goal_in_citizens_words",
    "assessment_date",
    "level",
    "status",
]
REQUIRED = ["initiative", "unit", "start_date", "goal_type", "goal_text"]
YES, NO = {"ja", "j", "1", "x", "true"}, {"nej", "n", "0", "false"}


class ImportFailed(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Result:
    citizens: int = 0
    courses: int = 0
    goals: int = 0
    assessments: int = 0
    notes: list[str] = dataclasses.field(default_factory=list)  # e.g. a CPR number masked in a goal text


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError


def _choice(value, choices):
    """Accept the stored value or the Danish label, case-insensitively."""
    text = str(value).strip().lower()
    for key, label in choices:
        if text in (str(key).lower(), str(label).lower()):
            return key
    raise ValueError


def parse(data: bytes, name: str, user=None):
    """Return (rows, errors, notes); rows are dicts of clean values, notes tell what was masked."""
    base = os.path.basename(name)
    try:
        header, raw = read_table(data, name)
    except UnreadableTable as exc:
        return [], [str(exc)], []
    missing = [c for c in REQUIRED if c not in header]
    if "dimension" not in header and "ffb_theme" not in header:
        missing.append("ffb_theme eller dimension")
    if "citizen_ref" not in header and "cpr" not in header:
        missing.insert(0, "citizen_ref eller cpr")
    if missing:
        return [], [f"{base}, linje 1: mangler kolonnen {', '.join(missing)}."], []
    initiatives = {i.key: i for i in Initiative.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    conditions = ffb_codes.conditions_by_code_and_name()
    allowed_units = permissions.unit_ids(user) if user is not None else None
    rows, errors, notes = [], [], []
    for number, cells in raw:

        def fail(field, message, line=number):
            errors.append(f"{base}, linje {line}, felt {field}: {message}")

        row = {"line": number}
        for field in REQUIRED:
            if not str(cells.get(field, "")).strip():
                fail(field, "skal udfyldes.")
        ref, cpr = str(cells.get("citizen_ref", "")).strip(), str(cells.get("cpr", "")).strip()
        if not ref and not cpr:
            fail("citizen_ref", "angiv citizen_ref (pseudonym) eller cpr.")
        if cpr:
            try:
                row["cpr"] = services.normalise_cpr(cpr)
            except services.InvalidCpr as exc:
                fail("cpr", str(exc))  # the message never repeats the value
        row["citizen_ref"] = ref
        row["initials"] = str(cells.get("initials", "")).strip()[:6]
        year = str(cells.get("birth_year", "")).strip()
        row["birth_year"] = None
        if year:
            if year.isdigit() and 1900 <= int(year) <= 2100:
                row["birth_year"] = int(year)
            else:
                fail("birth_year", f"'{year}' er ikke et årstal.")
        key = str(cells.get("initiative", "")).strip()
        if key:
            row["initiative"] = initiatives.get(key)
            if row["initiative"] is None:
                fail("initiative", f"ukendt initiativ '{key}'.")
        code = str(cells.get("unit", "")).strip()
        if code:
            row["unit"] = units.get(code)
            if row["unit"] is None:
                fail("unit", f"ukendt enhed '{code}'.")
            elif allowed_units is not None and row["unit"].id not in allowed_units:
                fail("unit", f"du har ikke adgang til enheden '{code}'.")
        for field in ("start_date", "end_date", "assessment_date"):
            value = cells.get(field, "")
            row[field] = None
            if str(value).strip():
                try:
                    row[field] = _date(value)
                except ValueError:
                    fail(field, f"'{value}' er ikke en dato (brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ).")
        for field, choices in (
            ("end_reason", Course.EndReason.choices),
            ("dimension", Dimension.choices),
            ("goal_type", Goal.GoalType.choices),
            ("status", Assessment.GoalStatus.choices),
        ):
            value = str(cells.get(field, "")).strip()
            row[field] = ""
            if value:
                try:
                    row[field] = _choice(value, choices)
                except ValueError:
                    fail(field, f"'{value}' er ikke en gyldig værdi ({', '.join(str(k) for k, _ in choices)}).")
        level = str(cells.get("level", "")).strip()
        row["level"] = None
        if level:
            if level.isdigit() and 0 <= int(level) <= 4:
                row["level"] = int(level)
            else:
                fail("level", f"'{level}' skal være et tal fra 0 til 4.")
        row["goal_text"], hidden = mask_cprs(str(cells.get("goal_text", "")).strip()[:1000])
        if hidden:
            notes.append(f"{base}, linje {number}, felt goal_text: et CPR-nummer er skjult ({MASK}).")
        theme = str(cells.get("ffb_theme", "")).strip()
        row["condition"] = None
        if theme:
            row["condition"] = conditions.get(theme.lower())
            if row["condition"] is None:
                fail("ffb_theme", f"'{theme[:100]}' er ingen FFB-tilstand (angiv tilstandens navn eller kode).")
            else:
                row["dimension"] = row["condition"].mapped_dimension or row["dimension"]
        if not row["dimension"] and row["condition"] is None:
            fail("dimension", "udfyld ffb_theme (FFB-tilstand) eller dimension.")
        own_words = str(cells.get("goal_in_citizens_words", "")).strip().lower()
        row["in_citizens_words"] = own_words in YES
        if own_words and own_words not in YES | NO:
            fail("goal_in_citizens_words", f"'{own_words}' skal være ja eller nej.")
        has_assessment = row["assessment_date"] or row["level"] is not None or row["status"]
        if has_assessment:
            for field in ("assessment_date", "level", "status"):
                if not str(cells.get(field, "")).strip():
                    fail(field, "skal udfyldes, når rækken har en vurdering.")
        if row["end_date"] and row["start_date"] and row["end_date"] < row["start_date"]:
            fail("end_date", "slutdatoen ligger før startdatoen.")
        rows.append(row)
    if not rows and not errors:
        errors.append(f"{base}: filen har ingen rækker.")
    return rows, errors, notes


def _scope(row, user, cache):
    """Whose citizen records a row may name: the user's units, or (a command) the row's unit and below."""
    if user is not None:
        return permissions.unit_ids(user)
    unit = row["unit"]
    if unit.id not in cache:
        cache[unit.id] = set(unit.subtree().values_list("id", flat=True))
    return cache[unit.id]


def _citizen(row, result, user, cache):
    """The row's citizen among the records its unit keeps (services.register_citizen): a
    reference or CPR number that another unit registered never reaches that unit's record."""
    citizen, created = services.register_citizen(
        unit=row["unit"],
        scope=_scope(row, user, cache),
        cpr=row.get("cpr", ""),
        initials=row["initials"],
        birth_year=row["birth_year"],
        pseudonym=row["citizen_ref"],
        user=user,
    )
    result.citizens += created
    return citizen


def _check_citizens(rows, name, user):
    """Before anything is written: a reference and a CPR number in one row must not name two
    different citizens, neither against the records the unit keeps nor against another row."""
    errors, scopes, cpr_of_ref = [], {}, {}
    base = os.path.basename(name)
    for row in rows:
        ref, cpr = row["citizen_ref"], row.get("cpr", "")
        if not (ref and cpr):
            continue
        scope = frozenset(_scope(row, user, scopes))
        digest = services.cpr_hash(cpr)
        earlier = cpr_of_ref.setdefault((scope, ref), digest)
        existing = services.kept_by(scope).filter(pseudonym=ref).select_related("person").first()
        known = existing.person.cpr_hash if existing is not None and existing.person_id else None
        if earlier != digest or known not in (None, digest):
            errors.append(
                f"{base}, linje {row['line']}, felt cpr: Referencen og CPR-nummeret hører til to forskellige borgere."
            )
    if errors:
        raise ImportFailed(errors)


def _check_case_system_goals(rows, name):
    """Before anything is written: a row may not name a goal that came from a case system (it is
    kept there, and its assessments too)."""
    kept = Goal.objects.exclude(source="").filter(
        course__unit__in={r["unit"] for r in rows}, text__in={r["goal_text"] for r in rows}
    )
    keys = set()
    for g in kept.select_related("course__citizen__person"):
        course = g.course
        rest = (course.initiative_id, course.unit_id, course.start_date, g.dimension, g.text)
        keys.add((course.citizen.pseudonym, *rest))
        if course.citizen.person_id:
            keys.add((course.citizen.person.cpr_hash, *rest))
    base = os.path.basename(name)
    errors = []
    for r in rows:
        rest = (r["initiative"].pk, r["unit"].pk, r["start_date"], r["dimension"], r["goal_text"])
        names = [r["citizen_ref"], services.cpr_hash(r["cpr"]) if r.get("cpr") else None]
        if any((n, *rest) in keys for n in names if n):
            errors.append(f"{base}, linje {r['line']}: målet kommer fra fagsystemet og ændres kun der.")
    if errors:
        raise ImportFailed(errors)


CHUNK_ROWS = 200  # rows per transaction at first; adapted so that one takes about CHUNK_SECONDS
CHUNK_SECONDS = 0.1


def import_file(file, name: str, user=None, progress=None) -> Result:
    """Validate the whole file, then write it in short transactions (_ChunkWriter).

    Nothing is written unless every row is valid. The rows are then written in chunks sized to
    take about CHUNK_SECONDS each, so that a long import never holds the database's write lock for
    more than a fraction of a second (on SQLite, other writers wait for it); on SQLite the import
    also pauses between chunks to let them in. Rows are matched on natural keys, so running the
    same file again creates nothing new.
    """
    data = file.read() if hasattr(file, "read") else file
    rows, errors, notes = parse(data, name, user)
    if errors:
        raise ImportFailed(errors)
    _check_citizens(rows, name, user)
    _check_case_system_goals(rows, name)
    result = Result(notes=notes)
    start, size = 0, CHUNK_ROWS
    while start < len(rows):
        started = time.monotonic()
        with transaction.atomic(), batched_changes():
            _ChunkWriter(rows[start : start + size], result, user).write()
        start += size
        if progress:
            progress(min(start, len(rows)), len(rows))
        took = time.monotonic() - started
        size = max(10, min(1000, int(size * CHUNK_SECONDS / max(took, 0.001))))
        if connection.vendor == "sqlite" and start < len(rows):
            time.sleep(min(0.5, took / 2))
    return result


class _ChunkWriter:
    """Writes one chunk of valid rows with a few set-based queries per stage (citizens, courses,
    goals, assessments) instead of several per row. New records are created in bulk and written to
    the audit log in bulk; changed ones are saved one by one (with their signals). The figure
    summary of every course touched is refreshed when the chunk's batch ends."""

    def __init__(self, rows, result, user):
        self.rows, self.result, self.user = rows, result, user
        self.scopes = {}

    def write(self):
        citizens = self._citizens()
        courses = self._courses(citizens)
        goals = self._goals(courses)
        self._assessments(courses, goals)
        for course in {c.pk: c for c in courses}.values():
            defer_refresh(course.pk)

    @staticmethod
    def _create(model, objects):
        model.objects.bulk_create(objects)
        audit.record_created(objects)

    def _citizens(self):
        """Each row's citizen among the records its unit keeps. A row with a CPR number goes through
        services.register_citizen (linking a CPR number known elsewhere writes the access log of both
        records); rows with a reference only are matched in one query per scope, as register_citizen
        would match them, and their new records are created in bulk."""
        known = self._citizens_by_reference()
        found = []
        for row in self.rows:
            key = (row["unit"].pk, row["citizen_ref"], row.get("cpr", ""))
            if key not in known:
                try:
                    known[key] = _citizen(row, self.result, self.user, self.scopes)
                except services.CitizenMismatch as exc:  # checked before writing; only a race gets here
                    raise ImportFailed([f"linje {row['line']}, felt cpr: {exc}"]) from None
            found.append(known[key])
        return found

    def _citizens_by_reference(self) -> dict:
        refs_by_scope = {}
        for row in self.rows:
            if not row.get("cpr"):
                scope = frozenset(_scope(row, self.user, self.scopes))
                refs_by_scope.setdefault(scope, {}).setdefault(row["citizen_ref"], row)
        known, new = {}, []
        for scope, rows in refs_by_scope.items():
            existing = {}
            for citizen in services.kept_by(scope).filter(pseudonym__in=rows).order_by("-id"):
                existing[citizen.pseudonym] = citizen  # the oldest record wins, as in register_citizen
            for ref, row in rows.items():
                citizen = existing.get(ref)
                if citizen is None:
                    citizen = Citizen(
                        pseudonym=ref, initials=row["initials"], birth_year=row["birth_year"], unit=row["unit"]
                    )
                    new.append(citizen)
                known[(row["unit"].pk, ref, "")] = citizen
        self._create(Citizen, new)
        self.result.citizens += len(new)
        return known

    def _courses(self, citizens):
        rows = self.rows
        existing = Course.objects.filter(
            citizen_id__in={c.pk for c in citizens}, start_date__in={r["start_date"] for r in rows}
        )
        by_key = {(c.citizen_id, c.initiative_id, c.unit_id, c.start_date): c for c in existing}
        found, new = [], []
        for row, citizen in zip(rows, citizens, strict=True):
            key = (citizen.pk, row["initiative"].pk, row["unit"].pk, row["start_date"])
            course = by_key.get(key)
            if course is None:
                course = Course(citizen=citizen, initiative=row["initiative"], unit=row["unit"], start_date=key[3])
                by_key[key] = course
                new.append(course)
            found.append(course)
        self._create(Course, new)
        self.result.courses += len(new)
        for row, course in zip(rows, found, strict=True):
            if row["end_date"] and (course.end_date, course.end_reason) != (row["end_date"], row["end_reason"]):
                services.end_course(course, end_date=row["end_date"], end_reason=row["end_reason"] or "andet")
        return found

    def _goals(self, courses):
        existing = Goal.objects.filter(course_id__in={c.pk for c in courses})
        by_key = {(g.course_id, g.dimension, g.text): g for g in existing}
        found, new = [], []
        for row, course in zip(self.rows, courses, strict=True):
            key = (course.pk, row["dimension"], row["goal_text"])
            goal = by_key.get(key)
            if goal is None:
                goal = Goal(
                    course=course,
                    dimension=row["dimension"],
                    text=row["goal_text"],
                    goal_type=row["goal_type"],
                    condition=row["condition"],
                    in_citizens_words=row["in_citizens_words"],
                )
                by_key[key] = goal
                new.append(goal)
            elif row["in_citizens_words"] and not goal.in_citizens_words:
                goal.in_citizens_words = True
                if goal.pk:
                    goal.save()
            found.append(goal)
        self._create(Goal, new)
        self.result.goals += len(new)
        return found

    def _assessments(self, courses, goals):
        dated = [(r, c, g) for r, c, g in zip(self.rows, courses, goals, strict=True) if r["assessment_date"]]
        existing = Assessment.objects.filter(
            goal_id__in={g.pk for _r, _c, g in dated}, date__in={r["assessment_date"] for r, _c, _g in dated}
        ).order_by("id")
        by_key = {}
        for assessment in existing:
            by_key.setdefault((assessment.goal_id, assessment.date), assessment)
        new = []
        for row, course, goal in dated:
            key = (goal.pk, row["assessment_date"])
            assessment = by_key.get(key)
            if assessment is None:
                assessment = Assessment(
                    course=course,
                    goal=goal,
                    date=key[1],
                    level=row["level"],
                    status=row["status"],
                    assessor=self.user,
                )
                by_key[key] = assessment
                new.append(assessment)
                self.result.assessments += 1
            elif (assessment.level, assessment.status) != (row["level"], row["status"]):
                assessment.level, assessment.status = row["level"], row["status"]
                if assessment.pk:
                    assessment.save()
                self.result.assessments += 1
        self._create(Assessment, new)


def run_job(job, progress) -> dict:
    """The background job of the import page (sporbar.jobs)."""
    from sporbar.jobs.services import ImportFailed as JobFailed

    try:
        result = import_file(bytes(job.content), job.filename, user=job.user, progress=progress)
    except ImportFailed as exc:
        raise JobFailed(exc.errors) from exc
    summary = {
        gettext("Nye borgere"): result.citizens,
        gettext("Nye forløb"): result.courses,
        gettext("Nye mål"): result.goals,
        gettext("Nye eller ændrede vurderinger"): result.assessments,
    }
    if result.notes:  # e.g. a CPR number masked in a goal text
        summary[gettext("Bemærkninger")] = " ".join(result.notes)
    return summary
