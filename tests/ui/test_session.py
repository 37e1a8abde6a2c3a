"""The idle-session warning (DESIGN.md 2.1 step 5). The browser's idle timer is JavaScript; here the
events it sends (`fec_idle_warn`) are raised directly on the page."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.config import get_settings
from app.services import auth
from app.services.env import build_env
from tests.ui.helpers import RESIDENT_PHONE, account_row, browser_sends, dialog_of, log_in, wait_for_path


def _idle_dialog(user: User) -> ui.dialog:
    return dialog_of(next(iter(user.find(marker="stay").elements)))


def _browser_says_idle(user: User) -> None:
    """What the page's idle timer sends two minutes before the session would end (`ui.on` listens on
    the page layout)."""
    browser_sends(user, "fec_idle_warn")


async def test_idle_warning_offers_to_stay_logged_in(user: User) -> None:
    await log_in(user)
    await user.should_not_see(marker="stay")  # the dialog is made when it is first needed
    _browser_says_idle(user)
    dialog = _idle_dialog(user)
    assert dialog.value is True
    await user.should_see("Are you still there?")
    await user.should_see("For your safety you will be logged out at 10:30 if nothing happens. "
                          "Anything you have typed is kept.")
    user.find(marker="stay").click()
    assert dialog.value is False
    assert user.client is not None and user.client.request.url.path == "/"
    _browser_says_idle(user)  # the second warning reuses the same dialog
    assert _idle_dialog(user) is dialog and dialog.value is True


async def test_idle_warning_after_the_session_ended_elsewhere_goes_to_login(user: User) -> None:
    await log_in(user)
    env = build_env(get_settings())
    try:
        account = account_row(RESIDENT_PHONE)
        assert account is not None and account.id is not None
        auth.logout_everywhere(env, account.id)
    finally:
        env.db.dispose()
    _browser_says_idle(user)
    await wait_for_path(user, "/login?expired=1&next=/")  # and back to the same page after logging in
    await user.should_see("Please log in again.")
