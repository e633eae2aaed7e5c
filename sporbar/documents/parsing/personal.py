"""Find personal data that must be masked before publication: CPR-like numbers and names in case stories."""

import re

from sporbar.cpr import find_cprs, masked_excerpt

from .common import clean_lines

_NAME = r"[A-ZÆØÅ][a-zæøåéü]+(?: [A-ZÆØÅ][a-zæøåéü]+){1,2}"
_TITLED = re.compile(rf"\b(?:hr\.|fru|borger(?:en)?|borgeren hedder)\s+({_NAME})")
_CASE_LETTER = re.compile(r"\b(?:Borger|Borgeren)\s+([A-ZÆØÅ])\b(?![.\w])")


def find_personal_data(text: str) -> list[dict]:
    """Return [{"line", "kind": "cpr"|"name"|"case", "text", "excerpt"}]; case = a case story about a citizen."""
    found: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(clean_lines(text), start=1):
        for m in find_cprs(line):  # the shared rule; the finding never repeats the number
            _add(found, seen, number, "cpr", f"{m.group(1)}{m.group(2)}{m.group(3)}-****", line)
        for m in _TITLED.finditer(line):
            _add(found, seen, number, "name", m.group(1), line)
        if re.search(r"\bBorger (er|har|bor)\b", line) or _CASE_LETTER.search(line):
            _add(found, seen, number, "case", line[:60], line)
    return found


def _add(found, seen, number, kind, value, line) -> None:
    if (kind, value) in seen:
        return
    seen.add((kind, value))
    found.append({"line": number, "kind": kind, "text": value, "excerpt": masked_excerpt(line)[:160]})
