"""Walk the site as one user: every same-origin link (and htmx GET) reachable from the front page.

Bounded: at most PER_ROUTE pages of each kind (URL pattern, its text arguments and its query
keys), so that 1.000 assessments cost as much as two, while every kind of page is visited.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from sporbar.accounts.models import User

PER_ROUTE = 2
MAX_PAGES = 400
SKIPPED_PREFIXES = ("/admin/", "/logout/", "/static/", "/media/", "/s/")


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    body: str
    found_on: str
    error: str = ""

    @property
    def is_html(self) -> bool:
        return self.status == 200 and self.content_type.startswith("text/html")


SEARCH_WORD = "borger"


class LinkParser(HTMLParser):
    """The GET targets of a page: <a href>, htmx's hx-get, and GET forms submitted as they stand
    (search fields filled with a common word)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
        elif self._form is not None and attrs.get("name"):
            self._field(tag, attrs)
        elif tag == "option" and self._select and (self._select not in self._form["fields"] or "selected" in attrs):
            self._form["fields"][self._select] = attrs.get("value", "")

    def _field(self, tag, attrs):
        name, kind = attrs["name"], (attrs.get("type") or "text").lower()
        if tag == "select":
            self._select = name
        elif tag == "input" and kind == "search":
            self._form["fields"][name] = attrs.get("value") or SEARCH_WORD
        elif tag == "input" and (kind not in ("checkbox", "radio", "submit", "file") or "checked" in attrs):
            self._form["fields"][name] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            query = urlencode(self._form["fields"])
            self.links.append(f"{self._form['action']}?{query}")
            self._form = None


def links_of(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    return parser.links


def page_kind(path: str, query: str) -> tuple:
    """What makes two URLs the same kind of page: the route, its text arguments, the query keys."""
    try:
        match = resolve(path)
    except Resolver404:
        return (path,)
    text_args = tuple(sorted((k, v) for k, v in match.kwargs.items() if not isinstance(v, int)))
    return (match.route, text_args, tuple(sorted({k for k, _v in parse_qsl(query)})))


@dataclass
class Crawler:
    client: Client
    visits: list[Visit] = field(default_factory=list)

    @classmethod
    def as_user(cls, username: str) -> "Crawler":
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        return cls(client)

    def run(self, start: str = "/") -> list[Visit]:
        queue = [(start, "")]
        seen, kinds = {start}, {}
        while queue and len(self.visits) < MAX_PAGES:
            url, found_on = queue.pop(0)
            visit = self.get(url, found_on)
            if not visit.is_html:
                continue
            for href in links_of(visit.body):
                target = self.same_origin(url, href)
                if target is None or target in seen:
                    continue
                seen.add(target)
                parts = urlsplit(target)
                kind = page_kind(parts.path, parts.query)
                if kinds.get(kind, 0) >= PER_ROUTE:
                    continue
                kinds[kind] = kinds.get(kind, 0) + 1
                queue.append((target, url))
        return self.visits

    def get(self, url: str, found_on: str) -> Visit:
        response = self.client.get(url)
        content_type = response.get("Content-Type", "")
        raw = b"".join(response.streaming_content) if response.streaming else response.content  # downloads stream
        response.close()
        body = raw.decode("utf-8", "replace") if content_type.startswith("text/") else ""
        error = ""
        if getattr(response, "exc_info", None):
            error = repr(response.exc_info[1])
        visit = Visit(url, response.status_code, content_type, body, found_on, error)
        self.visits.append(visit)
        return visit

    @staticmethod
    def same_origin(base: str, href: str) -> str | None:
        absolute = urljoin(f"http://testserver{base}", href)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            return None
        if parts.path.startswith(SKIPPED_PREFIXES):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")
