"""Importing the case systems' FFB delivery reports into citizens, courses, goals and assessments.

One bundle at a time, each in its own transaction: a bundle with problems writes nothing of its
content (only a Delivery row listing the problems); the others are imported. Resources are kept by
resource id (ffb.Resource), so a resource sent again updates and never duplicates, an older version
than the one kept is ignored, and "entered-in-error" withdraws it. After each bundle the citizen's
courses, goals and assessments are derived again from everything received (`project_citizen`):

- care plan (KLReportingFFBCarePlan) → course, in the initiative mapped to its offer (tilbudstype)
  or, failing that, to one of its services (ydelser); care plans with no mapping are left out;
- intervention goal → a goal on each of those courses (or on the courses whose care plan names it);
- condition with a functional level → one assessment per date it was assessed, on each goal whose
  primary condition it is; the goal status follows from the goal's expected level;
- follow-up result → how an ended course ended.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sporbar.accounts import permissions
from sporbar.accounts.audit import current_actor, snapshot
from sporbar.accounts.models import AuditEntry, Unit
from sporbar.courses import services as course_services
from sporbar.courses.models import Assessment, Course, Goal
from sporbar.courses.signals import batched_changes, courses_written
from sporbar.effects.disclosure import refresh

from . import codes
from .models import Concept, Delivery, DimensionMapping, InitiativeMapping, MunicipalityMapping, Resource
from .reading import Problem, Vocabulary, not_a_bundle, parse_json, read_bundle

SOURCE = "FFB-indberetning fra fagsystem"
LEVEL_LABELS = dict(Assessment.Level.choices)
GOAL_TYPE_LABELS = dict(Goal.GoalType.choices)


@dataclass
class Outcome:
    bundles: int = 0
    imported: int = 0
    rejected: int = 0
    problems: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "bundles": self.bundles,
            "imported": self.imported,
            "rejected": self.rejected,
            "problems": [p.as_dict() for p in self.problems],
        }


class Context(Vocabulary):
    """Code system and mappings, read once per run; `units` limits which municipalities may be sent."""

    def __init__(self, user=None, channel="kommando"):
        super().__init__()
        self.user, self.channel = user, channel
        self.municipalities = dict(MunicipalityMapping.objects.values_list("identifier", "unit_id"))
        self.initiatives = {
            m.concept.code: (m.initiative_id, m.unit_id) for m in InitiativeMapping.objects.select_related("concept")
        }
        self.dimensions = dict(DimensionMapping.objects.values_list("condition_id", "dimension"))
        self.allowed_units = permissions.unit_ids(user) if user is not None else None


def bundle_files(path: Path) -> list[Path]:
    path = Path(path)
    return sorted(p for p in path.rglob("*.json") if p.is_file()) if path.is_dir() else [path]


COMMIT_EVERY = 200  # bundles per transaction when reading a folder; each bundle has its own savepoint


def import_paths(paths, user=None, channel="kommando") -> Outcome:
    context, outcome = Context(user, channel), Outcome()
    files = [file for path in paths for file in bundle_files(path)]
    with refresh.deferred():
        for first in range(0, len(files), COMMIT_EVERY):
            # The effect figures' summary is brought up to date once per transaction, for every course touched.
            with transaction.atomic(), batched_changes():
                for file in files[first : first + COMMIT_EVERY]:
                    try:
                        raw = file.read_bytes()
                    except OSError as exc:
                        _count(outcome, [Problem(file.name, "", f"Filen kan ikke læses ({exc.strerror}).")])
                        continue
                    _count(outcome, import_bytes(raw, file.name, context))
    return outcome


def import_data(data, name, context) -> Outcome:
    """One bundle already parsed from JSON (the API)."""
    outcome = Outcome()
    _count(outcome, import_parsed(data, name, context))
    return outcome


def _count(outcome, problems):
    outcome.bundles += 1
    if problems:
        outcome.rejected += 1
        outcome.problems.extend(problems)
    else:
        outcome.imported += 1


def import_bytes(raw: bytes, name: str, context: Context) -> list[Problem]:
    data, problems = parse_json(raw, name)
    if problems:
        _record(name, None, context, problems, 0)
        return problems
    return import_parsed(data, name, context)


def import_parsed(data: dict, name: str, context: Context) -> list[Problem]:
    problems = not_a_bundle(data, name)
    if problems:
        _record(name, None, context, problems, 0)
        return problems
    bundle = read_bundle(data, name, context)
    problems = list(bundle.problems)
    if not problems:
        unit_id = context.municipalities.get(bundle.municipality)
        if unit_id is None:
            problems.append(
                Problem(bundle.bundle_id, "", f"Kommunen {bundle.municipality} er ikke sat op til FFB-indberetning.")
            )
        elif context.allowed_units is not None and unit_id not in context.allowed_units:
            problems.append(Problem(bundle.bundle_id, "", "Du må ikke indberette for denne kommune."))
    if problems:
        _record(bundle.bundle_id, bundle.timestamp, context, problems, 0)
        return problems
    with transaction.atomic():
        delivery = _record(bundle.bundle_id, bundle.timestamp, context, [], len(bundle.items))
        # The record of the person kept by the unit the municipality maps to (one record per unit and person).
        citizen, _created = course_services.find_or_create_citizen(cpr=bundle.cpr, unit=Unit.objects.get(pk=unit_id))
        _store(bundle.items, citizen, delivery)
        project_citizen(citizen, context)
    return []


def _record(bundle_id, timestamp, context, problems, count):
    user = context.user if context.user is not None and context.user.is_authenticated else None
    return Delivery.objects.create(
        bundle_id=str(bundle_id)[:120],
        timestamp=timestamp,
        received_by=user,
        channel=context.channel,
        imported=not problems,
        problems=[p.as_dict() for p in problems],
        resources=count,
    )


def _store(items, citizen, delivery):
    """Keep the latest version of each resource by id; a condition keeps its levels over time."""
    keys = {(i.resource_type, i.resource_id) for i in items}
    existing = {
        (r.resource_type, r.resource_id): r
        for r in Resource.objects.filter(resource_type__in={k[0] for k in keys}, resource_id__in={k[1] for k in keys})
        if (r.resource_type, r.resource_id) in keys  # both fields: the unique index starts with resource_type
    }
    new, changed = [], []
    for item in items:
        row = existing.get((item.resource_type, item.resource_id))
        if row is None:
            row = Resource(
                resource_type=item.resource_type,
                resource_id=item.resource_id,
                kind=item.kind,
                citizen=citizen,
                version_at=item.version_at,
                withdrawn=item.withdrawn,
                data=item.data,
                delivery=delivery,
            )
            existing[(item.resource_type, item.resource_id)] = row
            new.append(row)
            continue
        if row.citizen_id != citizen.id:
            row.citizen = citizen  # the same resource id reported for another CPR number: follow the report
        history = {**row.data.get("history", {}), **item.data.get("history", {})} if item.kind == "condition" else None
        if item.version_at >= row.version_at:
            row.data, row.withdrawn, row.version_at, row.kind = item.data, item.withdrawn, item.version_at, item.kind
        if history is not None:
            row.data = {**row.data, "history": history}
        row.delivery = delivery
        changed.append(row)
    Resource.objects.bulk_create(new)
    Resource.objects.bulk_update(changed, ["citizen", "data", "withdrawn", "version_at", "kind", "delivery"])


# --- deriving the citizen's courses, goals and assessments ----------------------------------------


def project_citizen(citizen, context: Context) -> set[int]:
    """Bring the citizen's case-system courses, goals and assessments in line with what was received.
    Returns the ids of the courses touched (their effect figures are refreshed)."""
    rows = list(Resource.objects.filter(citizen=citizen, withdrawn=False).values("resource_id", "kind", "data"))
    by_kind: dict = {}
    for row in rows:
        by_kind.setdefault(row["kind"], {})[row["resource_id"]] = row["data"]
    services_of, follow_up_of = {}, {}
    for data in by_kind.get("intervention", {}).values():
        services_of.setdefault(data["care_plan"], []).append((data["start"], data["service"]))
    for data in by_kind.get("follow_up", {}).values():
        previous = follow_up_of.get(data["care_plan"])
        if previous is None or data["date"] >= previous[0]:
            follow_up_of[data["care_plan"]] = (data["date"], data["result"])

    courses = {}
    for plan_id, plan in by_kind.get("care_plan", {}).items():
        candidates = plan["offers"] + [code for _start, code in sorted(services_of.get(plan_id, []))]
        target = next((context.initiatives[c] for c in candidates if c in context.initiatives), None)
        if target is None:
            continue  # not one of the plan's initiatives
        ended = plan["end"] if plan["status"] in ("completed", "revoked") or plan["end"] else None
        reason = ""
        if ended:
            result = (follow_up_of.get(plan_id) or (None, None))[1]
            reason = Course.EndReason.MOVED_ON if result == codes.FOLLOW_UP_END_AND_REFER else Course.EndReason.OTHER
        courses[f"CarePlan/{plan_id}"] = {
            "citizen_id": citizen.id,
            "initiative_id": target[0],
            "unit_id": target[1],
            "start_date": datetime.date.fromisoformat(plan["start"]),
            "end_date": datetime.date.fromisoformat(ended) if ended else None,
            "end_reason": reason,
            "_goals": plan.get("goals") or None,
        }
    existing_courses = {c.source_ref: c for c in Course.objects.filter(citizen=citizen).exclude(source_ref="")}
    course_ids = _apply(Course, existing_courses, courses)

    goals_received = by_kind.get("goal", {})
    conditions = by_kind.get("condition", {})
    wanted_goals = {}
    for course_ref, course in courses.items():
        goal_ids = course["_goals"] or list(goals_received)
        for goal_id in goal_ids:
            goal = goals_received.get(goal_id)
            condition = conditions.get(goal["condition"]) if goal else None
            concept = context.concepts.get(condition["code"]) if condition else None
            if concept is None:
                continue
            wanted_goals[(course_ids[course_ref], f"Goal/{goal_id}")] = {
                "course_id": course_ids[course_ref],
                "condition_id": concept.id,
                "dimension": context.dimensions.get(concept.id, "personlig"),
                "goal_type": goal["goal_type"],
                "target_level": goal["target_level"],
                "text": _goal_text(concept, goal),
                "_history": condition["history"],
            }
    existing_goals = {
        (g.course_id, g.source_ref): g for g in Goal.objects.filter(course__citizen=citizen).exclude(source_ref="")
    }
    goal_ids = _apply(Goal, existing_goals, wanted_goals)

    wanted_assessments = {}
    for key, goal in wanted_goals.items():
        condition_id = goals_received[key[1].split("/", 1)[1]]["condition"]
        for when, level, status in _assessments(goal):
            goal_pk = goal_ids[key]
            wanted_assessments[(goal_pk, f"Condition/{condition_id}/{when}")] = {
                "course_id": goal["course_id"],
                "goal_id": goal_pk,
                "date": datetime.date.fromisoformat(when),
                "level": level,
                "status": status,
            }
    existing_assessments = {
        (a.goal_id, a.source_ref): a for a in Assessment.objects.filter(course__citizen=citizen).exclude(source_ref="")
    }
    _apply(Assessment, existing_assessments, wanted_assessments)
    touched = set(course_ids.values())
    courses_written(touched)
    return touched


def _goal_text(concept, goal) -> str:
    text = f"{concept.display}: {GOAL_TYPE_LABELS[goal['goal_type']]}"
    if goal["target_level"] is not None:
        text += f" (forventet: {LEVEL_LABELS[goal['target_level']]})"
    return text


def _assessments(goal):
    """(date, level, status) per assessed date of the goal's primary condition, oldest first. The first
    level is the baseline: a goal is met at its expected level, partly met when better than the baseline."""
    history = sorted((when, level) for when, level in goal["_history"].items() if level is not None)
    if not history:
        return []
    baseline = history[0][1]
    target = goal["target_level"]
    out = []
    for when, level in history:
        if target is not None and level <= target:
            status = Assessment.GoalStatus.MET
        elif level < baseline:
            status = Assessment.GoalStatus.PARTLY
        else:
            status = Assessment.GoalStatus.NOT_MET
        out.append((when, level, status))
    return out


def _apply(model, existing: dict, wanted: dict) -> dict:
    """Create, update and delete `model` rows so that `existing` (key → row) matches `wanted`
    (key → fields; keys starting with "_" are not fields). Returns key → primary key. Creates and
    updates are written in bulk, with their audit log entries; deletes go through the ORM (rare)."""
    user, label = current_actor()
    audit, create, update, changed_fields = [], [], [], set()
    for key, values in wanted.items():
        fields = {k: v for k, v in values.items() if not k.startswith("_")}
        row = existing.get(key)
        if row is None:
            row = model(**fields, source=SOURCE, source_ref=key if isinstance(key, str) else key[1])
            create.append(row)
            existing[key] = row
            continue
        before = {k: getattr(row, k) for k in fields if getattr(row, k) != fields[k]}
        if before:
            for name in before:
                setattr(row, name, fields[name])
            changed_fields |= set(before)
            update.append(row)
            audit.append(_audit(AuditEntry.Action.UPDATE, row, before, user, label))
    model.objects.bulk_create(create)
    audit += [_audit(AuditEntry.Action.CREATE, row, None, user, label) for row in create]
    if update:
        model.objects.bulk_update(update, sorted(changed_fields))
    AuditEntry.objects.bulk_create(audit)
    gone = [row.pk for key, row in existing.items() if key not in wanted and row.pk]
    for row in model.objects.filter(pk__in=gone):
        row.delete()  # audited and summarised by the signals
    return {key: existing[key].pk for key in wanted}


def _audit(action, row, before, user, label):
    after = snapshot(row)
    if before is not None:
        before = {f"{k}_id" if f"{k}_id" in after else k: _plain(v) for k, v in before.items()}
        after = {k: after[k] for k in before}
    return AuditEntry(
        user=user if user is not None and user.pk else None,
        actor_label=label[:150],
        action=action,
        model=row._meta.label,
        object_id=str(row.pk),
        object_repr=f"{row._meta.verbose_name} {row.source_ref}"[:200],
        before=before,
        after=after,
    )


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def concept_label(code: str) -> str:
    concept = Concept.objects.filter(code=code).first()
    return concept.display if concept else code
