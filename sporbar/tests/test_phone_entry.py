"""On a 390 px phone: the worker's assessment entry and the citizen's self-rating take a thumb. Every
choice is a tile of at least 44 × 44 px, its number sits under its own circle, a tap anywhere on the
tile chooses it, nothing scrolls sideways, and axe-core finds no WCAG 2.1 AA violation."""

import pytest

from sporbar.accounts.models import User
from sporbar.courses import services
from sporbar.courses.models import Course

from .screens import PHONE, axe_violations, logged_in_context, sideways_overflow

pytestmark = pytest.mark.browser
PHONE_OPTIONS = {"is_mobile": True, "has_touch": True}
MIN_TARGET = 44

TILES = """() => [...document.querySelectorAll("fieldset")].map(group => ({
  legend: group.querySelector("legend").textContent.trim(),
  tiles: [...group.querySelectorAll("label.choice")].map(tile => {
    const box = e => e && e.getBoundingClientRect();
    const number = tile.querySelector(".choice-number");
    return {tile: box(tile).toJSON(), radio: box(tile.querySelector("input")).toJSON(),
            number: number && box(number).toJSON(), text: number ? number.textContent.trim() : tile.textContent.trim(),
            value: tile.querySelector("input").value};
  }),
}))"""


@pytest.fixture
def worker_and_course(demo_db):
    worker = User.objects.get(username="medarbejder-act")
    course = Course.objects.filter(initiative__key="act", end_date=None).order_by("id").first()
    return worker, course


def check_tiles(groups, numbered: set[str]) -> list[str]:
    """Problems with the groups' tiles; groups whose legend starts with a word in `numbered` show numbers."""
    problems = []
    for group in groups:
        for t in group["tiles"]:
            tile, radio, number = t["tile"], t["radio"], t["number"]
            where = f"{group['legend']} / {t['text']}"
            if tile["width"] < MIN_TARGET or tile["height"] < MIN_TARGET:
                problems.append(f"{where}: {tile['width']:.0f} × {tile['height']:.0f} px")
            if tile["left"] < 0 or tile["right"] > PHONE[0]:
                problems.append(f"{where}: outside the screen")
            if any(group["legend"].startswith(word) for word in numbered):
                if number is None or t["text"] != t["value"]:
                    problems.append(f"{where}: no number {t['value']} on the tile")
                elif not (
                    number["top"] >= radio["bottom"] - 1
                    and radio["left"] <= number["left"] + number["width"] / 2 <= radio["right"] + number["width"]
                ):
                    problems.append(f"{where}: the number is not under its circle")
    return problems


def test_the_worker_assesses_with_a_thumb(browser, demo_server, worker_and_course):
    worker, course = worker_and_course
    context = logged_in_context(browser, demo_server, worker.username, PHONE, **PHONE_OPTIONS)
    page = context.new_page()
    try:
        page.goto(f"/forloeb/{course.id}/vurdering/")
        groups = page.evaluate(TILES)
        levels = [g for g in groups if g["legend"].startswith("Funktionsniveau")]
        assert levels and all([t["text"] for t in g["tiles"]] == ["0", "1", "2", "3", "4"] for g in levels)
        assert check_tiles(groups, numbered={"Funktionsniveau"}) == []
        first_level = page.locator("fieldset").first.locator(".choice-number", has_text="3")
        first_level.tap()
        assert page.locator("fieldset").first.locator("input[value='3']").is_checked()
        assert sideways_overflow(page) is None
        page.wait_for_timeout(250)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_the_citizen_rates_0_to_10_with_a_thumb(browser, demo_server, worker_and_course):
    worker, course = worker_and_course
    link, token = services.create_link(course, worker)
    context = browser.new_context(
        base_url=demo_server.url, locale="da-DK", viewport=dict(zip(("width", "height"), PHONE)), **PHONE_OPTIONS
    )
    page = context.new_page()
    try:
        page.goto(f"/s/{token}/")
        groups = page.evaluate(TILES)
        assert len(groups) == course.goals.count()
        assert all([t["text"] for t in g["tiles"]] == [str(n) for n in range(11)] for g in groups)
        assert check_tiles(groups, numbered={g["legend"] for g in groups}) == []
        page.locator("fieldset").first.locator(".choice-number", has_text="10").tap()
        assert page.locator("fieldset").first.locator("input[value='10']").is_checked()
        assert sideways_overflow(page) is None
        assert axe_violations(page) == []
    finally:
        context.close()
        link.delete()


def test_axe_reports_a_violation_when_there_is_one(browser, demo_server, demo_db):
    """The accessibility checks above can fail: an image without a text alternative is caught."""
    context = browser.new_context(base_url=demo_server.url)
    page = context.new_page()
    try:
        page.goto("/login/")
        page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
        assert any(v.startswith("image-alt") for v in axe_violations(page))
    finally:
        context.close()
