"""KL's FFB code system: loading it from KL's JSON, and the codes Sporbar's own fields stand for.

The UUID codes below are KL's stable identifiers; the displays come from the loaded file.
"""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import CodeSystem, Concept, DimensionMapping

SYSTEM = "urn:oid:1.2.208.176.2.22"
CODE_SYSTEM_FILE = Path(settings.BASE_DIR) / "data" / "standards" / "kl-term" / "CodeSystem-FFB.json"
DIMENSIONS_FILE = Path(settings.BASE_DIR) / "data" / "standards" / "ffb-dimensions.csv"

# Top concepts of the code system and the kind of everything below them.
ROOTS = {
    "b3ddc7d7-f6c1-4d47-8280-456992cbe0a6": Concept.Kind.CONDITION,  # FFB tilstande
    "e89d317c-4657-4970-b614-ada2ed220595": Concept.Kind.FUNCTIONAL_LEVEL,  # Funktionsevneniveau
    "b5257b2d-0fbf-4d00-bf38-d298c8568116": Concept.Kind.GOAL_TYPE,  # Måltype
    "7ac451dc-773b-4877-baaf-1e6b1d5c8e28": Concept.Kind.SUPPORT_LEVEL,  # Støttebehovsniveau
    "af7624f8-affd-4a7e-8754-b1b1dd9d8def": Concept.Kind.SERVICE,  # Ydelse
    "f708aea3-66bd-46c6-af11-7bf28942fa47": Concept.Kind.OFFER,  # Tilbud
    "cda90d67-f65a-4a34-b8d8-168ee9ff0949": Concept.Kind.TARGET_GROUP,  # Målgruppe
    "90479ffa-bf46-4b3a-a172-91f2798e2a43": Concept.Kind.FOLLOW_UP,  # Status på indsats
}
AREAS = {
    "740934cd-002b-4b96-b92e-b3562eed9448": Concept.Area.FUNCTIONS,
    "93433530-b85c-4d04-a4fb-5ae26cf16f1c": Concept.Area.ACTIVITY,
    "a56d59c0-c8fd-468c-85f9-b67f66561b90": Concept.Area.SURROUNDINGS,
}

# Funktionsevneniveau: the FFB code for each of Sporbar's levels 0-4 (Assessment.level).
FUNCTIONAL_LEVELS = {
    "b508ff66-6326-4862-a6d7-7bbf184c9823": 0,  # Ingen nedsat funktionsevne
    "8328ce4a-6238-4f73-bf1a-74aadb68eff8": 1,  # Let nedsat funktionsevne
    "5bdde847-2837-416b-ab63-bbff8b7aa531": 2,  # Moderat nedsat funktionsevne
    "cae545f5-2813-4d79-98fc-0a7d770af3cd": 3,  # Svært nedsat funktionsevne
    "832ae90b-23b5-4063-80aa-0b81bdce680e": 4,  # Fuldstændig nedsat funktionsevne
}
NOT_ASSESSED = "1c327095-107f-4b96-88d0-ec562cb980be"  # Ikke vurderet: no level, so no assessment
SUPPORT_LEVELS = {
    "ae9f388a-91c3-46cf-af55-f81952f2977c": 0,
    "dd628e73-d6c9-4837-a2b8-aa62d73bd6ae": 1,
    "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76": 2,
    "b99a0790-4d70-4152-b149-3fe58b745583": 3,
    "e99763d6-6c43-4969-ad52-2b1a7055f9dc": 4,
}
# Måltype: the FFB code of each of Sporbar's goal types (courses.Goal.GoalType).
GOAL_TYPES = {
    "d41c8072-52f8-42b5-9375-ddbea454d27f": "udvikle",
    "10752a63-00b4-4958-b7f4-9f3a18f74266": "fastholde",
    "e47c22bd-d88d-48ab-882b-419923e1f44e": "begraense",
}
FOLLOW_UP_CONTINUE = "1e971d84-10a4-4ef8-a8b3-0daa4c7d088a"
FOLLOW_UP_END_AND_REFER = "b4c01aa8-82fd-44e4-83ff-ca19ec02c779"
FOLLOW_UP_END = "d7d03656-4c87-4e67-9146-aa5990460f16"


class CodeSystemError(ValueError):
    pass


def read_code_system(path: Path) -> tuple[dict, list[dict]]:
    """(header, concepts) from KL's CodeSystem JSON; each concept with code, display, parent, kind, area."""
    try:
        data = json.loads(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise CodeSystemError(f"{Path(path).name}: kan ikke læses som JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("resourceType") != "CodeSystem" or data.get("url") != SYSTEM:
        raise CodeSystemError(f"{Path(path).name}: er ikke KL's FFB-kodesystem ({SYSTEM}).")
    concepts: list[dict] = []

    def walk(items, parent, kind, area):
        for item in items or []:
            code = str(item.get("code", "")).strip()
            if not code or not item.get("display"):
                raise CodeSystemError(
                    f"{Path(path).name}: et begreb under {parent or 'roden'} mangler kode eller navn."
                )
            own_kind = ROOTS.get(code, kind)
            own_area = AREAS.get(code, area)
            children = item.get("concept") or []
            if own_kind == Concept.Kind.CONDITION and (children or code in ROOTS or code in AREAS):
                shown_kind = Concept.Kind.CONDITION_GROUP
            else:
                shown_kind = own_kind if code not in ROOTS else Concept.Kind.OTHER
            concepts.append(
                {
                    "code": code,
                    "display": item["display"][:200],
                    "definition": item.get("definition", ""),
                    "parent": parent,
                    "kind": shown_kind,
                    "area": own_area or "",
                    "level": FUNCTIONAL_LEVELS.get(code, SUPPORT_LEVELS.get(code)),
                }
            )
            walk(children, code, own_kind, own_area)

    walk(data.get("concept"), None, Concept.Kind.OTHER, None)
    if not any(c["kind"] == Concept.Kind.CONDITION for c in concepts):
        raise CodeSystemError(f"{Path(path).name}: indeholder ingen FFB-tilstande.")
    header = {"url": data["url"], "version": str(data.get("version", "")), "title": data.get("title", "")}
    return header, concepts


@transaction.atomic
def load_code_system(path: Path = CODE_SYSTEM_FILE, concept_model=Concept, system_model=CodeSystem) -> dict:
    """Load (or update to) a version of the code system. Codes no longer in it are kept, marked inactive,
    since goals may point at them. Returns counts. (The model arguments let a data migration use it.)"""
    header, concepts = read_code_system(path)
    existing = {c.code: c for c in concept_model.objects.all()}
    created = updated = 0
    for item in concepts:
        fields = {k: item[k] for k in ("display", "definition", "kind", "area", "level")}
        concept = existing.get(item["code"])
        if concept is None:
            existing[item["code"]] = concept_model.objects.create(code=item["code"], active=True, **fields)
            created += 1
        elif any(getattr(concept, k) != v for k, v in fields.items()) or not concept.active:
            for k, v in fields.items():
                setattr(concept, k, v)
            concept.active = True
            concept.save()
            updated += 1
    for item in concepts:
        concept = existing[item["code"]]
        parent_id = existing[item["parent"]].id if item["parent"] else None
        if concept.parent_id != parent_id:
            concept.parent_id = parent_id
            concept.save(update_fields=["parent"])
    codes = {c["code"] for c in concepts}
    retired = concept_model.objects.exclude(code__in=codes).filter(active=True).update(active=False)
    system_model.objects.update_or_create(
        url=header["url"], version=header["version"], defaults={"title": header["title"], "concepts": len(concepts)}
    )
    return {"version": header["version"], "created": created, "updated": updated, "retired": retired}


def load_default_dimensions(path: Path = DIMENSIONS_FILE, concept_model=Concept, mapping_model=DimensionMapping) -> int:
    """Give every FFB condition without a dimension the default from data/standards/ffb-dimensions.csv.
    Never changes a mapping an administrator has set."""
    with open(path, encoding="utf-8", newline="") as handle:
        defaults = {row["code"]: row["dimension"] for row in csv.DictReader(handle)}
    mapped = set(mapping_model.objects.values_list("condition_id", flat=True))
    added = 0
    for concept in concept_model.objects.filter(kind=Concept.Kind.CONDITION).exclude(id__in=mapped):
        dimension = defaults.get(concept.code)
        if dimension:
            mapping_model.objects.create(condition=concept, dimension=dimension)
            added += 1
    return added


def conditions_for_goals():
    """The conditions a goal may address: those under "Aktivitet og deltagelse", as the FFB profile requires."""
    return Concept.objects.filter(kind=Concept.Kind.CONDITION, area=Concept.Area.ACTIVITY, active=True).select_related(
        "parent"
    )


def condition_choices() -> list:
    """Choices for a goal's condition, grouped as in FFB (Relationer, Kommunikation, …)."""
    groups: dict = {}
    for concept in conditions_for_goals().order_by("parent__display", "display"):
        groups.setdefault(concept.parent.display if concept.parent else "", []).append((concept.id, concept.display))
    return [("", "—")] + list(groups.items())


def conditions_by_code_and_name() -> dict:
    """Every FFB condition by its code and by its lower-cased name, each with `mapped_dimension`."""
    out = {}
    mapped = dict(DimensionMapping.objects.values_list("condition_id", "dimension"))
    for concept in Concept.objects.filter(kind=Concept.Kind.CONDITION):
        concept.mapped_dimension = mapped.get(concept.id)
        out[concept.code.lower()] = concept
        out.setdefault(concept.display.lower(), concept)
    return out
