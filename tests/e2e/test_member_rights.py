"""The member's rights end to end (DESIGN.md §2.6): 王芳, bound by 张伟, opens "Who can show my card" from
My, removes him after the confirmation, and he is told. axe on the page and its dialog, in Extra large."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.services import review
from app.services.binding import lifecycle
from app.services.env import build_env
from tests.conftest import make_settings
from tests.e2e.conftest import Server, check_a11y
from tests.e2e.test_binding import choose_text_size
from tests.e2e.test_journeys import log_in
from tests.unit.auth_helpers import logged_in
from tests.unit.binding_helpers import ready_request


def bind_wang_fang(server: Server) -> None:
    """张伟's approved binding of 王芳, made through the services (the flow is covered elsewhere)."""
    env = build_env(make_settings(server.env["DATABASE_URL"]))
    holder = logged_in(env, "13800138000", "Family-2026")
    staff = logged_in(env, "13900139000", "Counter-2026")
    assert holder is not None and staff is not None
    view = ready_request(env, holder.account_id, ("王芳", "110101199002140022"), "spouse")
    lifecycle.submit(env, holder.account_id, view.id, view.version, client="e2e")
    review.open_request(env, staff.account_id, view.id)
    review.decide(env, staff.account_id, view.id, approve=True)
    env.db.dispose()


def test_member_removes_a_holder(page: Page, server: Server) -> None:
    bind_wang_fang(server)
    log_in(page, "13700137000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 王芳")).to_be_visible()
    choose_text_size(page, "Extra large")
    page.get_by_role("link", name="My", exact=True).click()
    page.get_by_role("link", name="Who can show my card", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Who can show my card")).to_be_visible()
    holder = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张伟", exact=True))
    expect(holder).to_contain_text("You are their: Husband or wife")
    check_a11y(page, "holders-xl")
    holder.get_by_role("button", name="Remove 张伟", exact=True).click()
    dialog = page.get_by_role("dialog", name="Remove 张伟")
    expect(dialog).to_contain_text("will no longer be able to show your e-card")
    check_a11y(page, "holders-remove-dialog-xl")
    dialog.get_by_role("button", name="Remove 张伟", exact=True).click()
    expect(page.get_by_text("Removed. They can no longer show your card and have been told.")).to_be_visible()
    expect(page.get_by_role("heading", name="张伟", exact=True)).to_have_count(0)
    check_a11y(page, "holders-removed-xl")
    choose_text_size(page, "Standard")  # the account remembers it; leave it as found
