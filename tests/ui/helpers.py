"""Shared steps for the UI tier: logging in, reading the dev SMS inbox, and reading form errors.

Form errors are shown by `app.components.forms`: each field has a label `field-<name>-error` and the
form has a box `error-summary`; both are hidden with the CSS class `fec-hidden` (not NiceGUI's
visibility), so `user.should_see` alone cannot tell a shown error from a hidden one. These helpers
look at the class as a browser would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from sqlmodel import select

from app.components.text import id_number
from app.config import get_settings
from app.models import Account
from app.services.env import Env, build_env
from app.services.sms import newest_dev_message

RESIDENT_PHONE = "13800138000"
RESIDENT_PASSWORD = "Family-2026"
STAFF_PHONE = "13900139000"
STAFF_PASSWORD = "Counter-2026"
NEW_PHONE = "13612345678"
NEW_PASSWORD = "Garden-Path-2026"
CHEN_NAME = "陈喆"
CHEN_ID = "310104198808080032"

HIDDEN = "fec-hidden"


async def wait_until(check: Callable[[], object], *, timeout: float = 15.0, what: str = "condition") -> None:
    """Poll `check` until it is truthy (services run in a thread, navigation in a background task)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            if check():
                return
        except (AttributeError, LookupError, ValueError):
            pass  # the page is being replaced
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def shown_id(masked: str) -> str:
    """A masked ID number as a fact list shows it: its groups, with wrap points between them."""
    return "<wbr>".join(id_number(masked))


def current_path(user: User) -> str:
    """Path (with query) of the page the simulated browser shows now, after redirects."""
    assert user.client is not None
    url = user.client.request.url
    return url.path + (f"?{url.query}" if url.query else "")


async def wait_for_path(user: User, path: str, *, timeout: float = 15.0) -> None:
    """Wait until the browser shows `path` (compared without the query unless `path` has one)."""
    def arrived() -> bool:
        shown = current_path(user)
        return shown == path if "?" in path else shown.split("?")[0] == path
    try:
        await wait_until(arrived, timeout=timeout, what=f"page {path}")
    except AssertionError:
        raise AssertionError(f"expected to be on {path}, but the browser shows {current_path(user)}") from None


def element_by_dom_id(user: User, dom_id: str) -> ui.element | None:
    assert user.client is not None
    for element in user.client.layout.descendants():
        if element.props.get("id") == dom_id:
            return element
    return None


def field_error(user: User, name: str) -> str:
    """The error message shown next to field `name` ('' when none is shown)."""
    label = element_by_dom_id(user, f"field-{name}-error")
    if label is None:  # made the first time the field has an error
        assert user.client is not None
        field_id = f"field-{name}"
        assert any(field_id in (e.props.get("id"), e.props.get("for")) for e in user.client.layout.descendants()), \
            f"no field {name!r} on this page"
        return ""
    if HIDDEN in label.classes:
        return ""
    return label.text  # type: ignore[attr-defined]


def summary_messages(user: User) -> list[str]:
    """The messages listed in the "There is a problem" summary ([] when it is hidden)."""
    box = element_by_dom_id(user, "error-summary")
    assert box is not None, "no error summary on this page"
    if HIDDEN in box.classes:
        return []
    return [element.text for element in box.descendants()  # type: ignore[attr-defined]
            if isinstance(element, (ui.link, ui.label)) and element.text]  # type: ignore[attr-defined]


def summary_title(user: User) -> str | None:
    box = element_by_dom_id(user, "error-summary")
    assert box is not None
    if HIDDEN in box.classes:
        return None
    heading = element_by_dom_id(user, "error-summary-title")
    return heading.text if heading is not None else None  # type: ignore[attr-defined]


async def expect_field_error(user: User, name: str, fragment: str, *, timeout: float = 15.0,
                             title: str = "There is a problem") -> str:
    """Wait until `fragment` is shown next to field `name` and in the summary titled `title`;
    returns the whole message."""
    await wait_until(lambda: fragment in field_error(user, name), timeout=timeout,
                     what=f"error {fragment!r} next to {name!r}")
    message = field_error(user, name)
    assert any(fragment in item for item in summary_messages(user)), (
        f"{fragment!r} is next to {name!r} but not in the summary {summary_messages(user)}")
    assert summary_title(user) == title
    return message


def _summary_snapshot(user: User) -> tuple[int, ...]:
    box = element_by_dom_id(user, "error-summary")
    assert box is not None, "no error summary on this page"
    return tuple(element.id for element in box.descendants())


async def submit_and_wait(user: User, marker: str = "submit", *, timeout: float = 15.0) -> None:
    """Press a form button and wait until its handler has answered: the summary is rebuilt (every
    submit clears it first) and the button is enabled again."""
    before = _summary_snapshot(user)
    button = next(iter(user.find(marker=marker).elements))
    user.find(marker=marker).click()
    await wait_until(lambda: _summary_snapshot(user) != before and button.enabled,  # type: ignore[attr-defined]
                     timeout=timeout, what=f"the answer to {marker!r}")


def input_value(user: User, marker: str) -> str:
    element = next(iter(user.find(marker=marker).elements))
    return element.value or ""  # type: ignore[attr-defined]


def set_input(user: User, marker: str, text: str) -> None:
    """Replace what is in the input (`type` only appends)."""
    user.find(marker=marker).clear()
    if text:
        user.find(marker=marker).type(text)


@contextmanager
def service_env() -> Iterator[Env]:
    """The services on the database the app under test uses."""
    env = build_env(get_settings())
    try:
        yield env
    finally:
        env.db.dispose()


def sms_code(phone: str) -> str:
    """The newest code the dev SMS inbox holds for `phone`."""
    with service_env() as env, env.db.transaction() as session:
        message = newest_dev_message(session, phone)
        assert message is not None and message.code, f"no SMS code was sent to {phone}"
        return message.code


def account_row(phone: str) -> Account | None:
    with service_env() as env, env.db.transaction() as session:
        return session.exec(select(Account).where(Account.phone == phone)).first()


def account_id(phone: str = RESIDENT_PHONE) -> int:
    account = account_row(phone)
    assert account is not None and account.id is not None, phone
    return account.id


async def log_in(user: User, phone: str = RESIDENT_PHONE, password: str = RESIDENT_PASSWORD, *,
                 start: str = "/login?lang=en", lands_on: str | None = "/") -> None:
    """Log in with a password from `start`; waits until the browser shows `lands_on`."""
    await user.open(start)
    user.find(marker="phone").type(phone)
    user.find(marker="password").type(password)
    user.find(marker="submit").click()
    if lands_on is not None:
        await wait_for_path(user, lands_on)


def dialog_of(element: ui.element) -> ui.dialog:
    """The dialog `element` is in."""
    while not isinstance(element, ui.dialog):
        assert element.parent_slot is not None, "not inside a dialog"
        element = element.parent_slot.parent
    return element


def browser_sends(user: User, event: str) -> None:
    """What one of our page scripts sends with `emitEvent` (`ui.on` listens on the page layout)."""
    assert user.client is not None
    UserInteraction(user, {user.client.layout}, None).trigger(event)
