"""Minutes parsers: text → plain data, no database.

``parse_minutes(text)`` picks the best format from ``FORMATS`` and returns
``{"format", "meetings": [{"date", "time", "place", "minute_taker", "body", "title", "items": [...]}],
"unrecognised": [...], "personal_data": [...]}``.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from sporbar.governance import decisions

from .attachments import split_attachments
from .common import clean_lines, norm, paragraphs, parse_date, similarity
from .personal import find_personal_data
from .proposal import parse_proposal

CATEGORIES = {"godkend": "godkendelse", "drøft": "droeftelse", "orienter": "orientering", "efterretning": "orientering"}


def category_of(text: str) -> str:
    low = text.lower()
    return next((value for word, value in CATEGORIES.items() if word in low), "")


def _item(number: int, title: str, category: str = "") -> dict:
    return {"number": number, "title": title, "category": category, "decision": "", "text": "", "lines": []}


def _finish_item(item: dict, reference: str | None = None) -> dict:
    """The item's proposal, attachments, decision outcomes per point and the follow-ups the papers name."""
    proposal, before, after = parse_proposal(item.pop("lines"))
    item["proposal"] = proposal
    item["text"] = paragraphs(before)
    if item["text"] == ".":
        item["text"] = ""
    item["attachments"] = split_attachments((proposal or {}).get("attachments", []), after)
    item["decision"] = "\n".join(x for x in item["decision"].split("\n") if x.strip())  # PDFs keep no blank lines
    return add_decision_facts(item, reference)


def add_decision_facts(item: dict, reference: str | None = None) -> dict:
    """Each decision point's outcome (its own "1) Godkendt", or the whole decision's) and the item's follow-ups."""
    proposal = item.get("proposal")
    if proposal:
        outcomes = decisions.outcomes_for_points(item["decision"], [p["number"] for p in proposal["decision_points"]])
        for point in proposal["decision_points"]:
            point["outcome"] = outcomes[point["number"]]
    on = date.fromisoformat(reference) if reference else None
    found = decisions.follow_ups_named(
        item["decision"], (proposal or {}).get("follow_up", ""), (proposal or {}).get("from", ""), on
    )
    item["follow_ups"] = [
        {"owner": f["owner"], "text": f["text"], "due": f["due"].isoformat() if f["due"] else None,
         "source": f["source"], "point": f["point"], "cadence_days": f["cadence_days"]}
        for f in found
    ]  # fmt: skip
    return item


class MinutesFormat:
    key = ""
    label = ""

    def detect(self, text: str) -> float:
        raise NotImplementedError

    def parse(self, text: str) -> dict:
        raise NotImplementedError


# --- Aarhus: the rådmand's meeting system ("Punkt N: Titel", "Beslutning for Punkt N: Titel") -------------

_HEADER = re.compile(r"^(?P<title>.+?)\s*\((?P<body>[^()]+)\)$")
_DATETIME = re.compile(r"^(\d{2}-\d{2}-\d{4})(?:\s+(\d{1,2}[:.]\d{2})(?:\s*-\s*(\d{1,2}[:.]\d{2}))?)?$")
_ITEM = re.compile(r"^Punkt (\d+):\s*(.+?)(?:\t\s*\d+)?$")
_DECISION = re.compile(r"^Beslutning for Punkt (\d+):\s*(.+?)(?:\t\s*\d+)?$")
# Contents lines end in a page number (after a tab in text; after a space in text taken from a PDF).
_TOC_LINE = re.compile(r"^(?:Beslutning for )?Punkt \d+:.*\s\d{1,3}$|^Referat\s+\d{1,3}$")
_TOC_ITEM = re.compile(r"^Punkt (\d+):\s*(.+?)\s+\d{1,3}$")
# Where a decision's text ends even without blank lines (PDF text has none): the proposal or an appendix begins.
_DECISION_END = re.compile(r"^(Indstilling|Notat|Emne:.*|Bilag\b.*)$")
MATCH = 0.72


@dataclass
class _Meeting:
    title: str = ""
    body: str = ""
    date: str | None = None
    time: str = ""
    place: str = ""
    minute_taker: str = ""
    toc: list = field(default_factory=list)  # items (dicts) in agenda order
    has_toc: bool = False
    referat_in_toc: bool = False


class AarhusRaadmand(MinutesFormat):
    key = "aarhus-raadmand"
    label = "Aarhus Kommune, rådmandsmøder (Punkt N / Beslutning for Punkt N)"

    def detect(self, text: str) -> float:
        items = len(re.findall(r"^\**Punkt \d+:", text, re.M))
        decisions = len(re.findall(r"^\**Beslutning for Punkt \d+:", text, re.M))
        return min(1.0, 0.1 * items + 0.1 * decisions)

    def parse(self, text: str) -> dict:
        lines = clean_lines(text)
        meetings: list[_Meeting] = []
        unrecognised: list[dict] = []
        current: _Meeting | None = None
        body_zone = False
        target: list[str] | None = None  # where the next text lines go
        target_kind = ""
        context: _Meeting | None = None  # meeting of the last item seen in the body zone
        orphan: list[tuple[int, str]] = []
        default_body = ""
        in_referat: _Meeting | None = None
        blank_run = 0
        seen: set[int] = set()
        i = 0

        def new_meeting() -> _Meeting:
            meeting = _Meeting(body=default_body)
            meetings.append(meeting)
            return meeting

        def find(number: int, title: str, prefer: _Meeting | None, only: _Meeting | None = None):
            best, best_score = None, 0.0
            for meeting in [only] if only else meetings:
                for item in meeting.toc:
                    score = similarity(title, item["title"])
                    if score < MATCH:
                        continue
                    score += 0.05 * (item["number"] == number) + 0.1 * (meeting is prefer)
                    score -= 0.1 * bool(item["lines"] or item["decision"]) * (meeting is not prefer)
                    if score > best_score:
                        best, best_score = (meeting, item), score
            return best

        while i < len(lines):
            line = lines[i]
            number = i + 1
            i += 1
            if not line:
                blank_run += 1
                if target is not None and not (target_kind == "decision" and blank_run >= 3):
                    target.append("")
                elif target_kind == "decision" and target is not None:
                    target, target_kind = target.item["lines"], "item"
                continue
            blank_run = 0
            header = _HEADER.match(line)
            if header and i < len(lines) and _DATETIME.match(next((x for x in lines[i : i + 3] if x), "")):
                current = new_meeting()
                default_body = default_body or header.group("body").strip()
                current.title, current.body = header.group("title").strip(), header.group("body").strip()
                rest = [x for x in lines[i : i + 8] if x]
                dt = _DATETIME.match(rest[0])
                parsed = parse_date(dt.group(1))
                current.date = parsed.isoformat() if parsed else None
                current.time = dt.group(2) or ""
                consumed = 1
                if len(rest) > 1 and not rest[1].startswith(("Information", "Indhold")):
                    current.place, consumed = rest[1], 2
                if len(rest) > consumed and rest[consumed].startswith("Information"):
                    info = rest[consumed].split(":", 1)[-1].strip()
                    current.minute_taker = re.sub(r"\s*tager referat\.?$", "", info)
                    consumed += 1
                skip = 0
                while consumed:
                    if lines[i + skip]:
                        consumed -= 1
                    skip += 1
                i += skip
                target = None
                continue
            if line == "Indhold" and _TOC_LINE.match(
                next((x for x in lines[i : i + 4] if x.startswith(("Punkt", "Beslut"))), "") or ""
            ):
                if current is None or current.has_toc or (current.toc and not body_zone):
                    current = new_meeting()
                current.has_toc = True
                category = ""
                while i < len(lines) and (not lines[i] or lines[i].startswith("Kategori") or _TOC_LINE.match(lines[i])):
                    entry = lines[i]
                    i += 1
                    if entry.startswith("Kategori"):
                        category = category_of(entry)
                    elif entry.startswith("Referat"):
                        current.referat_in_toc = True
                    elif (m := _TOC_ITEM.match(entry)) and not any(
                        x["number"] == int(m.group(1)) and similarity(x["title"], m.group(2)) > 0.9 for x in current.toc
                    ):
                        current.toc.append(_item(int(m.group(1)), m.group(2).strip(), category))
                target = None
                continue
            if line == "Referat" and any(m.referat_in_toc for m in meetings):
                in_referat = next(m for m in meetings if m.referat_in_toc)
                target = None
                continue
            if target_kind == "decision" and target is not None and _DECISION_END.match(line):
                target, target_kind = target.item["lines"], "item"
            m_item, m_dec = _ITEM.match(line), _DECISION.match(line)
            if m_item or m_dec:
                m = m_item or m_dec
                num, title = int(m.group(1)), m.group(2).strip()
                found = None
                if in_referat:
                    found = find(num, title, in_referat, only=in_referat)
                    if found:
                        found[1]["decision"] = ""
                        target, target_kind = _DecisionSink(found[1]), "referat"
                        continue
                if not body_zone and current is not None:
                    if current.has_toc:
                        found = find(num, title, current, only=current)
                        if m_item and num == 1 and (found is None or id(found[1]) in seen):
                            current, found = new_meeting(), None
                    if not current.has_toc:
                        if m_item and num == 1 and any(x["number"] == 1 for x in current.toc):
                            current = new_meeting()
                        existing = next((x for x in current.toc if x["number"] == num), None)
                        if existing is None and m_item:
                            existing = _item(num, title)
                            current.toc.append(existing)
                        found = (current, existing) if existing else None
                elif current is None:
                    current = new_meeting()
                    existing = _item(num, title)
                    current.toc.append(existing)
                    found = (current, existing)
                if found is None:
                    body_zone = True
                    found = find(num, title, context)
                if found is None:
                    unrecognised.append({"line": number, "text": line})
                    target, target_kind = None, ""
                    continue
                context = found[0] if body_zone else context
                item = found[1]
                seen.add(id(item))
                if m_dec:
                    item["decision"] = ""
                    target, target_kind = _DecisionSink(item), "decision"
                else:
                    target, target_kind = item["lines"], "item"
                continue
            if (
                not body_zone
                and current is not None
                and len(line.split()) >= 5
                and (not current.has_toc or target is None)
            ):
                # Items 1–2 of each meeting (all items of a meeting without contents) carry only "." or a
                # one-word decision in the header part; real text means the bodies of later items begin.
                body_zone, target, target_kind = True, None, ""
            if target is None:
                if body_zone or current is None:
                    orphan.append((number, line))
                    if not body_zone:
                        unrecognised.append({"line": number, "text": line[:200]})
                continue
            target.append(line)

        # Orphan text in the body zone whose heading was lost: give it to the item whose title it names.
        self._place_orphans(orphan, meetings, unrecognised)
        result = {
            "format": self.key,
            "meetings": [
                {
                    "date": mt.date,
                    "time": mt.time,
                    "place": mt.place,
                    "minute_taker": mt.minute_taker,
                    "body": mt.body or default_body,
                    "title": mt.title or default_body,
                    "items": [_finish_item(item, mt.date) for item in mt.toc],
                }
                for mt in meetings
            ],
            "unrecognised": unrecognised,
        }
        return result

    @staticmethod
    def _place_orphans(orphan, meetings, unrecognised) -> None:
        if not orphan:
            return
        text = norm(" ".join(line for _, line in orphan))
        for meeting in meetings:
            for item in meeting.toc:
                if not item["lines"] and len(item["title"]) > 20 and norm(item["title"]) in text:
                    item["lines"] = [line for _, line in orphan]
                    return
        unrecognised.extend({"line": n, "text": line[:200]} for n, line in orphan[:1])


class _DecisionSink(list):
    """Collects decision lines straight into an item's ``decision``."""

    def __init__(self, item: dict):
        super().__init__()
        self.item = item

    def append(self, line: str) -> None:
        self.item["decision"] = (self.item["decision"] + "\n" + line) if self.item["decision"] else line


# --- Other Danish meeting systems: "N. Titel" / "Titel\nSag nr. N" items with a "Beslutning" section -----------

_SECTION_HEADS = (
    "Resume", "Resumé", "Sagsfremstilling", "Indstilling", "Bilag", "Sagens kerne", "Beslutningskompetence",
    "Beslutningstema", "Økonomi", "Økonomiske konsekvenser", "Fraværende", "Til toppen", "Lovgrundlag",
    "Historik", "Inddragelse og høring", "Sagsforløb", "Kommunikation", "Tidsplan",
)  # fmt: skip
_GENERIC_DECISION = re.compile(
    r"^Beslutning(?:\s+i\s+(?P<body>.+?)\s+den\s+(?P<date>[\d\-./]+|\d{1,2}\.? \w+ \d{4}))?\s*:?\s*(?P<rest>.*)$"
)
_NUMBERED = re.compile(r"^(?:[•·\-]\s*)?(\d{1,3})\.?\s+([A-ZÆØÅ0-9].{2,150})$")
_SAG_NR = re.compile(r"^Sag (?:nr\.\s*)?(\d{1,4})\b")


class DanishCaseList(MinutesFormat):
    key = "dk-sagsliste"
    label = "Andre kommuners mødesystemer (N. Titel / Sag nr. N, afsnit Beslutning)"

    def detect(self, text: str) -> float:
        decisions = len(re.findall(r"^\s*(?:[•·]\s*)?Beslutning\b", text, re.M))
        cases = len(re.findall(r"^\s*Sag nr\. \d+", text, re.M)) + len(
            re.findall(r"^\s*\d{1,3}\.? [A-ZÆØÅ]", text, re.M)
        )
        return min(0.9, 0.1 * decisions + 0.03 * cases) if decisions else 0.0

    def parse(self, text: str) -> dict:
        lines = [re.sub(r"^[•·]\s*", "", x) for x in clean_lines(text)]
        use_sag_nr = any(_SAG_NR.match(x) for x in lines)
        head = [x for x in lines[:15] if x]
        first_date = next((d for x in head if (d := parse_date(x))), None)
        body = next(
            (re.split(r"\s+-\s+|\s+\d", x)[0] for x in head if re.search(r"udvalg|byråd|kommunalbestyrelse", x, re.I)),
            "",
        )
        meeting = {"date": first_date.isoformat() if first_date else None, "time": "", "place": "", "minute_taker": "",
                   "body": body.strip(), "title": (head[0] if head else "")[:300], "items": []}  # fmt: skip
        items = meeting["items"]
        unrecognised: list[dict] = []
        section = ""
        item = None
        for index, line in enumerate(lines):
            if not line:
                if item is not None:
                    item["_parts"][section].append("")
                continue
            new = None
            if use_sag_nr:
                m = _SAG_NR.match(line)
                if m:
                    title = next((x for x in reversed(lines[max(0, index - 3) : index]) if x), "")
                    if item is not None and item["_parts"][section] and item["_parts"][section][-1] == title:
                        item["_parts"][section].pop()
                    new = (int(m.group(1)), title)
            else:
                m = _NUMBERED.match(line)
                if (
                    m
                    and not line.rstrip().endswith((".", ",", ":"))
                    and (item is None or int(m.group(1)) > item["number"])
                ):
                    new = (int(m.group(1)), m.group(2).strip())
            if new:
                item = {"number": new[0], "title": new[1], "category": "", "decision": "", "_parts": {"": []}}
                items.append(item)
                section = ""
                continue
            if item is None:
                continue
            m = _GENERIC_DECISION.match(line)
            if m and (m.group("body") or line.rstrip(":") == "Beslutning" or line.startswith("Beslutning:")):
                section = "decision"
                if m.group("body") and not meeting["body"]:
                    meeting["body"] = m.group("body")
                item["_parts"].setdefault(section, [])
                if m.group("rest"):
                    item["_parts"][section].append(m.group("rest"))
                continue
            if line.rstrip(":") in _SECTION_HEADS:
                section = line.rstrip(":")
                item["_parts"].setdefault(section, [])
                continue
            item["_parts"][section].append(line)
        for item in items:
            parts = item.pop("_parts")
            item["decision"] = "\n".join(x for x in parts.pop("decision", []) if x.strip())
            recommendation = paragraphs(parts.get("Indstilling", []))
            item["category"] = category_of(recommendation) if recommendation else ""
            item["text"] = "\n\n".join(
                f"{k}\n{paragraphs(v)}" if k else paragraphs(v) for k, v in parts.items() if paragraphs(v)
            )
            item["attachments"] = [
                {"title": x, "text": ""}
                for x in re.findall(r"^Bilag \d+: (.+)$", paragraphs(parts.get("Bilag", [])), re.M)
            ]
            item["proposal"] = None
            add_decision_facts(item, meeting["date"])
        if not items:
            unrecognised.append({"line": 1, "text": "Ingen dagsordenspunkter fundet"})
        return {"format": self.key, "meetings": [meeting] if items else [], "unrecognised": unrecognised}


FORMATS: list[MinutesFormat] = [AarhusRaadmand(), DanishCaseList()]


def detect_format(text: str) -> MinutesFormat | None:
    scored = max(((fmt.detect(text), i, fmt) for i, fmt in enumerate(FORMATS)), key=lambda x: (x[0], -x[1]))
    return scored[2] if scored[0] > 0 else None


def parse_minutes(text: str) -> dict:
    """Parse minutes in any known format. Raises ValueError (Danish message) if no format fits."""
    if not text.strip():
        raise ValueError("Filen er tom.")
    fmt = detect_format(text)
    if fmt is None:
        raise ValueError("Teksten ligner ikke et referat i et kendt format (ingen dagsordenspunkter fundet).")
    result = fmt.parse(text)
    result["personal_data"] = find_personal_data(text)
    return result
