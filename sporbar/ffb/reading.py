"""Reading one FFB delivery report (KL "FFB uddatasæt": a FHIR R4 Bundle about one citizen).

`read_bundle` parses and validates without touching the database's person data: the FHIR structure
by fhir.resources (its R4B models: FHIR 4.3, unchanged from R4 4.0.1 for every resource used here),
then the profile's own rules that matter to Sporbar (docs/integration.md). It returns the bundle
reduced to what Sporbar keeps, or the problems found; a problem names the resource and never
repeats a CPR number.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from sporbar.courses.services import InvalidCpr, normalise_cpr

from . import codes
from .models import Concept

MAX_BUNDLE_BYTES = 20 * 1024 * 1024
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
ORGANISATION_SYSTEM = "https://www.kombit.dk/organisation"
MEASURE_LEVEL = "66959f77-6e2a-4574-8423-3ff097f8b9fa"  # KL common code "funktionsevneniveau"
MEASURE_GOAL_TYPE = "90c48f03-f194-4b2f-ad7d-6cba1069ae48"  # "måltype"
EXT_LAST_ASSERTED = "/ConditionLastAssertedDate"
EXT_RANK = "/ConditionRank"
EXT_CASE_NUMBER = "kl-reporting-ffb-municipalityCaseNumber"
EXT_FOLLOW_UP_DATE = "kl-reporting-ffb-follow-up-date-extension"

PROFILE_KINDS = {
    "kl-reporting-ffb-citizen": "citizen",
    "kl-reporting-ffb-serviceRequest": "service_request",
    "kl-reporting-ffb-informationGathering": "information_gathering",
    "kl-reporting-ffb-condition": "condition",
    "kl-reporting-ffb-targetGroup": "target_group",
    "kl-reporting-ffb-interventionGoal": "goal",
    "kl-reporting-ffb-carePlan": "care_plan",
    "kl-reporting-ffb-intervention": "intervention",
    "kl-reporting-ffb-careEvaluation": "care_evaluation",
    "kl-reporting-ffb-followUp": "follow_up",
    "kl-reporting-ffb-servicePerformer": "service_performer",
    "kl-reporting-ffb-followUpEncounter": "encounter",
}
ALLOWED_TYPES = {
    "Patient",
    "ServiceRequest",
    "ClinicalImpression",
    "Condition",
    "Goal",
    "CarePlan",
    "Observation",
    "CareTeam",
    "Encounter",
}


@dataclass
class Problem:
    bundle: str
    resource: str
    message: str

    def as_dict(self):
        return {"bundle": self.bundle, "resource": self.resource, "message": self.message}


@dataclass
class Item:
    """One resource of the bundle, reduced to what Sporbar keeps."""

    resource_type: str
    resource_id: str
    kind: str
    version_at: datetime.datetime
    withdrawn: bool
    data: dict


@dataclass
class ReadBundle:
    bundle_id: str
    timestamp: datetime.datetime | None
    cpr: str = ""
    municipality: str = ""
    items: list = field(default_factory=list)
    problems: list = field(default_factory=list)


class Vocabulary:
    """The code system and mappings, loaded once per import run."""

    def __init__(self):
        self.concepts = {c.code: c for c in Concept.objects.only("id", "code", "kind", "area", "level", "display")}

    def kind_of(self, code):
        concept = self.concepts.get(code)
        return concept.kind if concept else None

    def is_activity_condition(self, code):
        concept = self.concepts.get(code)
        return concept is not None and concept.kind == Concept.Kind.CONDITION and concept.area == Concept.Area.ACTIVITY


def _date(value) -> str | None:
    """The date part of a FHIR date or dateTime, as ISO text."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    return value[:10]


def _instant(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        value += "T00:00:00Z"
    parsed = parse_datetime(value.replace("Z", "+00:00"))
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _ffb_code(concept_json, problems, where, label, kinds, vocab):
    """The FFB code of a CodeableConcept that must hold exactly one FFB code of one of `kinds`."""
    codings = [c for c in (concept_json or {}).get("coding", []) if c.get("system") == codes.SYSTEM]
    if len(codings) != 1:
        problems.append((where, f"{label}: skal have præcis én kode fra FFB-kodesystemet ({codes.SYSTEM})."))
        return None
    code = codings[0].get("code")
    if vocab.kind_of(code) not in kinds:
        problems.append((where, f"{label}: koden {code} er ikke {' eller '.join(str(k.label) for k in kinds)} i FFB."))
        return None
    return code


def _reference(ref_json) -> str:
    return (ref_json or {}).get("reference", "") if isinstance(ref_json, dict) else ""


def _references(node):
    """Every `reference` string anywhere in a resource."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def _extensions(resource, suffix):
    return [e for e in resource.get("extension", []) if str(e.get("url", "")).endswith(suffix)]


def _kind(resource) -> str | None:
    for profile in resource.get("meta", {}).get("profile", []):
        kind = PROFILE_KINDS.get(profile.split("|")[0].rsplit("/", 1)[-1])
        if kind:
            return kind
    return None


def _withdrawn(resource) -> bool:
    verification = resource.get("verificationStatus", {}).get("coding", [])
    return (
        resource.get("status") == "entered-in-error"
        or resource.get("lifecycleStatus") == "entered-in-error"
        or any(c.get("code") == "entered-in-error" for c in verification)
    )


def _structure_problems(exc: ValidationError, entries) -> list[tuple[str, str]]:
    out = []
    for error in exc.errors()[:50]:
        loc = list(error.get("loc", ()))
        where = ""
        if len(loc) >= 2 and loc[0] == "entry" and isinstance(loc[1], int) and loc[1] < len(entries):
            resource = (entries[loc[1]] or {}).get("resource") or {}
            where = f"{resource.get('resourceType', '?')}/{resource.get('id', '?')}"
            loc = loc[3:] if len(loc) > 2 and loc[2] == "resource" else loc[2:]
        path = ".".join(str(p) for p in loc) or "(hele ressourcen)"
        out.append((where, f"FHIR-strukturen er ugyldig i feltet {path}: {error.get('msg', '')}."))
    return out


def parse_json(raw: bytes, name: str) -> tuple[dict | None, list[Problem]]:
    if len(raw) > MAX_BUNDLE_BYTES:
        return None, [
            Problem(name, "", f"Filen fylder mere end {MAX_BUNDLE_BYTES // 1024} kB, grænsen for én indberetning.")
        ]
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        return None, [Problem(name, "", "Filen er ikke UTF-8-kodet JSON.")]
    except json.JSONDecodeError as exc:
        return None, [Problem(name, "", f"Ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}).")]
    except RecursionError:
        return None, [Problem(name, "", "JSON'en er indlejret for dybt til at være en FFB-indberetning.")]
    return data, []


def not_a_bundle(data, name) -> list[Problem]:
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        return [Problem(name, "", "Indholdet er ikke en FHIR Bundle (resourceType skal være »Bundle«).")]
    return []


def read_bundle(data: dict, name: str, vocab: Vocabulary) -> ReadBundle:
    """Validate one delivery report and reduce it to Items. Problems are collected, not raised."""
    bundle_id = str(data.get("id") or name)[:120]
    result = ReadBundle(bundle_id=bundle_id, timestamp=_instant(data.get("timestamp")))
    problems: list[tuple[str, str]] = []
    entries = data.get("entry") if isinstance(data.get("entry"), list) else []
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        result.problems = [Problem(bundle_id, w, m) for w, m in _structure_problems(exc, entries)]
        return result
    if data.get("type") != "collection":
        problems.append(("", "Bundle.type skal være »collection« (en DeliveryReport)."))
    if result.timestamp is None:
        problems.append(("", "Bundle.timestamp mangler."))
    resources, index = [], {}
    for entry in entries:
        resource = entry.get("resource") or {}
        label = f"{resource.get('resourceType')}/{resource.get('id')}"
        if resource.get("resourceType") not in ALLOWED_TYPES:
            problems.append((label, "ressourcetypen hører ikke til en FFB-indberetning."))
            continue
        if not resource.get("id"):
            problems.append((label, "ressourcen mangler id."))
            continue
        if label in index:
            problems.append((label, "ressourcen findes to gange i indberetningen."))
            continue
        resources.append(resource)
        index[label] = resource
        if entry.get("fullUrl"):
            index[entry["fullUrl"]] = resource

    def resolve(reference):
        if reference in index:
            return index[reference]
        match = re.search(r"([A-Za-z]+)/([^/]+)$", reference or "")
        return index.get(f"{match.group(1)}/{match.group(2)}") if match else None

    citizens = [r for r in resources if r["resourceType"] == "Patient"]
    if len(citizens) != 1:
        problems.append(("", f"En indberetning skal have præcis én borger (Patient), denne har {len(citizens)}."))
    else:
        _read_citizen(citizens[0], result, problems)
    citizen = citizens[0] if len(citizens) == 1 else None
    reader = _Reader(vocab, resolve, problems)
    for resource in resources:
        label = f"{resource['resourceType']}/{resource['id']}"
        for reference in _references(resource):
            if resolve(reference) is None:
                problems.append((label, f"henviser til {reference}, som ikke er med i indberetningen."))
        if resource is citizen:
            continue
        subject = resolve(_reference(resource.get("subject")))
        if citizen is not None and resource["resourceType"] != "ServiceRequest" and subject is not citizen:
            problems.append((label, "henviser ikke til indberetningens borger (subject)."))
        kind = _kind(resource)
        if kind is None:
            problems.append((label, "meta.profile angiver ingen profil fra FFB-indberetningen (kl-reporting-ffb-…)."))
            continue
        data_kept = reader.read(kind, resource, label)
        if data_kept is not None:
            version_at = _instant(resource.get("meta", {}).get("lastUpdated")) or result.timestamp
            result.items.append(
                Item(resource["resourceType"], resource["id"], kind, version_at, _withdrawn(resource), data_kept)
            )
    result.problems = [Problem(bundle_id, where, message) for where, message in problems]
    return result


def _read_citizen(patient, result, problems):
    label = f"Patient/{patient['id']}"
    identifiers = [i for i in patient.get("identifier", []) if i.get("system") == CPR_SYSTEM]
    if len(identifiers) != 1:
        problems.append((label, f"borgeren skal have præcis ét CPR-nummer ({CPR_SYSTEM})."))
    else:
        try:
            cpr = normalise_cpr(identifiers[0].get("value", ""))
            datetime.date(1900 + int(cpr[4:6]), int(cpr[2:4]), int(cpr[0:2]))
            result.cpr = cpr
        except (InvalidCpr, ValueError):
            problems.append((label, "CPR-nummeret er ikke syntaktisk gyldigt (10 cifre, de første seks en dato)."))
    organisation = (patient.get("managingOrganization") or {}).get("identifier") or {}
    if organisation.get("system") != ORGANISATION_SYSTEM or not organisation.get("value"):
        problems.append((label, f"managingOrganization skal have kommunens organisations-id ({ORGANISATION_SYSTEM})."))
    else:
        result.municipality = str(organisation["value"])[:64]


class _Reader:
    """The profile's rules per kind of resource; returns the data Sporbar keeps (None: nothing kept)."""

    def __init__(self, vocab, resolve, problems):
        self.vocab, self.resolve, self.problems = vocab, resolve, problems

    def fail(self, label, message):
        self.problems.append((label, message))

    def code(self, concept_json, label, what, *kinds):
        return _ffb_code(concept_json, self.problems, label, what, kinds, self.vocab)

    def read(self, kind, resource, label):
        reader = getattr(self, f"read_{kind}", None)
        return reader(resource, label) if reader else None

    def read_condition(self, resource, label):
        code = self.code(resource.get("code"), label, "code", Concept.Kind.CONDITION)
        recorded = _date(resource.get("recordedDate"))
        if recorded is None:
            self.fail(label, "recordedDate (tilstandens oprettelsestid) mangler.")
        if code is None or recorded is None:
            return None
        asserted = [_date(e.get("valueDateTime")) for e in _extensions(resource, EXT_LAST_ASSERTED)]
        when = asserted[0] if asserted and asserted[0] else recorded
        severity = resource.get("severity")
        level = None
        if self.vocab.is_activity_condition(code):
            if not severity:
                self.fail(label, "en tilstand under »Aktivitet og deltagelse« skal have et funktionsevneniveau.")
                return None
            level_code = self.code(severity, label, "severity", Concept.Kind.FUNCTIONAL_LEVEL)
            if level_code is None:
                return None
            level = codes.FUNCTIONAL_LEVELS.get(level_code)  # None for "Ikke vurderet"
        elif severity:
            self.fail(label, "kun tilstande under »Aktivitet og deltagelse« må have et funktionsevneniveau.")
            return None
        return {"code": code, "history": {when: level}}

    def read_target_group(self, resource, label):
        self.code(resource.get("code"), label, "code", Concept.Kind.TARGET_GROUP)
        if _date(resource.get("recordedDate")) is None:
            self.fail(label, "recordedDate mangler.")
        return None  # validated, not kept: Sporbar's target groups are the plan's

    def read_goal(self, resource, label):
        targets = {}
        for target in resource.get("target", []):
            measure = [c.get("code") for c in target.get("measure", {}).get("coding", [])]
            for key in (MEASURE_LEVEL, MEASURE_GOAL_TYPE):
                if key in measure:
                    targets[key] = target.get("detailCodeableConcept")
        level_code = type_code = None
        if MEASURE_LEVEL not in targets or MEASURE_GOAL_TYPE not in targets:
            self.fail(label, "indsatsmålet skal have både forventet funktionsevneniveau og måltype (target).")
        else:
            level_code = self.code(targets[MEASURE_LEVEL], label, "forventet niveau", Concept.Kind.FUNCTIONAL_LEVEL)
            type_code = self.code(targets[MEASURE_GOAL_TYPE], label, "måltype", Concept.Kind.GOAL_TYPE)
        primary = []
        for address in resource.get("addresses", []):
            condition = self.resolve(_reference(address))
            if condition is None:
                continue
            code = ((condition.get("code") or {}).get("coding") or [{}])[0].get("code")
            if not self.vocab.is_activity_condition(code):
                self.fail(label, "et indsatsmål må kun vedrøre tilstande under »Aktivitet og deltagelse«.")
            ranks = [e.get("valuePositiveInt") for e in _extensions(address, EXT_RANK)]
            if 1 in ranks:
                primary.append(condition["id"])
        if len(primary) != 1:
            self.fail(label, f"indsatsmålet skal vedrøre præcis én primær tilstand (rang 1), har {len(primary)}.")
        if level_code is None or type_code is None or len(primary) != 1:
            return None
        return {
            "condition": primary[0],
            "goal_type": codes.GOAL_TYPES[type_code],
            "target_level": codes.FUNCTIONAL_LEVELS.get(level_code),
        }

    def read_care_plan(self, resource, label):
        start = _date(resource.get("period", {}).get("start"))
        if start is None:
            self.fail(label, "period.start (bevillingstid) mangler.")
        if not _extensions(resource, EXT_CASE_NUMBER):
            self.fail(label, "kommunens sagsnummer (municipalityCaseNumber) mangler.")
        if resource.get("intent") == "order" and resource.get("status") != "completed":
            if not _extensions(resource, EXT_FOLLOW_UP_DATE):
                self.fail(label, "en bestilt, ikke afsluttet indsats skal have en opfølgningsdato.")
        offers = []
        for team in resource.get("careTeam", []):
            performer = self.resolve(_reference(team))
            if performer is not None:
                code = self.code((performer.get("category") or [None])[0], label, "tilbudstype", Concept.Kind.OFFER)
                offers.append(code)
        ranks = [e.get("valuePositiveInt") for a in resource.get("addresses", []) for e in _extensions(a, EXT_RANK)]
        if ranks.count(1) > 1:
            self.fail(label, "en indsats må højst have én primær målgruppe (rang 1).")
        if start is None:
            return None
        return {
            "start": start,
            "end": _date(resource.get("period", {}).get("end")),
            "status": resource.get("status", ""),
            "offers": [o for o in offers if o],
            "goals": [ref.rsplit("/", 1)[-1] for ref in (_reference(g) for g in resource.get("goal", [])) if ref],
        }

    def read_intervention(self, resource, label):
        plans = [self.resolve(_reference(b)) for b in resource.get("basedOn", [])]
        plans = [p for p in plans if p is not None and _kind(p) == "care_plan"]
        if len(plans) != 1:
            self.fail(label, "ydelsen skal høre til præcis én indsats (basedOn en CarePlan).")
        start = _date(resource.get("period", {}).get("start"))
        if start is None:
            self.fail(label, "period.start mangler.")
        details = [a.get("detail") or {} for a in resource.get("activity", [])]
        code = self.code(details[0].get("code") if details else None, label, "ydelse", Concept.Kind.SERVICE)
        if len(plans) != 1 or start is None or code is None:
            return None
        end = _date(resource.get("period", {}).get("end"))
        return {"care_plan": plans[0]["id"], "service": code, "start": start, "end": end}

    def read_service_performer(self, resource, label):
        self.code((resource.get("category") or [None])[0], label, "tilbudstype", Concept.Kind.OFFER)
        return None  # read through the care plans that refer to it

    def read_follow_up(self, resource, label):
        if resource.get("status") not in ("final", "entered-in-error"):
            self.fail(label, "status skal være »final« eller »entered-in-error«.")
        plans = [self.resolve(_reference(f)) for f in resource.get("focus", [])]
        plans = [p for p in plans if p is not None and _kind(p) == "care_plan"]
        when = _date(resource.get("effectiveDateTime"))
        code = self.code(resource.get("valueCodeableConcept"), label, "resultat", Concept.Kind.FOLLOW_UP)
        if len(plans) != 1:
            self.fail(label, "opfølgningen skal vedrøre præcis én indsats (focus).")
        if when is None:
            self.fail(label, "effectiveDateTime mangler.")
        if len(plans) != 1 or when is None or code is None:
            return None
        return {"care_plan": plans[0]["id"], "result": code, "date": when}

    def read_care_evaluation(self, resource, label):
        self.code(resource.get("valueCodeableConcept"), label, "støttebehov", Concept.Kind.SUPPORT_LEVEL)
        if _date(resource.get("effectiveDateTime")) is None:
            self.fail(label, "effectiveDateTime mangler.")
        return None

    def read_encounter(self, resource, label):
        if _date(resource.get("period", {}).get("start")) is None:
            self.fail(label, "period.start (opfølgningsdato) mangler.")
        return None

    def read_information_gathering(self, resource, label):
        if _date(resource.get("effectiveDateTime")) is None:
            self.fail(label, "effectiveDateTime mangler.")
        if not _extensions(resource, "/BasedOnServiceRequest"):
            self.fail(label, "henvisningen til anledningen (BasedOnServiceRequest) mangler.")
        return None
