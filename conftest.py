"""Fixtures shared by every app's tests: a small organisation, a user per role, a browser."""

import os

import pytest

from sporbar.accounts.models import Unit, User

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def fast_password_hashing(request, settings):
    """The org fixture creates seven users per test and Argon2 is slow by design.

    Tests marked `argon2` keep the production hashers (accounts' security tests).
    """
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def disclosure_in_step(settings):
    """Tests are deterministic: the disclosure pattern is recomputed at once, never in a thread
    (which would not see the test's transaction)."""
    settings.DISCLOSURE_REFRESH = "sync"


@pytest.fixture
def org(db):
    """Two centres under one area, each with a service, and one user per role.

    centre_a owns the ACT-like initiative of the tests; centre_b is "another unit".
    """
    dept = Unit.objects.create(code="dept", name="Afdelingen", kind=Unit.Kind.DEPARTMENT)
    area = Unit.objects.create(code="area", name="Området", kind=Unit.Kind.AREA, parent=dept)
    centre_a = Unit.objects.create(code="centre-a", name="Center A", kind=Unit.Kind.CENTRE, parent=area)
    service_a = Unit.objects.create(code="service-a", name="Tilbud A", kind=Unit.Kind.SERVICE, parent=centre_a)
    centre_b = Unit.objects.create(code="centre-b", name="Center B", kind=Unit.Kind.CENTRE, parent=area)

    def user(username, role, *units):
        u = User.objects.create_user(username=username, password=PASSWORD, role=role)
        u.units.set(units)
        return u

    class Org:
        pass

    o = Org()
    o.dept, o.area, o.centre_a, o.service_a, o.centre_b = dept, area, centre_a, service_a, centre_b
    o.admin = user("admin", User.Role.ADMIN, dept)
    o.analyst = user("analytiker", User.Role.ANALYST, dept)
    o.leadership = user("ledelse", User.Role.LEADERSHIP, dept)
    o.lead_a = user("leder-a", User.Role.LEAD, centre_a)
    o.lead_b = user("leder-b", User.Role.LEAD, centre_b)
    o.worker_a = user("medarbejder-a", User.Role.WORKER, centre_a)
    o.worker_b = user("medarbejder-b", User.Role.WORKER, centre_b)
    o.password = PASSWORD
    return o


@pytest.fixture
def client_for(client):
    """client_for(user) logs the test client in as that user and returns it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    """api_for(user) returns a DRF client authenticated with a new API token of the user."""
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        _instance, token = AuthToken.objects.create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return api

    return make


@pytest.fixture
def run_jobs(transactional_db):
    """run_jobs() runs every queued background task with the real worker (`sporbar db-worker --batch`).

    The worker commits and closes connections as in production, so tests using it run outside a
    wrapping transaction (transactional_db)."""
    from django.core.management import call_command

    def run():
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)

    return run


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `sudo apt-get install chromium` (make test does it as root).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def browser_login(page, username, password=PASSWORD):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def ffb_condition(dimension: str) -> int:
    """The id of an FFB condition a goal may address (KL's code system, loaded by migration) whose
    goals count in `dimension`."""
    from sporbar.ffb.codes import conditions_for_goals

    conditions = conditions_for_goals().filter(dimension_mapping__dimension=dimension)
    return conditions.order_by("display").values_list("id", flat=True)[0]
