"""The municipality's proposal template (indstilling): Til, Fra, Dato, sections 1–7, sagsnummer, sagsbehandler."""

import re

from .common import paragraphs, parse_date

SECTIONS = [
    ("resume", r"1\.\s*Resum[eé]"),
    ("decision_points", r"2\.\s*Beslutningspunkter"),
    ("why", r"3\.\s*Hvorfor fremsendes indstillingen\??"),
    ("value", r"4\.\s*Hvilken værdi skabes for borgere og samfund\??"),
    ("what_who_how", r"5\.\s*Hvad,? hvem og hvordan\??"),
    ("resources", r"6\.\s*Hvilke ressourcer kræves\??"),
    ("follow_up", r"7\.\s*Hvordan følges der op\??"),
]
_SECTION_RE = [(key, re.compile(rf"^{pattern}\s*$", re.IGNORECASE)) for key, pattern in SECTIONS]
_END = re.compile(r"^(/|\[Underskrift.*|Bilag|Tidligere beslutninger|Sagsnummer:.*|Sagsbehandler:.*)$", re.IGNORECASE)
_POINT = re.compile(r"^(?:-\s*)?At\s+(\d+)\)\s*(.+)$", re.IGNORECASE)
_ATTACHMENT = re.compile(r"^Bilag\s+(\d+)\s*:\s*(.+)$")


def section_of(line: str) -> str | None:
    for key, regex in _SECTION_RE:
        if regex.match(line):
            return key
    return None


def parse_proposal(lines: list[str]) -> tuple[dict | None, list[str], list[str]]:
    """Find the first proposal in an item's lines; return it, the lines before it and those after it."""
    start = next((i for i, line in enumerate(lines) if line == "Indstilling"), None)
    if start is None:  # a proposal whose first page was lost: begin at its first numbered section
        start = next((i - 1 for i, line in enumerate(lines) if section_of(line)), None)
        if start is None:
            return None, lines, []
    proposal: dict = {"to": "", "from": "", "date": None, "title": "", "case_number": "", "case_officer": ""}
    proposal.update({key: "" for key, _ in SECTIONS})
    proposal["decision_points"] = []
    proposal["attachments"] = []
    current: str | None = None
    buffer: dict[str, list[str]] = {key: [] for key, _ in SECTIONS}
    end = len(lines)
    header_done = False
    for i in range(start + 1, len(lines)):
        line = lines[i]
        key = section_of(line)
        if key:
            current, header_done = key, True
            continue
        if not header_done:
            for field, label in (("to", "Til"), ("from", "Fra"), ("date", "Dato")):
                m = re.match(rf"^{label}\b[:\t ]*(.*)$", line)
                if m and not proposal[field]:
                    proposal[field] = m.group(1).strip()
                    break
            else:
                if line and not proposal["title"] and proposal["from"]:
                    proposal["title"] = line
            continue
        if _END.match(line):
            if line == "/" and current == "follow_up":  # drop the signature line(s) above the "/"
                while buffer["follow_up"] and buffer["follow_up"][-1] == "":
                    buffer["follow_up"].pop()
                while buffer["follow_up"] and buffer["follow_up"][-1] != "":
                    buffer["follow_up"].pop()
            current = None
        m = re.match(r"^Sagsnummer:\s*(.*)$", line)
        if m:
            proposal["case_number"] = m.group(1).strip()
        m = re.match(r"^Sagsbehandler:\s*(.*)$", line)
        if m:
            proposal["case_officer"] = m.group(1).strip()
            end = i + 1
            while end < len(lines) and (not lines[end] or re.match(r"^(Tlf|E-post|Telefon|Lix)[.:]", lines[end])):
                end += 1
            break
        m = _ATTACHMENT.match(line)
        if m and current is None and m.group(2) not in proposal["attachments"]:
            proposal["attachments"].append(m.group(2).strip())
        if current:
            buffer[current].append(line)
        if current is None and not proposal["case_officer"]:
            end = i + 1
    for key, lines_ in buffer.items():
        if key != "decision_points":
            proposal[key] = paragraphs(lines_)
    proposal["decision_points"] = _decision_points(buffer["decision_points"])
    parsed = parse_date(proposal["date"] or "")
    proposal["date"] = parsed.isoformat() if parsed else None
    return proposal, lines[: max(start, 0)], lines[end:]


def _decision_points(lines: list[str]) -> list[dict]:
    points: list[dict] = []
    for line in lines:
        m = _POINT.match(line)
        if m:
            points.append({"number": int(m.group(1)), "text": m.group(2).strip()})
        elif points and line and not line.startswith("Det indstilles"):
            points[-1]["text"] += " " + line
    return points
