"""Family mutual aid in a phone browser (DESIGN.md §2.9, §3, §4): 张伟, in Extra large text at 390x844, turns on
"Let 张建国 use my personal account" for his approved father after the confirmation; the toggle button says its
state with aria-pressed; axe is clean on the list, the dialog and the result, and nothing is wider than the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.services import mutual_aid, review
from app.services.binding import lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y, fresh_server
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import log_in
from tests.unit.auth_helpers import logged_in
from tests.unit.binding_helpers import ready_request

SWITCH = "Let 张建国 use my personal account"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: 张伟's father must not be bound already by another test module."""
    running = fresh_server(tmp_path_factory)
    yield running
    running.stop()


def bind_father(server: Server) -> tuple[int, int]:
    """张伟's approved binding of his father 张建国 (the flow is covered elsewhere): (holder, request id)."""
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    holder = logged_in(env, "13800138000", "Family-2026")
    staff = logged_in(env, "13900139000", "Counter-2026")
    assert holder is not None and staff is not None
    view = ready_request(env, holder.account_id, ("张建国", "110101195207010039"), "parent")
    lifecycle.submit(env, holder.account_id, view.id, view.version, client="e2e")
    review.open_request(env, staff.account_id, view.id)
    review.decide(env, staff.account_id, view.id, approve=True)
    env.db.dispose()
    return holder.account_id, view.id


def _no_wider_than_the_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_turning_on_mutual_aid_for_the_father_in_extra_large(page: Page, server: Server) -> None:
    holder, father = bind_father(server)
    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()  # landed, not mid-login
    choose_text_size(page, "Extra large")
    page.get_by_role("link", name="Family", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="My family members")).to_be_visible()
    switch = page.get_by_role("button", name=SWITCH, exact=True)
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.scroll_into_view_if_needed()
    _no_wider_than_the_screen(page)
    box = switch.bounding_box()
    assert box is not None and box["height"] >= 60 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    check_a11y(page, "mutual-aid-xl")

    switch.click()
    dialog = page.get_by_role("dialog", name="Let 张建国 use your personal account?")
    expect(dialog).to_contain_text("your personal account pays 张建国's own share at hospitals and pharmacies")
    check_a11y(page, "mutual-aid-confirm-xl")
    dialog.get_by_role("button", name="Turn on", exact=True).click()

    expect(page.get_by_text("Turned on: your personal account can now pay 张建国's own share.")).to_be_visible()
    switch = page.get_by_role("button", name=SWITCH, exact=True)
    expect(switch).to_have_attribute("aria-pressed", "true")
    _no_wider_than_the_screen(page)
    check_a11y(page, "mutual-aid-on-xl")
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    try:
        assert mutual_aid.status(env, holder)[father].on
    finally:
        env.db.dispose()
    choose_text_size(page, "Standard")  # the account remembers it; leave it as found
