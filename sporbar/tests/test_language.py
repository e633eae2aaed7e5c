"""Every page a demo login reaches speaks Danish to its user: no English words, no developer text."""

import pytest

from sporbar.accounts.demo import DEMO_USERS

from .interface_text import page_problems, problems


@pytest.mark.parametrize("username", [username for username, *_ in DEMO_USERS])
def test_every_page_a_role_reaches_is_in_plain_danish(crawled, username):
    pages = [v for v in crawled(username) if v.is_html]
    assert pages
    found = [f"{v.url}: {problem}" for v in pages for problem in page_problems(v.body)]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "Theme",
        "{'amount': '2500000.00'}",
        "Ændret fra None til True",
        "governance.Hearing #1",
        "Formatet er beskrevet i docs/courses-import.md",
        "Kør sporbar import-catalogue FIL",
        "Effektmål fra afdelingens mål (seed 004)",
        "Ansvarlig enhed\n---------\nCenter A",
    ],
)
def test_the_checker_catches_what_the_users_found(text):
    assert problems(text)


def test_the_checker_leaves_plain_danish_alone():
    assert problems("Initiativ ændret: Engangsbeløb 2.500.000 kr. → 3.000.000 kr., status planlagt → i gang.") == []
