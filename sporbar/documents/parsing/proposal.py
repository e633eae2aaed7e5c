"""The municipality's proposal template (indstilling): Til, Fra, Dato, title, numbered sections, Bilag, letterhead.

Sections are recognised by their headings, whatever their number or count: the common template has seven
("1. Resume" … "7. Hvordan følges der op?"), others eight ("5. Hvad igangsættes?", "6. Hvem gør det og
hvordan?", …). Each section lands in the template field its heading names. The letterhead (unit, "Tlf.",
"E-post", "Antal tegn", "Sagsbehandler") and signatures are dropped; an inline "BILAG 1: …" ends the proposal.
"""

import re

from .common import paragraphs, parse_date

# Heading words → template field, first match wins; anything else is "what, who and how".
FIELD_RULES = [
    ("resume", r"^resum[eé]"),
    ("decision_points", r"^beslutningspunkt|^indstilling"),
    ("why", r"^hvorfor"),
    ("value", r"værdi"),
    ("resources", r"ressourc"),
    ("follow_up", r"følge[sr]?\s+(?:der\s+)?op|opfølgning"),
]
_FIELD_RE = [(field, re.compile(pattern, re.IGNORECASE)) for field, pattern in FIELD_RULES]
FIELDS = ["resume", "decision_points", "why", "value", "what_who_how", "resources", "follow_up"]
# The headings the template uses; the first section of a proposal whose first page was lost must be one.
TEMPLATE_HEADINGS = re.compile(
    r"^(resum[eé]|beslutningspunkter|hvorfor fremsendes|hvilken værdi|hvad,? hvem og hvordan|hvad igangsættes"
    r"|hvem gør det|hvilke ressourcer|hvordan følges|hvad er den videre proces)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(\d{1,2})\.\s*(\S.{0,150}?)\s*$")
_CLOSE = re.compile(r"^(/|\[Underskrift.*\]|Bilag:?|Tidligere beslutninger:?)$", re.IGNORECASE)
LETTERHEAD = re.compile(r"^(Tlf|Telefon|Direkte|E-post|E-mail|Antal tegn|Lix|Sagsnummer|Sagsbehandler)\b\.?\s*:?", re.I)
_LISTED_ATTACHMENT = re.compile(r"^(?:-\s*)?Bilag(?:\s+(\d+))?\s*:\s*(\S.*)$", re.IGNORECASE)
INLINE_ATTACHMENT = re.compile(r"^BILAG\s+\d+\s*:\s*(?P<title>[^*]+?)\s*(?:\*(?P<rest>.+?)\*?)?$")
_POINT = re.compile(r"^(?:-\s*)?At\s+(\d+)\)\s*(.+)$", re.IGNORECASE)


def field_for(heading: str) -> str:
    return next((field for field, regex in _FIELD_RE if regex.search(heading)), "what_who_how")


def section_heading(line: str, expected: int | None) -> tuple[int, str] | None:
    """(number, heading) when the line opens the next section: "4. Hvilken værdi skabes …?"."""
    m = _HEADING.match(line)
    if not m:
        return None
    number, heading = int(m.group(1)), m.group(2)
    if expected is None:
        return (number, heading) if TEMPLATE_HEADINGS.match(heading) else None
    if number != expected:
        return None
    return (number, heading) if heading.endswith("?") or TEMPLATE_HEADINGS.match(heading) else None


def _is_unit_line(line: str) -> bool:
    """A short line without a sentence's punctuation: the unit name of a letterhead ("Mål, Økonomi og Boliger")."""
    return bool(line) and len(line) <= 60 and "\t" not in line and not re.search(r"[.:;!?]$", line)


def _before_letterhead(lines: list[str], i: int) -> bool:
    """The next line with text after line i is a letterhead field ("Tlf.: …", "Antal tegn: …")."""
    return bool(LETTERHEAD.match(next((x for x in lines[i + 1 :] if x), "")))


def find_start(lines: list[str]) -> int | None:
    """Index of the "Indstilling" line, or the line before the first section of a proposal missing its first page."""
    start = next((i for i, line in enumerate(lines) if line == "Indstilling"), None)
    if start is None:
        start = next((i - 1 for i, line in enumerate(lines) if section_heading(line, None)), None)
    return start


def parse_proposal(lines: list[str]) -> tuple[dict | None, list[str], list[str]]:
    """Find the first proposal in an item's lines; return it, the lines before it and those after it (appendix)."""
    start = find_start(lines)
    if start is None:
        return None, lines, []
    proposal: dict = {"to": "", "from": "", "date": None, "title": "", "case_number": "", "case_officer": ""}
    proposal.update({key: "" for key in FIELDS})
    proposal.update({"decision_points": [], "sections": [], "attachments": []})
    sections: list[dict] = []  # {"number", "heading", "field", "lines"}
    current: dict | None = None
    expected: int | None = None
    header_done = False
    in_letterhead = False
    end = len(lines)
    i = start + 1
    while i < len(lines):
        line = lines[i]
        heading = section_heading(line, expected) if not in_letterhead else None
        if heading:
            current = {"number": heading[0], "heading": heading[1], "field": field_for(heading[1]), "lines": []}
            sections.append(current)
            expected, header_done = heading[0] + 1, True
        elif not header_done:
            _read_header(proposal, line)
        elif current is not None and INLINE_ATTACHMENT.match(line):
            end = i  # "BILAG 1: …" inside the last section: the attachment begins here
            proposal["attachments"].append(_title_case(INLINE_ATTACHMENT.match(line).group("title")))
            break
        elif LETTERHEAD.match(line) or (in_letterhead and _is_unit_line(line) and _before_letterhead(lines, i)):
            if current is not None:
                _drop_trailing_unit_line(current["lines"])
            current, in_letterhead = None, True
            _read_case_fields(proposal, line)
            end = i + 1
        elif in_letterhead and line:
            break  # the first line after the letterhead: the appendix begins
        elif _CLOSE.match(line):
            if line == "/" and current is not None:
                _drop_signature(current["lines"])
            current = None
            end = i + 1
        elif current is None:
            # After the sections: the list of attachments, earlier decisions, the letterhead's unit line.
            listed = _LISTED_ATTACHMENT.match(line)
            if listed and listed.group(2).strip() not in proposal["attachments"]:
                proposal["attachments"].append(listed.group(2).strip())
            if _is_unit_line(line) and _before_letterhead(lines, i):
                in_letterhead = True
            if listed or in_letterhead:
                end = i + 1
        else:
            current["lines"].append(line)
        i += 1
    if not sections:
        return None, lines, []
    _fill_fields(proposal, sections)
    parsed = parse_date(proposal["date"] or "")
    proposal["date"] = parsed.isoformat() if parsed else None
    return proposal, lines[: max(start, 0)], lines[end:]


def _read_header(proposal: dict, line: str) -> None:
    for field, label in (("to", "Til"), ("from", "Fra"), ("date", "Dato")):
        m = re.match(rf"^{label}\b[:\t ]*(.*)$", line)
        if m and not proposal[field]:
            proposal[field] = m.group(1).strip()
            return
    if line and not proposal["title"] and proposal["from"]:
        proposal["title"] = line


def _read_case_fields(proposal: dict, line: str) -> None:
    for field, label in (("case_number", "Sagsnummer"), ("case_officer", "Sagsbehandler")):
        m = re.match(rf"^{label}:\s*(.*)$", line)
        if m and not proposal[field]:
            proposal[field] = m.group(1).strip()


def _drop_trailing_unit_line(lines: list[str]) -> None:
    """A section running into the letterhead loses the letterhead's unit line ("Mål, Økonomi og Boliger")."""
    while lines and not lines[-1]:
        lines.pop()
    if lines and _is_unit_line(lines[-1]) and (len(lines) == 1 or not lines[-2] or lines[-2][-1] in ".!?"):
        lines.pop()


def _drop_signature(lines: list[str]) -> None:
    """The signature above the "/" (one paragraph: "Socialchef Lotte Henriksen") is no part of the section."""
    while lines and not lines[-1]:
        lines.pop()
    while lines and lines[-1]:
        lines.pop()


def _fill_fields(proposal: dict, sections: list[dict]) -> None:
    """Each section into its field; two sections naming one field ("Hvad igangsættes?", "Hvem gør det og
    hvordan?") are joined under their own headings."""
    by_field: dict[str, list[dict]] = {}
    for section in sections:
        text = paragraphs(section["lines"])
        text = "" if text.strip() in {"-", "–", "."} else text  # the template's mark for "nothing here"
        if section["field"] == "decision_points":
            proposal["decision_points"] += _decision_points(section["lines"])
        proposal["sections"].append(
            {"number": section["number"], "heading": section["heading"], "field": section["field"], "text": text}
        )
        by_field.setdefault(section["field"], []).append({**section, "text": text})
    for field, group in by_field.items():
        if field == "decision_points":
            continue
        if len(group) == 1:
            proposal[field] = group[0]["text"]
        else:
            proposal[field] = "\n\n".join(f"{s['heading']}\n{s['text']}".strip() for s in group)


def _decision_points(lines: list[str]) -> list[dict]:
    points: list[dict] = []
    for line in lines:
        m = _POINT.match(line)
        if m:
            points.append({"number": int(m.group(1)), "text": m.group(2).strip()})
        elif points and line and not line.startswith("Det indstilles"):
            points[-1]["text"] += " " + line
    return points


def _title_case(title: str) -> str:
    """ "EKSISTERENDE PRÆDIMITTEND-INDSATSER" → "Eksisterende prædimittend-indsatser"."""
    title = title.strip(" *:")
    return title[:1] + title[1:].lower() if title.isupper() else title
