"""A hearing response (høringssvar) like seed 000: sender, date, signatories, passages per theme with a stance."""

import re

from .common import clean_line, norm, parse_date

_HEADING = re.compile(r"^#{1,6}\s+")
_CONTACT = re.compile(r"^(Telefon|Direkte|E-mail|Sagsbehandler|Tlf|E-post|Side \d|Aarhus Kommune)", re.I)
ROLES = {"formand", "næstformand", "centerchef", "leder", "sekretær", "medlem", "afdelingsleder", "tr", "amr"}

STANCE_WORDS = {
    "bekymring": r"bekymr|svært|usikker|pres\b|risiko|udfordr|mangl|opmærksomhed",
    "forslag": r"anbefal|foreslå|forslag|\bbør\b|opfordr|vil gerne medvirke|ønsker",
    "stoetter": r"støtte|bakke op|bifald|positiv|kvittere|glæde|velfungerende|styrker",
}


def guess_stance(passage: str) -> str:
    """'stoetter', 'bekymring' or 'forslag' from the wording; ties favour concern, then suggestion."""
    low = passage.lower()
    scores = {stance: len(re.findall(pattern, low)) for stance, pattern in STANCE_WORDS.items()}
    best = max(scores.values())
    if best == 0:
        return "stoetter"
    return next(stance for stance in ("bekymring", "forslag", "stoetter") if scores[stance] == best)


def theme_for(heading: str, themes: list[dict]) -> dict | None:
    """The plan theme a heading names: "Tema N", or most of the theme's words."""
    m = re.search(r"\bTema (\d+)\b", heading, re.I)
    if m:
        return next((t for t in themes if t["number"] == int(m.group(1))), None)
    words = set(norm(heading).split())
    best, best_score = None, 0.0
    for theme in themes:
        theme_words = set(norm(theme["name"]).split())
        score = len(words & theme_words) / max(len(theme_words), 1)
        if score > best_score:
            best, best_score = theme, score
    return best if best_score > 0.6 else None


def parse_hearing_response(text: str, themes: list[dict]) -> dict:
    """themes: [{"number", "name"}] of the plan. Returns sender, date, signatories, passages, unrecognised."""
    if not text.strip():
        raise ValueError("Filen er tom.")
    raw = text.replace("\r\n", "\n").split("\n")
    paragraphs: list[tuple[bool, str]] = []  # (is_heading, text)
    buffer: list[str] = []

    def flush():
        if buffer:
            paragraphs.append((False, " ".join(buffer)))
            buffer.clear()

    for line in raw:
        is_heading = bool(_HEADING.match(line))
        cleaned = clean_line(line)
        if not cleaned:
            flush()
        elif is_heading:
            flush()
            paragraphs.append((True, cleaned))
        else:
            buffer.append(cleaned)
    flush()

    dates = [d for _, p in paragraphs if len(p) < 30 and (d := parse_date(p))]
    headings = [p for is_heading, p in paragraphs if is_heading]
    sender = next((h for h in headings if re.match(r"^(Center|Centret|Afdeling|MED|Område|Direktion)", h)), "")
    if not sender:
        first = next((p for is_heading, p in paragraphs if not is_heading and len(p) > 40), "")
        sender = first.split(" har ")[0][:200] if " har " in first[:120] else ""
    title = headings[0] if headings else ""

    signatories = []
    lines = [clean_line(x) for x in raw]
    for i, line in enumerate(lines[:-1]):
        role = lines[i + 1].strip().lower()
        if role in ROLES and re.fullmatch(r"[A-ZÆØÅ][\wæøå\-]+(?: [A-ZÆØÅ][\wæøå\-]+){1,3}", line):
            signatories.append({"name": line, "role": lines[i + 1].strip()})

    passages, unrecognised = [], []
    current_theme = None
    seen_theme = False
    signatory_names = {s["name"] for s in signatories}
    for is_heading, paragraph in paragraphs:
        if is_heading:
            theme = theme_for(paragraph, themes)
            if theme:
                current_theme, seen_theme = theme, True
            continue
        letterhead = len(paragraph) < 80 and not re.search(r"[.?!]", paragraph)
        if len(paragraph) < 40 or letterhead or _CONTACT.match(paragraph) or paragraph in signatory_names:
            continue
        theme = current_theme
        if re.match(r"^(Overordnet|Samlet|Afslutningsvis|Sammenfattende)", paragraph) or not seen_theme:
            theme = None
        passages.append({
            "theme": theme["number"] if theme else None, "theme_name": theme["name"] if theme else "",
            "stance": guess_stance(paragraph), "passage": paragraph,
        })  # fmt: skip
    if not passages:
        unrecognised.append({"line": 1, "text": "Ingen afsnit fundet"})
    return {
        "title": title,
        "sender": sender,
        "date": dates[0].isoformat() if dates else None,
        "signatories": signatories,
        "passages": passages,
        "unrecognised": unrecognised,
    }
