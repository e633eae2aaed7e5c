"""Text helpers shared by the parsers: cleaning PDF/HTML/Markdown leftovers, fuzzy titles, Danish dates."""

import difflib
import re
import unicodedata
from datetime import date

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_PAGE = re.compile(r"^\s*Side \d+ af \d+\s*$")


def clean_line(line: str) -> str:
    """Strip HTML tags, Markdown emphasis/links/headings and surrounding whitespace from one line."""
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAG.sub(" ", line)
    line = _MD_LINK.sub(r"\1", line)
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = line.replace("**", "").replace("__", "")
    line = re.sub(r"(?<!\w)\*(\S[^*]*\S|\S)\*(?!\w)", r"\1", line)
    line = line.replace("\u00a0", " ")
    return re.sub(r"[ ]{2,}", " ", line).strip()


def clean_lines(text: str) -> list[str]:
    """Cleaned lines, with page footers ("<dato>\\nSide N af M") blanked and words split over pages joined."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    # A bold heading broken over two lines: "**Punkt 4: Udkast til\nRammeaftale**".
    for i in range(len(raw) - 1):
        if raw[i].startswith("**") and not raw[i].rstrip().endswith("**") and raw[i + 1].rstrip().endswith("**"):
            raw[i], raw[i + 1] = raw[i].rstrip() + " " + raw[i + 1].strip(), ""
    lines = [clean_line(x) for x in raw]
    for i, line in enumerate(lines):
        if _PAGE.match(line):
            lines[i] = ""
            if i and parse_date(lines[i - 1]) and len(lines[i - 1]) < 25:
                lines[i - 1] = ""
    # "Em- Social- og ...\nne:" → "Emne: Social- og ..."
    for i in range(len(lines) - 1):
        m = re.match(r"^(\w+)- (.+)$", lines[i])
        if m and re.fullmatch(r"\w+:?", lines[i + 1] or "-") and lines[i + 1][:1].islower():
            lines[i] = f"{m.group(1)}{lines[i + 1]} {m.group(2)}"
            lines[i + 1] = ""
    return lines


def norm(title: str) -> str:
    title = unicodedata.normalize("NFC", title).lower()
    title = re.sub(r"[^\wæøå]+", " ", title)
    return re.sub(r"\s+", " ", title).strip()


def similarity(a: str, b: str) -> float:
    """Misspelling-tolerant title similarity in [0, 1] (spaces ignored: "arbejds møde" = "arbejdsmøde")."""
    a, b = norm(a).replace(" ", ""), norm(b).replace(" ", "")
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def parse_date(text: str) -> date | None:
    """First date in the text: 16-01-2023, 16.01.2023 or "16. januar 2023"."""
    m = re.search(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b", text)
    if m:
        d, mo, y = (int(x) for x in m.groups())
    else:
        m = re.search(r"\b(\d{1,2})\.? (" + "|".join(MONTHS) + r") (\d{4})\b", text, re.IGNORECASE)
        if not m:
            return None
        d, mo, y = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def paragraphs(lines: list[str]) -> str:
    """Join lines into text: paragraphs separated by one blank line, no leading/trailing blanks."""
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip()
