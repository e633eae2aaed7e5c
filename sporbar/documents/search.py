"""Search over everything, with Danish stemming.

PostgreSQL: a stored tsvector (config "danish", title weighted A, text B) with a GIN index,
queried with websearch syntax, ranked by ts_rank, passage from ts_headline.
SQLite: an FTS5 table fed with text stemmed by Snowball's Danish stemmer, ranked by bm25
(title weighted 10:1), passage highlighted here from the original words.

Both stemmers map "hjemløse", "hjemløs" and "hjemløshed" to "hjemløs", so no prefix
matching is needed; a user may still ask for one explicitly with a trailing "*".
"""

import functools
import re
import threading
from dataclasses import dataclass
from datetime import date

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sporbar.accounts.permissions import Role, role_of, unit_ids

from .access import can_import_documents
from .search_models import SearchEntry

FTS_TABLE = "documents_search_fts"
PG_CONFIG = "danish"
WORD_RE = re.compile(r"\w+")
SNIPPET_WORDS = 30
MAX_RESULTS = 50
# Sentinels that ts_headline puts around matches; replaced by <mark> after escaping.
START, STOP = "\ue000", "\ue001"

# Who sees confidential rows: the governance rule (confidential agenda items are seen by
# admin, analyst and leadership, and by members of the unit owning the meeting's body).
CONFIDENTIAL_READERS = {Role.ADMIN, Role.ANALYST, Role.LEADERSHIP}

_local = threading.local()


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- stemming ----------------------------------------------------------------------------


def _stemmer():
    # Snowball stemmer objects keep state between calls: one per thread.
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("danish")
    return _local.stemmer


@functools.lru_cache(maxsize=200_000)
def _stem_lower(word: str) -> str:
    return _stemmer().stemWord(word)


def stem(word: str) -> str:
    return _stem_lower(word.lower())


def stemmed_text(text: str) -> str:
    return " ".join(_stem_lower(w) for w in WORD_RE.findall((text or "").lower()))


# --- visibility --------------------------------------------------------------------------


def visibility_filter(user) -> Q:
    """THE rule for what a user may find: nothing when logged out; confidential rows only
    for admin/analyst/leadership or members of (a unit above) the row's owning unit."""
    role = role_of(user)
    if role is None:
        return Q(pk__in=[])
    if role in CONFIDENTIAL_READERS:
        return Q()
    own_unit = SearchEntry.units.through.objects.filter(searchentry_id=OuterRef("pk"), unit_id__in=unit_ids(user))
    return Q(confidential=False) | Q(Exists(own_unit))


# --- writing the index -------------------------------------------------------------------


def index_record(data: dict) -> SearchEntry:
    """Create or update the row for one record. `data` holds the SearchEntry fields plus
    `initiative_ids` and `unit_ids`."""
    data = dict(data)
    initiative_ids = data.pop("initiative_ids", [])
    unit_ids_ = [u for u in data.pop("unit_ids", []) if u]
    entry, _ = SearchEntry.objects.update_or_create(
        kind=data.pop("kind"), object_id=data.pop("object_id"), defaults=data
    )
    entry.initiatives.set(initiative_ids)
    entry.units.set(unit_ids_)
    sync_fulltext([entry.pk])
    return entry


def remove_record(kind: str, object_id: int) -> None:
    ids = list(SearchEntry.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True))
    if ids:
        _delete_fts(ids)
        SearchEntry.objects.filter(pk__in=ids).delete()


def sync_fulltext(ids) -> None:
    """Bring the full-text side (tsvector or FTS5 rows) of these entries up to date."""
    ids = list(ids)
    if not ids:
        return
    if is_postgres():
        SearchEntry.objects.filter(pk__in=ids).update(
            vector=SearchVector("title", weight="A", config=PG_CONFIG)
            + SearchVector("text", weight="B", config=PG_CONFIG)
        )
        return
    _delete_fts(ids)
    rows = SearchEntry.objects.filter(pk__in=ids).values_list("pk", "title", "text")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (%s, %s, %s)",  # noqa: S608 (constant table)
            [(pk, stemmed_text(title), stemmed_text(text)) for pk, title, text in rows],
        )


def _delete_fts(ids) -> None:
    if is_postgres():
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})", chunk)  # noqa: S608


def clear_index() -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 (constant table)
    SearchEntry.objects.all().delete()


# --- querying ----------------------------------------------------------------------------


@dataclass
class Filters:
    body: str = ""
    date_from: date | None = None
    date_to: date | None = None
    initiative: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.body:
            q &= Q(body_name=self.body)
        if self.date_from:
            q &= Q(date__gte=self.date_from)
        if self.date_to:
            q &= Q(date__lte=self.date_to)
        if self.initiative:
            q &= Q(initiatives=self.initiative)
        return q


def search(user, text: str, filters: Filters | None = None, limit: int = MAX_RESULTS) -> list[dict]:
    """Ranked results the user may see: kind, kind_label, title, url, date, body, snippet, score.
    `title` and `snippet` are safe HTML: everything escaped, matched words in <mark>."""
    text = (text or "").strip()
    filters = filters or Filters()
    if not text:
        return []
    entries = SearchEntry.objects.filter(visibility_filter(user)).filter(filters.q())
    stems = query_stems(text)
    if is_postgres():
        hits = _search_postgres(entries, text, limit)
    else:
        hits = _search_sqlite(entries, text, limit)
    results = []
    opens_documents = can_import_documents(user)
    for entry, score, headline in hits:
        snippet = _from_headline(headline) if headline is not None else highlight(entry.text, stems)
        results.append(
            {
                "kind": entry.kind,
                "kind_label": entry.get_kind_display(),
                "title": highlight(entry.title, stems, words=0),
                "plain_title": entry.title,
                # The raw paper's page is the importers' tool: others find it, without a link they cannot follow.
                "url": entry.url if entry.kind != SearchEntry.Kind.DOCUMENT or opens_documents else "",
                "date": entry.date,
                "body": entry.body_name,
                "snippet": snippet,
                "score": round(float(score), 4),
            }
        )
    return results


def _search_postgres(entries, text, limit):
    query = SearchQuery(text, config=PG_CONFIG, search_type="websearch")
    prefixes = [term for term in _terms(text) if term.prefix]
    if prefixes:
        raw = " & ".join(f"{stem(t.words[0])}:*" for t in prefixes if t.words)
        query = query | SearchQuery(raw, config=PG_CONFIG, search_type="raw") if raw else query
    rows = (
        entries.filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank", "-date", "pk")[:limit]
        .annotate(
            headline=SearchHeadline(
                "text", query, config=PG_CONFIG, start_sel=START, stop_sel=STOP, max_words=SNIPPET_WORDS, min_words=12
            )
        )
    )
    return [(row, row.rank, row.headline) for row in rows]


def _search_sqlite(entries, text, limit):
    match = fts_query(text)
    if not match:
        return []
    allowed_sql, allowed_params = entries.values("pk").query.sql_with_params()
    # "+rowid" keeps SQLite from pushing the IN list into FTS5 as one lookup per row.
    with connection.cursor() as cursor:
        cursor.execute(
            # Constant table name and SQL compiled by the ORM with its own parameters.
            f"SELECT rowid, bm25({FTS_TABLE}, 10.0, 1.0) AS rank FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s AND +rowid IN ({allowed_sql}) ORDER BY rank LIMIT %s",
            [match, *allowed_params, limit],
        )
        ranked = cursor.fetchall()
    by_id = SearchEntry.objects.in_bulk([pk for pk, _ in ranked])
    return [(by_id[pk], -rank, None) for pk, rank in ranked if pk in by_id]


# --- websearch-like query syntax for FTS5 --------------------------------------------------


@dataclass
class Term:
    words: list[str]
    negated: bool = False
    prefix: bool = False
    or_before: bool = False


TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _terms(text: str) -> list[Term]:
    """Parse like PostgreSQL's websearch_to_tsquery: words, "phrases", -exclusion, `or`."""
    terms: list[Term] = []
    or_next = False
    for match in TOKEN_RE.finditer(text):
        neg, phrase, word = match.groups()
        if word is not None:
            if word.lower() == "or" and terms:
                or_next = True
                continue
            neg = "-" if word.startswith("-") else ""
            phrase = word.lstrip("-")
        words = WORD_RE.findall(phrase.lower())
        if not words:
            continue
        terms.append(Term(words, negated=bool(neg), prefix=phrase.endswith("*"), or_before=or_next))
        or_next = False
    return terms


def query_stems(text: str) -> set[str]:
    return {stem(w) for term in _terms(text) if not term.negated for w in term.words}


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for a user's query, on stemmed words."""
    positive: list[list[str]] = []  # groups joined by OR, groups joined by AND
    negative: list[str] = []
    for term in _terms(text):
        stems = [stem(w) for w in term.words]
        expr = '"' + " ".join(s.replace('"', "") for s in stems) + '"' + ("*" if term.prefix else "")
        if term.negated:
            negative.append(expr)
        elif term.or_before and positive:
            positive[-1].append(expr)
        else:
            positive.append([expr])
    if not positive:
        return ""
    parts = [f"({' OR '.join(group)})" if len(group) > 1 else group[0] for group in positive]
    query = " AND ".join(parts)
    for expr in negative:
        query = f"({query}) NOT {expr}"
    return query


# --- highlighting ------------------------------------------------------------------------


def highlight(text: str, stems: set[str], words: int = SNIPPET_WORDS) -> SafeString:
    """Escape `text` and put <mark> around words whose stem matches. With `words` > 0,
    cut a passage of about that many words around the first match."""
    text = text or ""
    tokens = list(WORD_RE.finditer(text))
    start, end = 0, len(text)
    if words and len(tokens) > words:
        first = next((i for i, t in enumerate(tokens) if stem(t.group()) in stems), 0)
        lo = max(0, first - words // 3)
        hi = min(len(tokens), lo + words)
        start = tokens[lo].start() if lo else 0
        end = tokens[hi - 1].end() if hi < len(tokens) else len(text)
    out, pos = [], start
    for token in tokens:
        if token.start() < start or token.end() > end:
            continue
        if stem(token.group()) in stems:
            out.append(escape(text[pos : token.start()]))
            out.append(f"<mark>{escape(token.group())}</mark>")
            pos = token.end()
    out.append(escape(text[pos:end]))
    passage = "".join(out).strip()
    if start > 0:
        passage = "… " + passage
    if end < len(text):
        passage += " …"
    return mark_safe(passage)


def _from_headline(headline: str) -> SafeString:
    escaped = str(escape(headline or ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))
