"""The first screen holds each page's primary action in every text size (DESIGN.md §3), at 390x844 with touch: the
header and any bar fixed at the bottom take at most a fifth of the screen (169 px) together, and every primary
action lies wholly between them, scrolled to the top. axe checks every page in every size. The first screens are
saved in test-results/screens/ (`make screens`) for review.

Measured before this was built: "Show e-card" on home ended at 857, 1,355 and 1,722 px in Standard, Large and Extra
large; the header with its navigation was 215, 425 and 441 px tall."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import ROOT, Server, check_a11y, phone_context
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import log_in
from tests.e2e.tour import PASSWORD, Seeded, Stop, other_pages, seed, stops

SCREENS = ROOT / "test-results" / "screens"
SIZES = ("Standard", "Large", "Extra large")
FIFTH = 844 / 5
STAFF, STAFF_PASSWORD = "13900139000", "Counter-2026"

_BARS = """() => {
  const header = document.querySelector('.q-header');
  const bar = [...document.querySelectorAll('.tab-bar, .action-bar')]
    .find((el) => getComputedStyle(el).position === 'fixed');
  return {header: header ? header.getBoundingClientRect().bottom : 0,
          bar: bar ? bar.getBoundingClientRect().top : innerHeight};
}"""


@pytest.fixture(scope="module")
def seeded(server: Server) -> Seeded:
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    try:
        return seed(env)
    finally:
        env.db.dispose()


@contextmanager
def _logged_in(browser: Browser, server: Server, who: str, size: str) -> Iterator[tuple[BrowserContext, Page]]:
    context = phone_context(browser, server.url)
    page = context.new_page()
    page.goto("/login?lang=en")
    if who != "anonymous":
        log_in(page, *((STAFF, STAFF_PASSWORD) if who == "staff" else (who, PASSWORD)))
        expect(page.get_by_role("button", name="Log out", exact=True)).to_be_attached()
    choose_text_size(page, size)  # after logging in: an account's own choice (from another test) would win
    try:
        yield context, page
        if who != "anonymous":  # the account keeps the choice: give it back as the other tests expect it
            choose_text_size(page, "Standard")
    finally:
        context.close()


def _measure(page: Page, stop: Stop, size: str) -> None:
    page.goto(stop.path)
    primaries = stop.primary(page)
    for primary in primaries:
        expect(primary).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    bars = page.evaluate(_BARS)
    screen = page.viewport_size["height"]  # type: ignore[index]
    taken = bars["header"] + (screen - bars["bar"])
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{stop.name}-{size.replace(' ', '-').lower()}.png"))
    assert taken <= FIFTH, f"{stop.name} in {size}: header and bar take {taken:.0f} px (a fifth is {FIFTH:.0f})"
    for primary in primaries:
        box = primary.bounding_box()
        assert box is not None, f"{stop.name} in {size}: {primary} has no box"
        in_bar = box["y"] >= bars["bar"] - 0.5
        top, bottom = (bars["bar"], screen) if in_bar else (bars["header"], bars["bar"])
        assert top - 0.5 <= box["y"] and box["y"] + box["height"] <= bottom + 0.5, (
            f"{stop.name} in {size}: {primary} spans {box['y']:.0f}-{box['y'] + box['height']:.0f} px, "
            f"outside {top:.0f}-{bottom:.0f}")
    check_a11y(page, f"first-{stop.name}-{size.replace(' ', '-').lower()}")


def _tour(browser: Browser, server: Server, tour: list[Stop], size: str, visit: Callable[[Page, Stop], None]) -> None:
    """Each stop visited by its person, logged in once, in text size `size`."""
    by_who: dict[str, list[Stop]] = {}
    for stop in tour:
        by_who.setdefault(stop.who, []).append(stop)
    for who, visits in by_who.items():
        with _logged_in(browser, server, who, size) as (_, page):
            for stop in visits:
                visit(page, stop)


@pytest.mark.parametrize("size", SIZES)
def test_every_primary_action_is_on_the_first_screen(browser: Browser, server: Server, seeded: Seeded,
                                                     size: str) -> None:
    _tour(browser, server, stops(seeded), size, lambda page, stop: _measure(page, stop, size))


def test_pages_reflow_at_320_px_in_extra_large_text(browser: Browser, server: Server, seeded: Seeded) -> None:
    """320 px wide is a small phone, or a 640 px window at 200 % zoom: nothing scrolls sideways."""
    for who in ("anonymous", stops(seeded)[1].who, stops(seeded)[4].who):
        with _logged_in(browser, server, who, "Extra large") as (_, page):
            page.set_viewport_size({"width": 320, "height": 640})
            for stop in (s for s in stops(seeded) if s.who == who):
                page.goto(stop.path)
                expect(stop.primary(page)[0]).to_be_attached()
                page.wait_for_load_state("networkidle")
                width = page.evaluate("document.documentElement.scrollWidth")
                page.screenshot(path=str(SCREENS / f"{stop.name}-320px.png"), full_page=True)
                assert width <= 320, f"{stop.name} is {width} px wide at 320 px"


@pytest.mark.skipif(not os.environ.get("FEC_SCREENS"), reason="`make screens` only: screenshots for review")
@pytest.mark.parametrize("size", SIZES)
def test_screens_of_every_other_page(browser: Browser, server: Server, seeded: Seeded, size: str) -> None:
    def look(page: Page, stop: Stop) -> None:
        page.goto(stop.path)
        expect(stop.primary(page)[0]).to_be_visible()
        page.wait_for_load_state("networkidle")
        name = f"{stop.name}-{size.replace(' ', '-').lower()}"
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"{name}.png"))
        check_a11y(page, f"every-{name}")

    _tour(browser, server, other_pages(seeded), size, look)
