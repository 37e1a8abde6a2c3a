"""What a login leaves in the browser (DESIGN.md §5): the browser id is renewed at login, so a cookie planted
before the login is not the one logged in; the session storage keeps only a key, no login token; the cookie is
`Secure` outside demo mode. Before, the browser id stayed the same across the login and the storage kept the raw
login token."""

from __future__ import annotations

from nicegui import app
from nicegui.testing import User

from app.services import auth
from main import run_options
from tests.conftest import make_settings
from tests.ui.helpers import RESIDENT_PASSWORD, RESIDENT_PHONE, current_path, log_in, service_env, wait_for_path


def _browser_cookie(user: User) -> str:
    return user.http_client.cookies["session"]


async def test_a_cookie_planted_before_the_login_is_not_logged_in(user: User) -> None:
    await user.open("/login?lang=en")
    planted = _browser_cookie(user)  # an attacker got this cookie into the victim's browser before the login
    await log_in(user, start="/login?lang=en")
    assert _browser_cookie(user) != planted, "the browser id was not renewed at login"

    user.http_client.cookies.set("session", planted)  # the attacker's browser, with the planted cookie
    response = await user.http_client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_the_session_storage_keeps_no_login_token(user: User) -> None:
    await log_in(user)
    stored = {key: value for storage in app.storage._users.values() for key, value in storage.items()}
    key = stored["token"]
    with service_env() as env:
        assert auth.current_session(env, key) is None  # replayed on its own it logs no one in
        assert auth.current_session(env, auth.browser_token("another-browser", key)) is None


async def test_a_login_link_taken_to_another_browser_logs_no_one_in(user: User) -> None:
    """The one-time link a login goes on with works only in the browser that logged in (login CSRF)."""
    with service_env() as env:
        handoff = auth.login_with_password(env, RESIDENT_PHONE, RESIDENT_PASSWORD, client="attacker",
                                           browser="attackers-browser")
    await user.open(f"/login/continue?h={handoff}")
    await wait_for_path(user, "/login?expired=1")
    response = await user.http_client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_after_logging_in_the_page_works_with_the_new_browser_id(user: User) -> None:
    await log_in(user)
    await user.open("/my")
    assert current_path(user) == "/my"
    await user.should_see("Account activity")


def test_the_browser_cookie_is_secure_outside_demo_mode() -> None:
    demo = run_options(make_settings("sqlite://"))["session_middleware_kwargs"]
    real = run_options(make_settings("sqlite://", demo_mode=False))["session_middleware_kwargs"]
    assert (demo["https_only"], real["https_only"]) == (False, True)
    assert real["same_site"] == "lax"
