"""Turn KL's FFB reporting examples (FHIR Shorthand) into JSON Bundles, as SUSHI would.

SUSHI needs the FHIR core package from packages.fhir.org, which this project cannot reach, so
this small converter handles the part of FSH that KLReportingFFBExample.fsh uses: instances,
rule sets with parameters, assignments of codes, strings, dates, numbers and references,
indented paths, [+]/[=] indexes, named slices and extensions. It adds meta.profile as SUSHI does.

    python scripts/fsh_examples_to_json.py   # writes data/standards/kl-ffb-reporting/examples/*.json

The extension URLs come from the profiles' dependencies (kl.dk.fhir.core 1.2.0) and the IG's
canonical http://fhir.kl.dk/ffbreporting; see data/standards/README.md.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FSH = ROOT / "data" / "standards" / "kl-ffb-reporting" / "fsh"
OUT = ROOT / "data" / "standards" / "kl-ffb-reporting" / "examples"

IG = "http://fhir.kl.dk/ffbreporting/StructureDefinition/"
KL_CORE = "http://fhir.kl.dk/core/StructureDefinition/"
EXTENSIONS = {
    "municipalityCaseNumber": IG + "kl-reporting-ffb-municipalityCaseNumber",
    "municipalitySpecific": "municipalitySpecific",
    "official": "official",
    "followUpDate": IG + "kl-reporting-ffb-follow-up-date-extension",
    "conditionLastAssertedDate": KL_CORE + "ConditionLastAssertedDate",
    "ConditionRank": KL_CORE + "ConditionRank",
    "conditionRank": KL_CORE + "ConditionRank",
    "basedOnServiceRequest": KL_CORE + "BasedOnServiceRequest",
}
# profile name -> (resource type, profile id)
PROFILES = {
    "KLReportingFFBDeliveryReport": ("Bundle", "kl-reporting-ffb-deliveryReport"),
    "KLReportingFFBCitizen": ("Patient", "kl-reporting-ffb-citizen"),
    "KLReportingFFBServiceRequest": ("ServiceRequest", "kl-reporting-ffb-serviceRequest"),
    "KLReportingFFBCondition": ("Condition", "kl-reporting-ffb-condition"),
    "KLReportingFFBTargetGroup": ("Condition", "kl-reporting-ffb-targetGroup"),
    "KLReportingFFBInformationGathering": ("ClinicalImpression", "kl-reporting-ffb-informationGathering"),
    "KLReportingFFBInterventionGoal": ("Goal", "kl-reporting-ffb-interventionGoal"),
    "KLReportingFFBCareEvaluation": ("Observation", "kl-reporting-ffb-careEvaluation"),
    "KLReportingFFBFollowUp": ("Observation", "kl-reporting-ffb-followUp"),
    "KLReportingFFBServicePerformer": ("CareTeam", "kl-reporting-ffb-servicePerformer"),
    "KLReportingFFBCarePlan": ("CarePlan", "kl-reporting-ffb-carePlan"),
    "KLReportingFFBIntervention": ("CarePlan", "kl-reporting-ffb-intervention"),
    "KLReportingFFBFollowUpEncounter": ("Encounter", "kl-reporting-ffb-followUpEncounter"),
}
# Elements that are arrays in FHIR R4 (by resource type and path without indexes).
LIST_PATHS = {
    "Bundle.entry",
    "Patient.identifier",
    "Goal.category",
    "Goal.target",
    "Goal.addresses",
    "CarePlan.basedOn",
    "CarePlan.careTeam",
    "CarePlan.addresses",
    "CarePlan.activity",
    "CarePlan.activity.outcomeReference",
    "CarePlan.goal",
    "CareTeam.category",
    "Encounter.type",
    "Observation.focus",
    "ClinicalImpression.finding",
    "ClinicalImpression.investigation",
    "ClinicalImpression.investigation.item",
}
CODE_ELEMENTS = {"status", "intent", "lifecycleStatus", "use", "type"}  # FHIR `code` datatype
CODING_ELEMENTS = {"coding", "class"}


def strip_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif not quoted and line.startswith("//", i) and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def read_aliases(text: str) -> dict:
    return dict(re.findall(r"^Alias:\s*(\$\S+)\s*=\s*(\S+)", text, re.M))


def read_blocks(text: str, keyword: str):
    """(header, [rule lines]) for each `keyword:` block."""
    blocks, current = [], None
    for raw in text.splitlines():
        line = strip_comment(raw)
        if not line.strip():
            continue
        match = re.match(r"^(\w+):\s*(.*)$", line)
        if match and not line.startswith(" "):
            if match.group(1) == keyword:
                current = {"name": match.group(2).strip(), "rules": []}
                blocks.append(current)
            elif current is not None and match.group(1) in ("InstanceOf", "Usage", "Title", "Description"):
                current[match.group(1)] = match.group(2).strip().strip('"')
            elif match.group(1) not in ("InstanceOf", "Usage", "Title", "Description"):
                current = None
            continue
        if current is not None and line.lstrip().startswith("*"):
            current["rules"].append(line)
    return blocks


def expand(rules, rulesets):
    """Replace `* insert Name(args)` by the rule set's rules with the arguments filled in; resolve
    indentation into full paths."""
    out, stack = [], []
    for line in rules:
        indent = len(line) - len(line.lstrip())
        body = line.strip()[1:].strip()
        insert = re.match(r"insert\s+(\w+)\((.*)\)$", body)
        if insert:
            name, args = insert.group(1), [a.strip() for a in insert.group(2).split(",")]
            params, lines = rulesets[name]
            values = dict(zip(params, args, strict=True))
            for rule in lines:
                filled = re.sub(r"\{(\w+)\}", lambda m, values=values: values[m.group(1)], rule)
                out.extend(expand([filled], rulesets))
            continue
        level = indent // 2
        stack = stack[:level]
        assignment = re.match(r"^(\S+)\s+=\s+(.+)$", body)
        if assignment:
            path, value = assignment.group(1), assignment.group(2)
        else:
            path, value = body, None
        stack.append(path)
        if value is not None:
            out.append((".".join(stack), value))
    return out


def split_path(path: str):
    """'a[+].b[x].c' -> [('a', '+'), ('b', 'x'), ('c', None)] (dots inside brackets kept)."""
    parts, buf, depth = [], "", 0
    for ch in path:
        if ch == "." and depth == 0:
            parts.append(buf)
            buf = ""
            continue
        depth += ch == "["
        depth -= ch == "]"
        buf += ch
    parts.append(buf)
    out = []
    for part in parts:
        match = re.match(r"^([^\[]+)(?:\[(.+)\])?$", part)
        out.append((match.group(1), match.group(2)))
    return out


class Builder:
    def __init__(self, aliases, instances):
        self.aliases, self.instances = aliases, instances

    def value(self, raw: str, element: str):
        raw = raw.strip()
        code = re.match(r'^(\$?[\w.:/-]*)#([\w.-]+)(?:\s+"(.*)")?$', raw)
        if code:
            system = self.aliases.get(code.group(1), code.group(1)) or None
            coding = {"system": system, "code": code.group(2)}
            if code.group(3):
                coding["display"] = code.group(3)
            coding = {k: v for k, v in coding.items() if v}
            if element in CODE_ELEMENTS:
                return coding["code"]
            if element in CODING_ELEMENTS:
                return coding
            return {"coding": [coding]}
        ref = re.match(r"^Reference\((.+)\)$", raw)
        if ref:
            name = ref.group(1).strip()
            instance = self.instances.get(name)
            if instance is None:
                return {"reference": name}
            return {"reference": f"{instance['type']}/{instance['id']}"}
        if raw.startswith('"'):
            return json.loads(raw)
        if re.fullmatch(r"\d+", raw):
            return int(raw)
        if raw in ("true", "false"):
            return raw == "true"
        if raw in self.instances:
            return self.build(raw)
        return raw  # dates and date-times

    def build(self, name: str) -> dict:
        instance = self.instances[name]
        resource = {"resourceType": instance["type"]}
        resource["id"] = instance["id"]
        resource["meta"] = {"profile": [IG + instance["profile"]]}
        counters: dict = {}
        for path, raw in instance["rules"]:
            if path == "id":
                continue
            self.assign(resource, instance["type"], split_path(path), raw, counters)
        return resource

    def assign(self, node, rtype, parts, raw, counters):
        trail = rtype
        key_path = ""
        for i, (name, index) in enumerate(parts):
            last = i == len(parts) - 1
            trail = f"{trail}.{name}"
            key_path = f"{key_path}.{name}[{index}]" if index else f"{key_path}.{name}"
            is_list = name in ("extension", "coding") or trail in LIST_PATHS
            if name == "extension" and index:
                url = EXTENSIONS[index]
                items = node.setdefault("extension", [])
                found = next((e for e in items if e["url"] == url), None)
                if found is None:
                    found = {"url": url}
                    items.append(found)
                node = found
                continue
            if is_list:
                items = node.setdefault(name, [])
                position = self.position(items, index, key_path, counters)
                if last:
                    value = self.value(raw, name)
                    if position < len(items) and isinstance(items[position], dict) and isinstance(value, dict):
                        items[position].update(value)
                    elif position < len(items):
                        items[position] = value
                    else:
                        items.append(value)
                    return
                while len(items) <= position:
                    items.append({})
                node = items[position]
                continue
            if last:
                value = self.value(raw, name)
                if isinstance(value, dict) and isinstance(node.get(name), dict):
                    node[name].update(value)
                else:
                    node[name] = value
                return
            node = node.setdefault(name, {})

    @staticmethod
    def position(items, index, key_path, counters):
        base = key_path.rsplit("[", 1)[0] if index else key_path
        if index in (None, "0"):
            return 0
        if index == "+":
            counters[base] = len(items)
            return len(items)
        if index == "=":
            return counters.get(base, max(len(items) - 1, 0))
        if index.isdigit():
            return int(index)
        slices = counters.setdefault(f"{base}#slices", [])  # a named slice: one element per name
        if index not in slices:
            slices.append(index)
        return slices.index(index)


def load_rulesets(text: str) -> dict:
    rulesets = {}
    for block in read_blocks(text, "RuleSet"):
        match = re.match(r"(\w+)\((.*)\)", block["name"])
        params = [p.strip() for p in match.group(2).split(",")]
        rulesets[match.group(1)] = (params, block["rules"])
    return rulesets


def main() -> int:
    aliases = read_aliases((FSH / "KLReportingFFBAliases.fsh").read_text(encoding="utf-8"))
    rulesets = load_rulesets((FSH / "RuleSets.fsh").read_text(encoding="utf-8"))
    instances = {}
    for block in read_blocks((FSH / "KLReportingFFBExample.fsh").read_text(encoding="utf-8"), "Instance"):
        rtype, profile = PROFILES[block["InstanceOf"]]
        rules = expand(block["rules"], rulesets)
        real_id = next((json.loads(v) for p, v in rules if p == "id"), block["name"])
        instances[block["name"]] = {
            "type": rtype,
            "profile": profile,
            "id": real_id,
            "rules": rules,
            "title": block.get("Title", ""),
        }
    builder = Builder(aliases, instances)
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, instance in instances.items():
        if instance["type"] != "Bundle":
            continue
        bundle = builder.build(name)
        number = instance["title"].split()[0]  # "2nd encounter" -> "2nd"
        path = OUT / f"{number}-encounter-{name}.json"
        path.write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path.name)
    print("\n".join(sorted(written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
