"""Every demo login walks the demo site: no page fails, no link leads to a denial, and each role
gets exactly the denials the access rules intend (the tables below), on the pages and in the API."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from sporbar.accounts.demo import DEMO_USERS
from sporbar.accounts.models import User
from sporbar.courses.models import Assessment, Citizen, Course
from sporbar.governance.models import Hearing, Meeting
from sporbar.investment.models import InvestmentCase
from sporbar.plans.models import Initiative, Plan

ROLES = [username for username, *_ in DEMO_USERS]


@pytest.mark.parametrize("username", ROLES)
def test_no_page_reachable_from_the_front_page_fails(crawled, username):
    visits = crawled(username)
    assert len(visits) > 20, "the crawl found almost nothing: is the demo loaded?"
    failures = [f"{v.status} {v.url} (link on {v.found_on}) {v.error}" for v in visits if v.status >= 500]
    assert failures == []


@pytest.mark.parametrize("username", ROLES)
def test_no_link_shown_to_a_role_leads_to_a_denial(crawled, username):
    """A page must not offer a link that the same user is then refused."""
    denied = [f"{v.status} {v.url} (link on {v.found_on})" for v in crawled(username) if 400 <= v.status < 500]
    assert denied == []


# --- who gets what --------------------------------------------------------------------------


def _demo_objects():
    act = Initiative.objects.get(key="act")
    ips = Initiative.objects.get(key="ips")
    act_course = Course.objects.filter(initiative=act).order_by("id").first()
    ips_course = Course.objects.filter(initiative=ips).order_by("id").first()
    return {
        "plan": Plan.objects.get().id,
        "act": act.id,
        "ips": ips.id,
        "act_citizen": act_course.citizen_id,
        "ips_citizen": ips_course.citizen_id,
        "act_course": act_course.id,
        "ips_course": ips_course.id,
        "act_assessment": Assessment.objects.filter(course=act_course).order_by("id").first().id,
        "citizen": Citizen.objects.order_by("id").first().id,
        "case": InvestmentCase.objects.order_by("id").first().id,
        "meeting": Meeting.objects.order_by("id").first().id,
        "hearing": Hearing.objects.order_by("id").first().id,
    }


A, F, N, L = 200, 403, 404, 302  # answered, forbidden, not found (hidden), login required
# Columns: anonymous, then the demo logins in DEMO_USERS order:
#                admin  analytiker  ledelse  leder-act  medarbejder-act  medarbejder-ips
PAGES = [
    ("/", (L, A, A, A, A, A, A)),
    ("/planer/{plan}/", (L, A, A, A, A, A, A)),
    ("/planer/{plan}/effekt/", (L, A, A, A, A, A, A)),
    ("/planer/import/", (L, A, A, F, F, F, F)),
    ("/planer/{plan}/struktur/", (L, A, A, F, F, F, F)),
    ("/planer/{plan}/nyt-initiativ/", (L, A, A, F, F, F, F)),
    ("/initiativer/{act}/", (L, A, A, A, A, A, A)),
    ("/initiativer/{act}/rediger/", (L, A, A, F, F, F, F)),
    ("/borgere/", (L, F, F, F, A, A, A)),
    ("/borgere/{act_citizen}/", (L, N, N, N, A, A, N)),
    ("/borgere/{ips_citizen}/", (L, N, N, N, N, N, A)),
    ("/forloeb/{act_course}/vurdering/", (L, N, N, N, A, A, N)),
    ("/forloeb/{ips_course}/vurdering/", (L, N, N, N, N, N, A)),
    ("/vurderinger/{act_assessment}/", (L, N, N, N, A, A, N)),
    ("/borgere/import/", (L, F, F, F, A, A, A)),
    ("/borgere/{citizen}/slet/", (L, A, N, N, N, N, N)),
    ("/log/aendringer/", (L, A, F, F, F, F, F)),
    ("/log/adgang/", (L, A, F, F, F, F, F)),
    ("/investering/", (L, A, A, A, A, F, F)),
    ("/investering/katalog/", (L, A, A, A, A, F, F)),
    ("/investering/katalog/ny/", (L, A, A, F, F, F, F)),
    ("/investering/{case}/rediger/", (L, A, A, F, F, F, F)),
    ("/planer/{plan}/udvalgsrapport/", (L, A, A, A, A, F, F)),
    ("/planer/{plan}/effekt/rapport.csv", (L, A, A, A, A, F, F)),
    ("/effektmaal/", (L, A, A, A, A, A, A)),
    ("/effektmaal/ny/", (L, A, A, F, F, F, F)),
    ("/moeder/{meeting}/", (L, A, A, A, A, A, A)),
    ("/hoeringer/ny/", (L, A, A, F, A, F, F)),
    ("/dokumenter/import/", (L, A, A, N, N, N, N)),
]


@pytest.fixture(scope="module")
def demo_ids(demo_site, django_db_blocker):
    with django_db_blocker.unblock():
        return _demo_objects()


def _client(username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", [None, *ROLES])
def test_each_role_gets_the_intended_answer_on_the_key_pages(demo_db, demo_ids, username):
    column = [None, *ROLES].index(username)
    client = _client(username)
    wrong = []
    for pattern, expected in PAGES:
        url = pattern.format(**demo_ids)
        status = client.get(url).status_code
        if status != expected[column]:
            wrong.append(f"{url}: {status}, expected {expected[column]}")
    assert wrong == [], username


# --- the API ----------------------------------------------------------------------------------

PERSON_DATA = {"citizen", "course", "goal", "assessment", "employment-status", "self-report"}
INVESTMENT = {"investment-case", "consequence", "price"}
PERSON_VIEWERS = {"leder-act", "medarbejder-act", "medarbejder-ips"}
INVESTMENT_READERS = {"admin", "analytiker", "ledelse", "leder-act"}
LIST_PARAMS = {"keyfigures": "?plan={plan}"}


def api_expectation(name: str, username: str) -> str:
    """'rows' (a list with content), 'empty' (the list is filtered to nothing) or 'denied' (403)."""
    if name == "employment-status":  # only IPS is an employment initiative
        return "rows" if username == "medarbejder-ips" else "empty"
    if name in PERSON_DATA:
        return "rows" if username in PERSON_VIEWERS else "empty"
    if name in INVESTMENT:
        return "rows" if username in INVESTMENT_READERS else "denied"
    return "rows"


def api_resources() -> list[str]:
    """The basenames of every list endpoint the API's routers register."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif route.startswith("api/v1/") and (pattern.name or "").endswith("-list"):
                yield pattern.name.removesuffix("-list")

    return sorted(set(walk(get_resolver().url_patterns)))


def test_the_api_crawl_knows_every_resource():
    assert {"plans", "initiatives", "citizen", "assessment", "keyfigures", "meetings", "hearings"} <= set(
        api_resources()
    )


@pytest.mark.parametrize("username", ROLES)
def test_every_api_list_and_detail_answers_as_intended(demo_db, demo_ids, username):
    client = _client(username)
    wrong = []
    for name in api_resources():
        url = reverse(f"{name}-list") + LIST_PARAMS.get(name, "").format(**demo_ids)
        response = client.get(url, HTTP_ACCEPT="application/json")
        expected = api_expectation(name, username)
        if expected == "denied":
            if response.status_code != 403:
                wrong.append(f"{url}: {response.status_code}, expected 403")
            continue
        if response.status_code != 200:
            wrong.append(f"{url}: {response.status_code}, expected 200")
            continue
        rows = response.json()
        rows = rows["results"] if isinstance(rows, dict) and "results" in rows else rows
        if bool(rows) != (expected == "rows"):
            wrong.append(f"{url}: {len(rows)} rows, expected {expected}")
        for row in rows[:2] if _has_detail(name) else []:
            detail = client.get(reverse(f"{name}-detail", args=[row["id"]]), HTTP_ACCEPT="application/json")
            if detail.status_code != 200:
                wrong.append(f"{detail.request['PATH_INFO']}: {detail.status_code}, expected 200")
    assert wrong == [], username


def _has_detail(name):
    try:
        reverse(f"{name}-detail", args=[1])
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize(
    ("username", "resource", "key"),
    [
        ("medarbejder-ips", "citizen", "act_citizen"),
        ("medarbejder-act", "citizen", "ips_citizen"),
        ("medarbejder-act", "course", "ips_course"),
        ("leder-act", "course", "ips_course"),
        ("analytiker", "citizen", "act_citizen"),
    ],
)
def test_the_api_hides_a_person_of_another_unit(demo_db, demo_ids, username, resource, key):
    response = _client(username).get(reverse(f"{resource}-detail", args=[demo_ids[key]]))
    assert response.status_code == 404  # not even a hint that the person exists
    assert response.json() == {"detail": "Ikke fundet."}
