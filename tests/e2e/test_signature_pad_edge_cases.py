"""The signature pad in a real browser: Chromium at phone size with real touch events (CDP), and axe. A tiny
tap is refused with a message; a drawing survives a text size change.

Self-contained: it starts its own small server and does not need the full app (it only borrows the session's
`browser` from tests/e2e/conftest.py, since one process can run only one sync Playwright).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.signature_pad_helpers import (
    SHOTS,
    TOO_SMALL,
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


def test_tiny_tap_is_refused_with_a_message(pad_page: Page) -> None:
    page = pad_page
    cdp = page.context.new_cdp_session(page)
    box = pad_box(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(ok_button(page)).to_be_enabled()  # a dot is ink: the server decides it is too small
    ok_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(TOO_SMALL)
    expect(alert).to_have_class(re.compile(r"error-text"))
    expect(page.get_by_role("status").filter(has_text="signed:")).to_have_count(0)  # on_ok was not called
    # the message describes the pad for screen readers too
    described = page.get_by_role("img", name="Signature pad").get_attribute("aria-describedby") or ""
    assert alert.get_attribute("id") in described.split()
    assert_axe_clean(page, "signature-pad-too-small")

    # Clear removes the message; a real signature then goes through
    page.get_by_role("button", name="Clear", exact=True).click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(ok_button(page)).to_be_disabled()
    touch(cdp, zigzag(pad_box(page), teeth=4))
    expect(ok_button(page)).to_be_enabled()
    ok_button(page).click()
    signed_size(page)


def test_drawing_survives_a_text_size_change(pad_page: Page) -> None:
    page = pad_page
    cdp = page.context.new_cdp_session(page)
    touch(cdp, zigzag(pad_box(page), teeth=3))
    expect(ok_button(page)).to_be_enabled()
    before = canvas_state(page)
    page.evaluate("FEC.setTextSize('extra_large')")  # bigger page padding: a narrower pad
    page.wait_for_function(f"document.querySelector('canvas[role=\"img\"]').width !== {before['width']}")
    after = canvas_state(page)
    assert after["cssWidth"] < before["cssWidth"]
    assert abs(after["width"] - 2 * after["cssWidth"]) <= 1 and abs(after["height"] - 2 * after["cssHeight"]) <= 1
    assert after["inked"] > 1000, "the drawing was lost on resize"
    expect(ok_button(page)).to_be_enabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "signature-pad-extra-large.png"))
    ok_button(page).click()
    signed_size(page)
    assert_axe_clean(page, "signature-pad-extra-large")
