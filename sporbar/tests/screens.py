"""Helpers of the browser tests on the demo: key pages, a logged-in browser, sideways scroll, axe-core."""

from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import resolve

from sporbar.accounts.models import User

WIDE, PHONE = (1366, 800), (390, 844)
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
KEY_DEPTH = 2  # the front page, the pages of the navigation, and the pages they link to


def key_pages(visits) -> list[str]:
    """One page of each kind a role reaches within KEY_DEPTH clicks of the front page (whole pages only)."""
    depth, pages = {"/": 0}, {}
    for visit in visits:
        if visit.url != "/":
            depth[visit.url] = depth.get(visit.found_on, 0) + 1
        if visit.is_html and "<html" in visit.body and depth[visit.url] <= KEY_DEPTH:
            pages.setdefault(route_of(visit.url), visit.url)
    return list(pages.values())


def route_of(url: str) -> str:
    return resolve(url.split("?")[0]).route


def logged_in_context(browser, server, username, viewport, **options):
    """A browser context with the user's session (logging in through the form is the crawl's job)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    context = browser.new_context(
        base_url=server.url, locale="da-DK", viewport=dict(zip(("width", "height"), viewport)), **options
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": server.url,
            }
        ]
    )
    return context


def sideways_overflow(page) -> str | None:
    """None when the page fits its window; else how wide it is and the widest elements that stick out."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth, doc = document.documentElement;
          if (doc.scrollWidth <= width) return null;
          const all = [...document.querySelectorAll("body *")];
          const wide = all.filter(e => e.getBoundingClientRect().right > width + 1);
          const outside = wide.filter(e => !e.closest(".table-wrap") || e.classList.contains("table-wrap"));
          const out = (outside.length ? outside : wide.reverse())
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (typeof e.className === "string" ? "." + e.className : ""));
          return `${doc.scrollWidth} px wide in ${width} px: ${out.join(", ")}`;
        }"""
    )


def axe_violations(page) -> list[str]:
    """WCAG 2.1 AA violations axe-core finds on the page as it stands."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `make test` (or `npm ci`) to install axe-core.")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_21_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {', '.join(n['target'][0] for n in v['nodes'][:3])}"
        for v in result["violations"]
    ]
