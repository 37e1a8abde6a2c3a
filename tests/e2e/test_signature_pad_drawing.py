"""The signature pad in a real browser: Chromium at phone size with real touch events (CDP), the mouse, and
axe. Drawing, checking and clearing a signature; dragging outside the pad still scrolls the page.

Self-contained: it starts its own small server and does not need the full app (it only borrows the session's
`browser` from tests/e2e/conftest.py, since one process can run only one sync Playwright).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.signature_pad_helpers import (
    SHOTS,
    assert_axe_clean,
    canvas_state,
    ok_button,
    pad_box,
    pad_page_fixture,  # noqa: F401
    pad_url,  # noqa: F401
    signed_size,
    touch,
    zigzag,
)


def test_touch_signature_is_drawn_checked_and_cleared(pad_page: Page) -> None:
    page = pad_page
    pad = page.get_by_role("img", name="Signature pad", exact=True)
    expect(pad).to_have_attribute("style", re.compile(r"touch-action: none"))
    expect(page.get_by_text("Sign with your finger in the box")).to_be_visible()
    expect(ok_button(page)).to_be_disabled()
    expect(page.get_by_role("button", name="Clear", exact=True)).to_be_enabled()
    # the pad: full width, about 0.45 x as high, backing store at device resolution
    state = canvas_state(page)
    assert state["cssWidth"] > 300 and 160 <= state["cssHeight"] + 4 <= 320
    assert abs(state["width"] - 2 * state["cssWidth"]) <= 1 and abs(state["height"] - 2 * state["cssHeight"]) <= 1
    assert state["inked"] == 0
    assert_axe_clean(page, "signature-pad-empty")

    cdp = page.context.new_cdp_session(page)
    scroll_before = page.evaluate("window.scrollY")
    box = pad_box(page)
    touch(cdp, zigzag(box))
    expect(ok_button(page)).to_be_enabled()
    assert page.evaluate("window.scrollY") == scroll_before, "drawing scrolled the page"
    assert pad_box(page) == box
    assert canvas_state(page)["inked"] > 2000
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "signature-pad-drawn.png"))

    ok_button(page).click()
    width, height = signed_size(page)
    # trimmed to the zigzag (plus margins) at device resolution: about (pad width - 2 x 24) x 2
    assert 2 * (box["width"] - 48) <= width <= 2 * (box["width"] - 48) + 60
    assert 2 * (box["height"] - 48) <= height <= 2 * (box["height"] - 48) + 60
    expect(page.get_by_role("alert")).to_have_count(0)
    assert_axe_clean(page, "signature-pad-signed")

    page.get_by_role("button", name="Clear", exact=True).click()
    expect(ok_button(page)).to_be_disabled()
    page.wait_for_function("() => document.querySelector('canvas[role=\"img\"]') && " + _NO_INK)
    assert canvas_state(page)["inked"] == 0


_NO_INK = """(() => { const c = document.querySelector('canvas[role="img"]');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 4) if (d[i]) return false; return true; })()"""


def test_dragging_outside_the_pad_still_scrolls(pad_page: Page) -> None:
    """Control for the scroll check above: the same finger movement on the page does scroll it."""
    page = pad_page
    cdp = page.context.new_cdp_session(page)
    box = pad_box(page)
    below = box["y"] + box["height"] + 200
    touch(cdp, [(box["x"] + 100, below + 200), (box["x"] + 100, below - 100)], steps=10)
    page.wait_for_function("window.scrollY > 50")
    expect(ok_button(page)).to_be_disabled()


def test_mouse_draws_too(pad_page: Page) -> None:
    page = pad_page
    points = zigzag(pad_box(page), teeth=3, inset=30)
    page.mouse.move(*points[0])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x, y, steps=8)
    page.mouse.up()
    expect(ok_button(page)).to_be_enabled()
    ok_button(page).click()
    width, height = signed_size(page)
    assert width > 2 * 200 and height > 2 * 60
    # a right click does not draw
    page.get_by_role("button", name="Clear", exact=True).click()
    expect(ok_button(page)).to_be_disabled()
    page.mouse.move(*points[0])
    page.mouse.down(button="right")
    page.mouse.move(*points[3], steps=5)
    page.mouse.up(button="right")
    page.wait_for_timeout(300)
    expect(ok_button(page)).to_be_disabled()
