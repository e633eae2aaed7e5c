"""Split the appendix of an agenda item (the text after its proposal) into its attachments.

Each attachment begins at its own heading: an embedded proposal ("Indstilling" / "Til …") for an attachment
named like a proposal ("Byrådsindstilling"), an inline "BILAG 1: …", or a heading that names most of an
attachment's title ("Rammeaftale 2023-24" for "Udkast til Rammeaftale 2023-24"). Attachments appear in the
order they are listed; one whose text is not in the file stays empty.
"""

from .common import norm, paragraphs, similarity
from .proposal import INLINE_ATTACHMENT, parse_proposal

STOPWORDS = set("af i og til på for med om en et de den det vedr ved fra som der er".split())


def _tokens(text: str) -> set[str]:
    return {w for w in norm(text).split() if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and (a in b or b in a))


def heading_score(heading: str, title: str) -> float:
    """How well a heading names an attachment's title; 0 when it does not (fewer than two shared words)."""
    h, t = _tokens(heading), _tokens(title)
    if not h or not t:
        return 0.0
    shared = sum(1 for w in h if any(_same_word(w, x) for x in t))
    precision, recall = shared / len(h), shared / len(t)
    return precision + recall if shared >= 2 and precision >= 0.6 and recall >= 0.25 else 0.0


def _is_heading(line: str) -> bool:
    """A title-like line: short, not a table row, list item, sentence or label ("Indsatsen fra …:")."""
    return bool(line) and len(line) <= 150 and "\t" not in line and not line.startswith("-") and line[-1] not in ".,;:"


def _blanks_before(lines: list[str], i: int) -> int:
    count = 0
    while i - count - 1 >= 0 and not lines[i - count - 1]:
        count += 1
    return count


def _embedded_proposal_at(lines: list[str], i: int) -> int:
    """The number of lines of a proposal starting at line i ("Indstilling" followed by "Til …"), or 0."""
    if lines[i] != "Indstilling" or not next((x for x in lines[i + 1 :] if x), "").startswith("Til"):
        return 0
    proposal, _before, after = parse_proposal(lines[i:])
    return len(lines) - i - len(after) if proposal else 0


def split_attachments(titles: list[str], lines: list[str]) -> list[dict]:
    """[{"title", "text"}] for the listed titles (in order), each with the text under its own heading."""
    attachments = [{"title": title, "text": ""} for title in titles]
    splits: list[tuple[int, int, str | None]] = []  # (line index, attachment index, replacement of the line)
    last = -1

    def attach(title_match, make_title: str) -> int:
        candidates = [k for k in range(last + 1, len(attachments)) if title_match(attachments[k]["title"])]
        if candidates:
            return candidates[0]
        attachments.append({"title": make_title, "text": ""})
        return len(attachments) - 1

    boundary = True  # where a new document may begin: the appendix's start, after a proposal, after a gap
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        boundary = boundary or _blanks_before(lines, i) >= 2
        embedded = _embedded_proposal_at(lines, i)
        inline = INLINE_ATTACHMENT.match(line)
        if embedded:
            last = attach(lambda t: "indstilling" in t.lower(), "Indstilling")
            splits.append((i, last, None))
            i += embedded
            continue  # the line after the proposal is a boundary too
        if inline:
            title = inline.group("title").strip()
            last = attach(lambda t, title=title: similarity(t, title) >= 0.8, title)
            splits.append((i, last, inline.group("rest") or ""))
        elif boundary and _is_heading(line):
            scored = [(heading_score(line, a["title"]), k) for k, a in enumerate(attachments) if k > last]
            best = max(scored, default=(0.0, -1))
            if best[0] > 0:
                last = best[1]
                splits.append((i, last, None))
        boundary = False
        i += 1
    if not splits:
        if paragraphs(lines):
            if not attachments:
                attachments.append({"title": "Bilag", "text": ""})
            attachments[0]["text"] = paragraphs(lines)
        return attachments
    bounds = [0] + [index for index, _k, _r in splits[1:]] + [len(lines)]
    for (index, k, replacement), begin, end in zip(splits, bounds, bounds[1:], strict=False):
        block = lines[begin:end]
        if replacement is not None:
            block[index - begin] = replacement  # "BILAG 1: TITEL*Underoverskrift*": keep only the sub-heading
        attachments[k]["text"] = paragraphs(block)
    return attachments
