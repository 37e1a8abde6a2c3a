"""Shared data and steps for the staff console page tests (test_staff_*.py): requests built and submitted
through the services on the same database, as the "+" flow would store them (the `User` fixture cannot
upload photos or draw a signature), and reading the staff pages in the simulated browser."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from app.models import Account, BindingRequest
from app.services.binding import drafts, lifecycle
from app.services.env import Env
from tests.ui.helpers import (
    HIDDEN,
    RESIDENT_PHONE,
    element_by_dom_id,
    service_env,
    shown_id,
    wait_for_path,
    wait_until,
)
from tests.unit.binding_helpers import (
    NEWBORN_VALUES,
    STAFF2_PHONE,
    WANG_FANG_PHONE,
    ZHANG_JIANGUO,
    audit_events,
    complete,
    ready_request,
    start,
)
from tests.unit.binding_helpers import account_id as _account_id

MASKED_HOLDER, MASKED_FATHER = shown_id("110101********0017"), shown_id("110101********0039")
REASON_MISSING = "Choose the reason, so the holder knows what to fix"
ALREADY_DECIDED = "This request has already been decided"
ASSIGNED_TO_OTHER = "Another staff member is reviewing this request."
NOT_OPENED = "This request has changed since you opened it. Open it again from the review queue."
REVIEWED_BY_OTHER = "Being reviewed by another staff member"


# --- services on the same database -------------------------------------------------------------------


def submit(person: tuple[str, str] = ZHANG_JIANGUO, relationship: str = "parent", *,
           phone: str = RESIDENT_PHONE, waited: timedelta | None = None) -> int:
    """A complete request for `person`, submitted by `phone`'s holder (`waited` ago)."""
    with service_env() as env:
        holder = _account_id(env, phone)
        view = ready_request(env, holder, person, relationship)
        lifecycle.submit(env, holder, view.id, view.version, client="test")
        if waited:
            _backdate(env, view.id, waited)
        return view.id


def submit_newborn(*, phone: str = WANG_FANG_PHONE) -> int:
    with service_env() as env:
        holder = _account_id(env, phone)
        view = start(env, holder, "newborn")
        view = drafts.set_newborn(env, holder, view.id, view.version, NEWBORN_VALUES, client="test")
        view = complete(env, holder, view)
        lifecycle.submit(env, holder, view.id, view.version, client="test")
        return view.id


def _backdate(env: Env, request_id: int, waited: timedelta) -> None:
    with env.db.transaction() as session:
        row = session.get(BindingRequest, request_id)
        assert row is not None and row.submitted_at is not None
        row.submitted_at -= waited


def row(request_id: int) -> BindingRequest:
    with service_env() as env, env.db.transaction() as session:
        found = session.get(BindingRequest, request_id)
        assert found is not None
        return found


def add_staff(phone: str = STAFF2_PHONE) -> int:
    """A second staff member (the demo has one, DESIGN.md §6; another number makes a third)."""
    with service_env() as env, env.db.transaction() as session:
        found = session.exec(select(Account).where(Account.phone == phone)).first()
        if found is not None:
            return found.id or 0
        account = Account(phone=phone, password_hash="unused", role="staff", created_at=env.clock.now())
        session.add(account)
        session.flush()
        assert account.id is not None
        return account.id


def events(phone: str, action: str) -> list[dict]:
    with service_env() as env:
        return audit_events(env, _account_id(env, phone), action)


def face_document(request_id: int) -> int:
    with service_env() as env:
        return drafts.get(env, _account_id(env, RESIDENT_PHONE), request_id).documents["face"].id


# --- the simulated browser ----------------------------------------------------------------------------

def texts(user: User) -> list[str]:
    assert user.client is not None
    return [str(getattr(element, "text", "")) for element in user.client.layout.descendants()]


def shown_text(user: User, marker: str) -> str:
    """Text of a label that hides with the `fec-hidden` class ('' while hidden)."""
    element = next(iter(user.find(marker=marker).elements))
    return "" if HIDDEN in element.classes else element.text  # type: ignore[attr-defined]


def choose(user: User, marker: str, option: str) -> None:
    user.find(marker=marker).click()
    user.find(option).click()


def _summary_snapshot(user: User) -> tuple[int, ...]:
    summary = element_by_dom_id(user, "error-summary")
    assert summary is not None
    return tuple(element.id for element in summary.descendants())


async def decide(user: User, button: str) -> str:
    """Press "Approve" or "Reject" and wait for the outcome or a form error; returns the outcome text."""
    before = _summary_snapshot(user)
    pressed = next(iter(user.find(kind=ui.button, content=button).elements))
    user.find(kind=ui.button, content=button).click()
    await wait_until(lambda: shown_text(user, "outcome") or (_summary_snapshot(user) != before and pressed.enabled),
                     what=f"the answer to {button}")
    return shown_text(user, "outcome")


async def log_out(user: User) -> None:
    user.find(marker="logout").click()
    await wait_for_path(user, "/login")


def bell(user: User) -> ui.button:
    assert user.client is not None
    return next(element for element in user.client.layout.descendants()
                if isinstance(element, ui.button) and element.text == "Notifications")


def unread_badge(user: User) -> str | None:
    labels = [element.text for element in bell(user).descendants() if isinstance(element, ui.label)]
    return labels[0] if labels else None
