"""The language of decisions, in one place: outcomes, numbered points, follow-up promises, due dates.

Pure functions over text, used by the pages and API (recording a decision) and by the import of
minutes alike. Outcomes are the values of ``DecisionPoint.Outcome``.
"""

import datetime
import re

APPROVED = "godkendt"
NOTED = "taget_til_efterretning"
REJECTED = "afvist"
POSTPONED = "udsat"
AMENDED = "godkendt_med_aendringer"
DISCUSSED = "droeftet"
PENDING = ""

_APPROVE = r"(?:godkend\w*|tiltr[æå]d\w*|vedta\w*|vedtog)"
# The first pattern that matches a decision's first sentence decides; every tense and form of the verb.
OUTCOME_PATTERNS = [
    (AMENDED, rf"\b{_APPROVE}\s+med\s+(?:ændring|bemærkning|justering|tilføjelse)"),
    (REJECTED, rf"\bikke\s+(?:\w+\s+)?{_APPROVE}|\b{_APPROVE}\s+ikke\b|\bafvis\w*|\bafvist\w*|\bforkast\w*"),
    (POSTPONED, r"\buds[æa]t\w*|\budskyd\w*|\budskud\w*"),
    (NOTED, r"\btil\s+efterretning\b"),
    (APPROVED, rf"\b{_APPROVE}\b"),
    (DISCUSSED, r"\bdrøft\w*"),
]
_OUTCOME_RE = [(outcome, re.compile(pattern, re.IGNORECASE)) for outcome, pattern in OUTCOME_PATTERNS]
# "At 1) …" anywhere; "1) …" or "- 1) …" at the start of a line or after a sentence (not "(bilag 1)").
POINT_START = re.compile(r"(?:(?:^|(?<=[.:;!?]))[ \t]*(?:-[ \t]*)?(?:At\s+)?|\bAt\s+)(\d{1,2})\)(?=\s|$)", re.M)
# Words whose period does not end a sentence ("d. 1. marts", "bl.a.", "jf. bilag 1").
ABBREVIATIONS = {"d", "bl.a", "f.eks", "fx", "jf", "ca", "evt", "mht", "nr", "pkt", "inkl", "mv", "kl", "ift", "vedr"}
_BREAK = re.compile(r"\n+|(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a text; a period after an abbreviation or a number does not end one."""
    text, found, start = text or "", [], 0
    for m in _BREAK.finditer(text):
        if m.group().strip(" \t") == "":  # a space after . ! or ?
            words = text[start : m.start()].split()
            word = words[-1].rstrip(".!?").lower() if words else ""
            following = text[m.end() : m.end() + 1]
            if word in ABBREVIATIONS or (word.isdigit() and len(word) <= 2) or following.islower():
                continue
        found.append(text[start : m.start()])
        start = m.end()
    found.append(text[start:])
    return [s.strip() for s in found if s.strip()]


def first_sentence(text: str) -> str:
    return next(iter(sentences(text)), "")


def outcome_of(text: str) -> str:
    """The outcome a decision's wording states, from its first sentence ("" when none)."""
    sentence = first_sentence(text)
    for outcome, regex in _OUTCOME_RE:
        if regex.search(sentence):
            return outcome
    return PENDING


def parse_numbered(text: str) -> list[tuple[int, str]]:
    """ "At 1) … At 2) …" or "1) Godkendt. 2) Taget til efterretning." → [(1, "…"), (2, "…")]."""
    text = text or ""
    starts = list(POINT_START.finditer(text))
    ends = [m.start() for m in starts[1:]] + [len(text)] if starts else []
    return [(int(m.group(1)), " ".join(text[m.end() : end].split())) for m, end in zip(starts, ends, strict=True)]


def parse_outcomes(text: str) -> dict[int, str]:
    """ "1) Godkendt. 2) Taget til efterretning." → {1: "godkendt", 2: "taget_til_efterretning"}."""
    return {number: outcome_of(rest) for number, rest in parse_numbered(text)}


def outcomes_for_points(decision: str, numbers: list[int]) -> dict[int, str]:
    """Each decision point's outcome: its own numbered answer, else the decision's overall outcome.

    "At 1) Rådmanden tager … til efterretning." answers point 1; "Indstillingen blev tiltrådt." answers all.
    """
    numbered = parse_outcomes(decision)
    overall = outcome_of(decision) if not numbered else PENDING
    return {number: numbered.get(number, overall) for number in numbers}


# ---------------------------------------------------------------- follow-up promises

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_NAMED_DATE = re.compile(r"\b(\d{1,2})\.?\s+(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?\b", re.IGNORECASE)
ORDINALS = {"": 1, "anden": 2, "andre": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "to": 2, "tre": 3}
CADENCE_RE = re.compile(r"hver\s+(anden|andre|tredje|fjerde|femte|sjette|\d\.|)\s*(uge|måned|kvartal)", re.IGNORECASE)
UNIT_DAYS = {"uge": 7, "måned": 30, "kvartal": 91}

# An owner is a run of capitalised words, joined by "og", "for", "i" or a comma ("Mål, Økonomi og Boliger").
_CAP = r"[A-ZÆØÅ][\wæøåÆØÅ\-]*"
_OWNER = rf"{_CAP}(?:(?:,?\s+(?:og|for|i)\s+|,\s+|\s+){_CAP})*"
_FOLLOWS = re.compile(rf"(?P<owner>{_OWNER})\s+følger\s+op\b")
_FOLLOWS_INVERTED = re.compile(rf"\bfølger\s+(?P<owner>{_OWNER})\s+op\b")
NOT_OWNERS = {"Der", "Det", "Vi", "Man", "De", "Han", "Hun", "Den", "Som", "Hvis", "Og"}


def parse_cadence(text: str) -> int | None:
    """ "status hver tredje uge" → 21, "hver måned" → 30, "hvert kvartal" → 91."""
    m = CADENCE_RE.search(text or "")
    if m:
        word = m.group(1).lower()
        factor = int(word[:-1]) if word[:-1].isdigit() else ORDINALS.get(word, 1)
        return factor * UNIT_DAYS[m.group(2).lower()]
    low = (text or "").lower()
    if "hvert kvartal" in low or "kvartalsvis" in low:
        return 91
    if "månedlig" in low:
        return 30
    if "ugentlig" in low:
        return 7
    return None


def parse_due_date(text: str, reference: datetime.date | None = None) -> datetime.date | None:
    """The first date stated: "15-01-2027", "d. 23. januar 2023", or "1. marts" (the first after `reference`)."""
    text = text or ""
    found = []
    if m := _NUMERIC_DATE.search(text):
        found.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _NAMED_DATE.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        if year is None and reference is None:
            continue
        found.append((m.start(), year, MONTHS[m.group(2).lower()], int(m.group(1))))
        break
    for _start, year, month, day in sorted(found):
        try:
            if year is not None:
                return datetime.date(year, month, day)
            due = datetime.date(reference.year, month, day)
            return due if due >= reference else datetime.date(reference.year + 1, month, day)
        except ValueError:
            continue
    return None


def follow_up_owner(sentence: str) -> str:
    """Who a sentence says follows up: "Lotte følger op …", "… følger Job og Virksomhedsservice op …"."""
    for regex in (_FOLLOWS, _FOLLOWS_INVERTED):
        for m in regex.finditer(sentence):
            owner = m.group("owner").strip(" ,")
            if owner not in NOT_OWNERS:
                return owner
    return ""


def follow_up_promises(text: str, reference: datetime.date | None = None) -> list[dict]:
    """Every "X følger op …" sentence of a decision: [{owner, text, due, cadence_days, point}].

    ``point`` is the number of the decision point ("At 1) …") the sentence stands under, or None.
    """
    found = []
    parts = parse_numbered(text) or [(None, text or "")]
    for point, part in parts:
        for sentence in sentences(part):
            owner = follow_up_owner(sentence)
            if owner:
                found.append(
                    {
                        "owner": owner,
                        "text": sentence,
                        "due": parse_due_date(sentence, reference),
                        "cadence_days": parse_cadence(sentence),
                        "point": point,
                    }
                )
    return found


def section_follow_up(section: str, sender: str = "", reference: datetime.date | None = None) -> dict | None:
    """A proposal's "Hvordan følges der op?" as one follow-up: owner named in it, else the proposal's sender."""
    text = " ".join((section or "").split())
    if len(text.strip(" -–.")) < 3:
        return None
    owner = next((o for s in sentences(section) if (o := follow_up_owner(s))), "") or sender
    return {
        "owner": owner,
        "text": text,
        "due": parse_due_date(text, reference),
        "cadence_days": parse_cadence(text),
        "point": None,
    }


def follow_ups_named(
    decision: str, follow_up_section: str = "", sender: str = "", reference: datetime.date | None = None
) -> list[dict]:
    """The follow-ups the papers name for one agenda item: each "X følger op …" sentence of the decision
    (source "beslutning") and the proposal's "Hvordan følges der op?" (source "indstilling")."""
    found = [{**entry, "source": "beslutning"} for entry in follow_up_promises(decision, reference)]
    section = section_follow_up(follow_up_section, sender, reference)
    if section is not None:
        found.append({**section, "source": "indstilling"})
    return found
