"""What a user reads on a page (text and the attributes a screen reader or a tooltip shows), and the
words and shapes in it that betray English or developer text."""

import re
from html.parser import HTMLParser

READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
HIDDEN_TAGS = {"script", "style", "template"}


class TextParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[tuple[str, bool]] = []  # (text, is literal code such as a file's column name)
        self._hidden = 0
        self._code = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        if tag == "code":
            self._code += 1
        attrs = dict(attrs)
        self.parts.extend((attrs[name], False) for name in READ_ATTRIBUTES if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append((attrs["value"], False))

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        if tag == "code" and self._code:
            self._code -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append((data.strip(), self._code > 0))


def interface_text(html: str, with_code: bool = True) -> str:
    """The page's text, one piece a line; `with_code=False` leaves out literal code (<code>)."""
    parser = TextParser()
    parser.feed(html)
    return "\n".join(text for text, is_code in parser.parts if with_code or not is_code)


# English words a Danish interface has no use for (whole words, any case), and model names.
ENGLISH_WORDS = """
    theme track course goal assessment citizen meeting hearing proposal decision follow-up followup
    initiative spending budget-line unit user body item response consequence price catalogue
    save submit cancel delete edit search next previous page yes no none null true false
    the and of with without from this that these those your you please required field invalid
    choose select enter error warning loading unknown other created updated deleted
    report download export file seed fixture debug traceback
""".split()
ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")\b", re.IGNORECASE)

DEVELOPER_SHAPES = {
    "Python value": re.compile(r"\b(None|True|False)\b"),
    "dict or JSON braces": re.compile(r"[{}]"),
    "model label": re.compile(r"\b[a-z_]+\.[A-Z][A-Za-z]+\b"),
    "object number": re.compile(r"\b[A-Z][A-Za-z]+ #\d+"),
    "file path": re.compile(r"\b[\w.-]+/[\w./-]*\.(?:md|py|txt|ya?ml|csv|json|html|sqlite3)\b"),
    "command line": re.compile(r"(\bsporbar [a-z]+[-_][a-z-]+|\bmake [a-z]+\b|\.venv/|manage\.py|\s--[a-z][a-z-]{2,})"),
    "template or format code": re.compile(r"(\{\{|\{%|%\(\w+\)s|%s\b|\bNaN\b)"),
    "Django's empty choice": re.compile(r"^-{9}$", re.MULTILINE),
}


def problems(text: str, prose: str | None = None) -> list[str]:
    """Developer shapes anywhere in `text`; English words in `prose` (the text without literal code)."""
    found = [f"{name}: {m.group(0)!r}" for name, regex in DEVELOPER_SHAPES.items() for m in regex.finditer(text)]
    found += [f"English word: {m.group(0)!r}" for m in ENGLISH_RE.finditer(text if prose is None else prose)]
    return found


def page_problems(html: str) -> list[str]:
    return problems(interface_text(html), interface_text(html, with_code=False))
