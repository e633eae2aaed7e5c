"""An investment overview like seed 001 → a plan draft (themes, tracks, initiatives with amounts) for review."""

import re
from decimal import Decimal, InvalidOperation

from .common import clean_line

_THEME = re.compile(r"^Tema (\d+):\s*(.+?)\s*$")
_ROW = re.compile(r"^(\d+\.\d+)\.?\t(.+?)\t\s*([\d,]+(?:\s+[\d,]+)*)\s*$")
_TOTAL = re.compile(r"^I alt:?\t+\s*([\d.,]+)")
_MIO = Decimal("1000000")


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"beløbet »{text}« er ikke et tal") from exc


def slug(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50].strip("-")


def parse_plan_document(text: str) -> dict:
    """Returns {"title", "themes": [{"number", "name", "tracks": [{"number", "name", "initiatives":
    [{"key", "title", "amount_mio"}]}]}], "total_mio", "stated_total_mio", "unrecognised"}; amounts as strings."""
    if not text.strip():
        raise ValueError("Filen er tom.")
    lines = text.replace("\r\n", "\n").split("\n")
    title = next((clean_line(x) for x in lines if clean_line(x)), "")
    themes: list[dict] = []
    total = Decimal("0")
    stated = None
    unrecognised = []
    in_table = False
    for number, raw in enumerate(lines, start=1):
        line = clean_line(raw.replace("\t", " \x00 ")).replace(" \x00 ", "\t").replace("\x00", "\t")
        line = re.sub(r"\t\s+", "\t", re.sub(r"\s+\t", "\t", line)).strip("\t ")
        if re.match(r"^Sp[øo]r:?\t", line):
            in_table = True
            continue
        if not in_table:
            continue
        if m := _TOTAL.match(line):
            stated = _amount(m.group(1))
            break
        if m := _THEME.match(line.strip("\t")):
            themes.append({"number": int(m.group(1)), "name": m.group(2).strip(), "tracks": []})
            continue
        m = _ROW.match(line)
        if not m or not themes:
            if line:
                unrecognised.append({"line": number, "text": line[:200]})
            continue
        track_number, description, amounts_text = m.groups()
        amounts = [_amount(a) for a in amounts_text.split()]
        parts = [p.strip(" :.") for p in re.split(r"\s+-\s+", description) if p.strip(" :.")]
        if len(parts) == len(amounts) + 1:
            track_name, titles = parts[0], parts[1:]
        elif len(parts) == len(amounts):
            track_name, titles = parts[0], parts
        else:
            track_name, titles = description, [description] * len(amounts)
            unrecognised.append({"line": number, "text": f"Kunne ikke dele »{description[:80]}« i initiativer"})
        track = {"number": track_number, "name": track_name, "initiatives": []}
        for initiative_title, amount in zip(titles, amounts, strict=True):
            key = slug(f"{track_number} {initiative_title if len(titles) > 1 else track_name}")
            track["initiatives"].append(
                {"key": key, "title": initiative_title, "amount_mio": str(amount), "amount_kr": str(amount * _MIO),
                 "period_start": None, "period_end": None, "named_by_table": len(parts) > len(amounts)}
            )  # fmt: skip
            total += amount
        themes[-1]["tracks"].append(track)
    if not themes:
        raise ValueError("Ingen oversigtstabel med »Tema N:« og spor fundet.")
    details = lines[number:] if stated is not None else []
    _names_from_details(themes, details)
    unrecognised += _periods_from_details(themes, details, number)
    return {
        "title": title[:300],
        "themes": themes,
        "total_mio": str(total),
        "total_kr": str(total * _MIO),
        "stated_total_mio": str(stated) if stated is not None else None,
        "unrecognised": unrecognised,
    }


# --- the descriptions after the table: initiative names and periods --------------------------------------

_TRACK_HEAD = re.compile(r"^Sp[øo]r\s+(\d+\.\d+)[.:]?\s")
_STATEMENT = re.compile(r"Prioriteret engangsbeløb(?P<text>.{0,40}?(?P<amount>\d+(?:,\d+)?),?\s*mio\.\s*kr\.[^.<]*)")
_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[-–]\s*(\d{4}|\d{2})\b")
_YEARS_FROM = re.compile(r"\b(\d+)-årigt\s+\w+\s+med\s+opstart\s+i\s+((?:19|20)\d{2})\b")


def _cells(raw: str) -> list[str]:
    """A table row's cells, each split into its paragraphs ("<p>A</p> <p>B</p>" → ["A", "B"])."""
    return [[clean_line(p) for p in re.split(r"</p>", cell) if clean_line(p)] for cell in raw.split("\t")]


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _names_from_details(themes: list[dict], lines: list[str]) -> None:
    """A track the table names only by its own name (1.2–1.4) takes its initiative's name from the first
    column of its description ("Familiehuset", "Frivillighed Gentænkt" → "Familiehuset og Frivillighed …")."""
    names: dict[str, list[str]] = {}
    current = None
    for raw in lines:
        line = clean_line(raw.replace("\t", " "))
        if m := _TRACK_HEAD.match(line):
            current = m.group(1) if m.group(1) not in names else None  # later repeats are page headers
            if current:
                names[current] = []
            continue
        if _THEME.match(line):
            current = None
        elif current and "\t" in raw:
            first = _cells(raw)[0]
            names[current] += [n.strip(" .") for n in first if len(n) <= 150 and not n.startswith("Prioriteret")]
    for theme in themes:
        for track in theme["tracks"]:
            found = names.get(track["number"].rstrip("."))
            if len(track["initiatives"]) == 1 and not track["initiatives"][0]["named_by_table"] and found:
                track["initiatives"][0]["title"] = _join_names(found)[:300]


def _period(text: str) -> tuple[int, int] | None:
    if m := _YEARS_FROM.search(text):
        start = int(m.group(2))
        return start, start + int(m.group(1)) - 1
    if m := _SPAN.search(text):
        start, end = int(m.group(1)), m.group(2)
        return start, int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return None


def _periods_from_details(themes: list[dict], lines: list[str], offset: int) -> list[dict]:
    """Each "Prioriteret engangsbeløb …" statement, in table order, gives its initiative's period: from the
    statement ("i 2021-2023", "i 2021-22", "3-årigt … med opstart i 2021") or else from the description
    before it ("Tidsplan: 2-årigt forløb med opstart i 2021"). A statement whose amount differs is reported."""
    text = "\n".join(clean_line(raw.replace("\t", " ")) for raw in lines)
    initiatives = [i for theme in themes for track in theme["tracks"] for i in track["initiatives"]]
    statements = list(_STATEMENT.finditer(text))
    problems, previous_end = [], 0
    for initiative, statement in zip(initiatives, statements, strict=False):
        block, previous_end = text[previous_end : statement.end()], statement.end()
        if _amount(statement.group("amount")) != Decimal(initiative["amount_mio"]):
            line = offset + text[: statement.start()].count("\n") + 1
            message = (
                f"Beløbet {statement.group('amount')} mio. kr. passer ikke til »{initiative['title'][:60]}«"
                f" ({initiative['amount_mio']}); perioden er ikke læst."
            )
            problems.append({"line": line, "text": message})
            continue
        period = _period(statement.group("text")) or _period(block)
        if period:
            initiative["period_start"], initiative["period_end"] = period
    return problems


def draft_rows(draft: dict) -> list[dict]:
    """The draft's initiatives as plain rows (amounts in kroner), for comparing with a plan."""
    rows = []
    for theme in draft["themes"]:
        for track in theme["tracks"]:
            for initiative in track["initiatives"]:
                rows.append({
                    "theme_number": theme["number"], "theme_name": theme["name"],
                    "track_number": track["number"], "track_name": track["name"],
                    "key": initiative["key"], "title": initiative["title"],
                    "amount": Decimal(initiative["amount_mio"]) * _MIO,
                    "period_start": initiative.get("period_start"), "period_end": initiative.get("period_end"),
                })  # fmt: skip
    return rows
