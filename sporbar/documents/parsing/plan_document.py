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
                {"key": key, "title": initiative_title, "amount_mio": str(amount), "amount_kr": str(amount * _MIO)}
            )
            total += amount
        themes[-1]["tracks"].append(track)
    if not themes:
        raise ValueError("Ingen oversigtstabel med »Tema N:« og spor fundet.")
    return {
        "title": title[:300],
        "themes": themes,
        "total_mio": str(total),
        "total_kr": str(total * _MIO),
        "stated_total_mio": str(stated) if stated is not None else None,
        "unrecognised": unrecognised,
    }


def draft_rows(draft: dict, plan_code: str, plan_name: str, owner_unit: str) -> list[dict]:
    """The draft in the plan import format (docs/plan-format.md): one row per initiative, amounts in kroner."""
    rows = []
    for theme in draft["themes"]:
        for track in theme["tracks"]:
            for initiative in track["initiatives"]:
                rows.append({
                    "plan_code": plan_code, "plan_name": plan_name,
                    "theme_number": theme["number"], "theme_name": theme["name"],
                    "track_number": track["number"], "track_name": track["name"],
                    "initiative_key": initiative["key"], "title": initiative["title"],
                    "amount": int(Decimal(initiative["amount_mio"]) * _MIO), "owner_unit": owner_unit,
                })  # fmt: skip
    return rows
