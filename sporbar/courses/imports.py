"""Import of courses, goals and assessments from CSV or XLSX (format: docs/courses-import.md).

Every problem is collected with file, line and field; nothing is written unless the whole file is valid.
Rows are matched on natural keys, so importing the same file twice creates no duplicates.
"""

import datetime
import os
from dataclasses import dataclass

from django.db import transaction

from sporbar.accounts import permissions
from sporbar.accounts.models import Unit
from sporbar.ffb import codes as ffb_codes
from sporbar.plans.models import Initiative
from sporbar.tables import UnreadableTable, read_table

from . import services
from .models import Assessment, Citizen, Course, Dimension, Goal

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
    "assessment_date",
    "level",
    "status",
]
REQUIRED = ["initiative", "unit", "start_date", "goal_type", "goal_text"]


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
    """Return (rows, errors); rows are dicts of clean values."""
    base = os.path.basename(name)
    try:
        header, raw = read_table(data, name)
    except UnreadableTable as exc:
        return [], [str(exc)]
    missing = [c for c in REQUIRED if c not in header]
    if "dimension" not in header and "ffb_theme" not in header:
        missing.append("ffb_theme eller dimension")
    if "citizen_ref" not in header and "cpr" not in header:
        missing.insert(0, "citizen_ref eller cpr")
    if missing:
        return [], [f"{base}, linje 1: mangler kolonnen {', '.join(missing)}."]
    initiatives = {i.key: i for i in Initiative.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    conditions = ffb_codes.conditions_by_code_and_name()
    allowed_units = permissions.unit_ids(user) if user is not None else None
    rows, errors = [], []
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
                row["cpr_hash"] = services.cpr_hash(cpr)
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
        row["goal_text"] = str(cells.get("goal_text", "")).strip()
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
    return rows, errors


def _citizen(row, result):
    if row.get("cpr_hash"):
        citizen = Citizen.objects.filter(cpr_hash=row["cpr_hash"]).first()
        if citizen:
            return citizen
    if row["citizen_ref"]:
        citizen = Citizen.objects.filter(pseudonym=row["citizen_ref"]).first()
        if citizen:
            if row.get("cpr_hash") and not citizen.cpr_hash:
                citizen.cpr_hash = row["cpr_hash"]
                citizen.save()
            return citizen
    result.citizens += 1
    return Citizen.objects.create(
        pseudonym=row["citizen_ref"] or services.new_pseudonym(),
        initials=row["initials"],
        birth_year=row["birth_year"],
        cpr_hash=row.get("cpr_hash"),
    )


def import_file(file, name: str, user=None) -> Result:
    data = file.read() if hasattr(file, "read") else file
    rows, errors = parse(data, name, user)
    if errors:
        raise ImportFailed(errors)
    result = Result()
    with transaction.atomic():
        for row in rows:
            citizen = _citizen(row, result)
            course, created = Course.objects.get_or_create(
                citizen=citizen, initiative=row["initiative"], unit=row["unit"], start_date=row["start_date"]
            )
            result.courses += created
            if row["end_date"] and (course.end_date, course.end_reason) != (row["end_date"], row["end_reason"]):
                services.end_course(course, end_date=row["end_date"], end_reason=row["end_reason"] or "andet")
            goal, created = Goal.objects.get_or_create(
                course=course,
                dimension=row["dimension"],
                text=row["goal_text"],
                defaults={"goal_type": row["goal_type"], "condition": row["condition"]},
            )
            result.goals += created
            if goal.source:
                raise ImportFailed(
                    [f"{os.path.basename(name)}, linje {row['line']}: målet kommer fra fagsystemet og ændres kun der."]
                )
            if row["assessment_date"]:
                assessment = Assessment.objects.filter(goal=goal, date=row["assessment_date"]).first()
                if assessment is None:
                    Assessment.objects.create(
                        course=course,
                        goal=goal,
                        date=row["assessment_date"],
                        level=row["level"],
                        status=row["status"],
                        assessor=user,
                    )
                    result.assessments += 1
                elif (assessment.level, assessment.status) != (row["level"], row["status"]):
                    assessment.level, assessment.status = row["level"], row["status"]
                    assessment.save()
                    result.assessments += 1
    return result
