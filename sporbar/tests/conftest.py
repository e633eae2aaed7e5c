"""The demo as `sporbar demo --no-serve` loads it, shared by the site-wide tests (crawl, language, screens).

The demo is loaded once per test session and committed, so that a real server thread (the browser
tests) sees it on PostgreSQL too. Tests that use it ask for no `db` fixture: pytest-django then
runs them after every database test, and the session's end empties the database again.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from .crawl import Crawler


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    output = StringIO()
    with django_db_blocker.unblock():
        call_command("demo", no_serve=True, citizens=None, stdout=output)
    cache.clear()  # nothing cached by earlier tests (figures of a plan with the same id) may show
    yield output.getvalue()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_db(demo_site, django_db_blocker):
    """Database access for one test on the committed demo (it must change nothing that others read)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def crawled(demo_site, django_db_blocker):
    """crawled(username): every page that user reaches from the front page, crawled once per session."""
    cache = {}

    def crawl(username):
        if username not in cache:
            with django_db_blocker.unblock():
                cache[username] = Crawler.as_user(username).run()
        return cache[username]

    return crawl


@pytest.fixture(scope="session")
def demo_server(demo_site, django_db_blocker):
    """A live server thread on the committed demo, for the browser tests."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost:0")
    yield server
    server.stop()
