"""In Chromium on the demo, as every role: the key pages fit a laptop (1366 px) and a phone (390 px)
without scrolling sideways, and axe-core finds no WCAG 2.1 AA violation on them."""

import pytest

from sporbar.accounts.demo import DEMO_USERS

from .screens import PHONE, WIDE, axe_violations, key_pages, logged_in_context, route_of, sideways_overflow

pytestmark = pytest.mark.browser
ROLES = [username for username, *_ in DEMO_USERS]


@pytest.fixture(scope="module")
def checked_by_axe():
    """Kinds of page axe has read already: each kind once, as the first role that reaches it."""
    return set()


@pytest.mark.parametrize("username", ROLES)
def test_key_pages_fit_both_screens_and_pass_axe(browser, demo_server, demo_db, crawled, checked_by_axe, username):
    pages = key_pages(crawled(username))
    assert len(pages) > 10
    context = logged_in_context(browser, demo_server, username, WIDE)
    page = context.new_page()
    overflow, violations = [], []
    try:
        for url in pages:
            page.set_viewport_size(dict(zip(("width", "height"), WIDE)))
            page.goto(url)
            if problem := sideways_overflow(page):
                overflow.append(f"{url} at {WIDE[0]} px: {problem}")
            page.set_viewport_size(dict(zip(("width", "height"), PHONE)))
            if problem := sideways_overflow(page):
                overflow.append(f"{url} at {PHONE[0]} px: {problem}")
            if route_of(url) not in checked_by_axe:  # on the phone, where wide tables scroll
                checked_by_axe.add(route_of(url))
                page.wait_for_timeout(250)  # scroll regions are marked once a resize settles
                violations += [f"{url}: {v}" for v in axe_violations(page)]
    finally:
        context.close()
    assert not overflow + violations, "\n".join(overflow + violations)
