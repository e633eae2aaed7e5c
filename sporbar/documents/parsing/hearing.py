"""A hearing response (høringssvar) like seed 000: sender, date, signatories, passages with theme, initiative
and stance.

Page furniture (page numbers, the letterhead repeated on each page) is dropped and a sentence broken by a
page is joined again. Each passage is placed by the initiative it names ("PEER" → the PEER initiative and
its theme), else by the headings above it (a theme, or a track with one initiative). The stance is what the
writers say of the plan: support ("bifalder", "støtter", "anbefaler", "bakker op"), concern, suggestion,
or neutral when they only describe.
"""

import re

from .common import clean_line, norm, parse_date

_HEADING = re.compile(r"^#{1,6}\s+")
_CONTACT = re.compile(r"^(Telefon|Direkte|E-mail|Sagsbehandler|Tlf|E-post|Side \d|Aarhus Kommune)", re.I)
_PAGE = re.compile(r"^Side \d+ af \d+$")
ROLES = {"formand", "næstformand", "centerchef", "leder", "sekretær", "medlem", "afdelingsleder", "tr", "amr"}

STANCE_WORDS = {
    "bekymring": r"\bbekymr\w*|\bsvært\b|\busikker\w*|\brisiko\w*|\bopmærksomhed\b|\bpres\b|\bmangl\w*",
    "forslag": r"\bforeslå\w*|\bforslag\w*|\bbør\b|\bopfordr\w*|\bønsker\b",
    "stoetter": r"\bbifald\w*|\bstøtter\b|tilkende\w*\s+støtte|\bbakke[rs]?\s+op\b|\banbefal\w*|\bkvitter\w*"
    r"|\bglæde[rs]?\b|\bpositiv\w*|vil gerne medvirke|\bbidrager\s+(?:vi\s+)?gerne",
}
_STANCE_RE = {stance: re.compile(pattern, re.IGNORECASE) for stance, pattern in STANCE_WORDS.items()}
# Short names the papers use for initiatives, matched as whole upper-case words.
ALIASES = {"ips": "IPS", "act": "ACT", "peer": "PEER"}
STOPWORDS = {"og", "i", "for", "med", "til", "af", "på", "de", "den", "det", "en", "et"}


def guess_stance(passage: str) -> str:
    """'stoetter', 'bekymring', 'forslag' or 'neutral' from the wording; ties favour concern, then suggestion."""
    scores = {stance: len(regex.findall(passage)) for stance, regex in _STANCE_RE.items()}
    best = max(scores.values())
    if best == 0:
        return "neutral"
    return next(stance for stance in ("bekymring", "forslag", "stoetter") if scores[stance] == best)


def _words(text: str) -> set[str]:
    return set(norm(text).split()) - STOPWORDS


def theme_for(heading: str, themes: list[dict]) -> dict | None:
    """The plan theme a heading names: "Tema N", or most of the theme's words."""
    m = re.search(r"\bTema (\d+)\b", heading, re.I)
    if m:
        return next((t for t in themes if t["number"] == int(m.group(1))), None)
    words = _words(heading)
    best, best_score = None, 0.0
    for theme in themes:
        theme_words = _words(theme["name"])
        score = len(words & theme_words) / max(len(theme_words), 1)
        if score > best_score:
            best, best_score = theme, score
    return best if best_score > 0.6 else None


def track_for(heading: str, initiatives: list[dict], theme: dict | None) -> str | None:
    """The track a heading names ("Uddannelse og Job til byens udsatte og hjemløse" → "4.3"), within its theme."""
    words = _words(heading)
    best, best_score = None, 0.0
    for initiative in initiatives:
        if theme is not None and initiative["theme_number"] != theme["number"]:
            continue
        track_words = _words(initiative["track_name"])
        score = len(words & track_words) / max(len(track_words | words), 1)
        if score > best_score:
            best, best_score = initiative["track_number"], score
    return best if best_score >= 0.75 else None


def initiatives_named(text: str, initiatives: list[dict]) -> list[dict]:
    """Initiatives a passage names: by its short name (IPS, ACT, PEER) or its whole title."""
    low = text.lower()
    found = []
    for initiative in initiatives:
        title = initiative["title"].lower()
        aliases = [alias for word, alias in ALIASES.items() if re.search(rf"\b{word}s?\b", title)]
        if any(re.search(rf"\b{alias}", text) for alias in aliases) or (len(title) > 8 and title in low):
            found.append(initiative)
    return found


def _paragraphs(raw: list[str]) -> list[tuple[bool, str]]:
    """(is_heading, text) per paragraph; page markers dropped."""
    paragraphs: list[tuple[bool, str]] = []
    buffer: list[str] = []

    def flush():
        if buffer:
            paragraphs.append((False, " ".join(buffer)))
            buffer.clear()

    for line in raw:
        is_heading = bool(_HEADING.match(line))
        cleaned = clean_line(line)
        if not cleaned or _PAGE.match(cleaned):
            flush()
        elif is_heading:
            flush()
            paragraphs.append((True, cleaned))
        else:
            buffer.append(cleaned)
    flush()
    return paragraphs


def _is_furniture(is_heading: bool, text: str) -> bool:
    """Headings, letterhead and contact lines: what may stand between the two halves of a broken sentence."""
    short = len(text) < 40 or (len(text) < 80 and not re.search(r"[.?!]", text))
    return is_heading or short or bool(_CONTACT.match(text))


def _join_page_breaks(paragraphs: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """A paragraph ending mid-sentence continues in the next one that begins in lower case; whatever stands
    between them (the next page's letterhead, contact lines, dates) is page furniture and goes."""
    out: list[tuple[bool, str]] = []
    i = 0
    while i < len(paragraphs):
        is_heading, text = paragraphs[i]
        i += 1
        while not is_heading and text[-1] not in ".!?:":
            j = next((k for k in range(i, len(paragraphs)) if not _is_furniture(*paragraphs[k])), None)
            if j is None or not paragraphs[j][1][:1].islower():
                break
            text, i = f"{text} {paragraphs[j][1]}", j + 1
        out.append((is_heading, text))
    return out


def _signatories(lines: list[str]) -> list[dict]:
    found = []
    for i, line in enumerate(lines[:-1]):
        role = lines[i + 1].strip().lower()
        if role in ROLES and re.fullmatch(r"[A-ZÆØÅ][\wæøå\-]+(?: [A-ZÆØÅ][\wæøå\-]+){1,3}", line):
            found.append({"name": line, "role": lines[i + 1].strip()})
    return found


def parse_hearing_response(text: str, themes: list[dict], initiatives: list[dict] | None = None) -> dict:
    """themes: [{"number", "name"}]; initiatives: [{"id", "title", "track_number", "track_name", "theme_number"}].
    Returns title, sender, date, signatories, passages [{theme, theme_name, initiative, initiative_title, stance,
    passage}] and unrecognised."""
    if not text.strip():
        raise ValueError("Filen er tom.")
    initiatives = initiatives or []
    raw = text.replace("\r\n", "\n").split("\n")
    paragraphs = _join_page_breaks(_paragraphs(raw))
    dates = [d for _, p in paragraphs if len(p) < 30 and (d := parse_date(p))]
    headings = [p for is_heading, p in paragraphs if is_heading]
    sender = next((h for h in headings if re.match(r"^(Center|Centret|Afdeling|MED|Område|Direktion)", h)), "")
    if not sender:
        first = next((p for is_heading, p in paragraphs if not is_heading and len(p) > 40), "")
        sender = first.split(" har ")[0][:200] if " har " in first[:120] else ""
    signatories = _signatories([clean_line(x) for x in raw])
    signatory_names = {s["name"] for s in signatories}

    passages, unrecognised = [], []
    theme, context = None, None  # the theme and the initiative the headings above a passage name
    for is_heading, paragraph in paragraphs:
        if is_heading:
            named_theme = theme_for(paragraph, themes)
            track = track_for(paragraph, initiatives, named_theme or theme)
            if named_theme:
                theme, context = named_theme, None
            if track:
                in_track = [i for i in initiatives if i["track_number"] == track]
                context = in_track[0] if len(in_track) == 1 else None
                theme = next((t for t in themes if t["number"] == in_track[0]["theme_number"]), theme)
            continue
        letterhead = len(paragraph) < 80 and not re.search(r"[.?!]", paragraph)
        if len(paragraph) < 40 or letterhead or _CONTACT.match(paragraph) or paragraph in signatory_names:
            continue
        general = re.match(r"^(Overordnet|Samlet|Afslutningsvis|Sammenfattende)", paragraph) or theme is None
        named = initiatives_named(paragraph, initiatives)
        initiative = named[0] if len(named) == 1 else (None if named or general else context)
        placed = initiative["theme_number"] if initiative else (None if general else theme["number"])
        placed_theme = next((t for t in themes if t["number"] == placed), None)
        passages.append({
            "theme": placed, "theme_name": placed_theme["name"] if placed_theme else "",
            "initiative": initiative["id"] if initiative else None,
            "initiative_title": initiative["title"] if initiative else "",
            "stance": guess_stance(paragraph), "passage": paragraph,
        })  # fmt: skip
    if not passages:
        unrecognised.append({"line": 1, "text": "Ingen afsnit fundet"})
    return {
        "title": headings[0] if headings else "",
        "sender": sender,
        "date": dates[0].isoformat() if dates else None,
        "signatories": signatories,
        "passages": passages,
        "unrecognised": unrecognised,
    }
