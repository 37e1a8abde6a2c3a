"""Idle sessions, logging out (also on all devices) and disabled staff (DESIGN.md 2.1 steps 4-5,
section 5)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app.models import Notification
from app.services import auth, notifications, staff_admin
from app.services.errors import ValidationFailed
from app.services.sms import newest_dev_message
from tests.conftest import FIXED_NOW
from tests.unit.accounts_helpers import own_person
from tests.unit.auth_helpers import (
    PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    WANG_FANG,
    ZHANG_WEI,
    _account,
    _events,
    _session_row,
    bound,
)

# --- idle sessions -----------------------------------------------------------------------------------------------


def test_session_ends_after_30_idle_minutes(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    env.clock.advance(minutes=30)

    assert auth.current_session(env, token) is None

    row = _session_row(env, token)
    assert row.end_reason == "idle"
    assert row.ended_at == env.clock.now()
    # Ended means ended: activity afterwards does not bring it back.
    assert auth.keep_alive(env, token) is False
    assert auth.current_session(env, token) is None


def test_session_is_alive_just_before_30_idle_minutes(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    env.clock.advance(minutes=29, seconds=59)

    assert auth.current_session(env, token, touch=False) is not None
    assert _session_row(env, token).ended_at is None


def test_page_views_count_as_activity(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    env.clock.advance(minutes=29)
    assert auth.current_session(env, token) is not None  # touch=True: a page view
    env.clock.advance(minutes=29)
    info = auth.current_session(env, token, touch=False)
    assert info is not None
    assert info.idle_expires_at == FIXED_NOW + timedelta(minutes=29 + 30)


def test_looking_without_touching_does_not_extend(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    env.clock.advance(minutes=20)
    assert auth.current_session(env, token, touch=False) is not None
    env.clock.advance(minutes=10)
    assert auth.current_session(env, token, touch=False) is None


def test_keep_alive_extends_the_session(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    env.clock.advance(minutes=20)
    assert auth.keep_alive(env, token) is True
    env.clock.advance(minutes=20)

    info = auth.current_session(env, token, touch=False)
    assert info is not None
    assert info.idle_expires_at == FIXED_NOW + timedelta(minutes=50)

    env.clock.advance(minutes=10)
    assert auth.current_session(env, token, touch=False) is None
    assert _session_row(env, token).end_reason == "idle"


def test_keep_alive_after_the_idle_limit_ends_the_session(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    env.clock.advance(minutes=31)
    assert auth.keep_alive(env, token) is False
    assert _session_row(env, token).end_reason == "idle"


# --- logging out -------------------------------------------------------------------------------------------------


def test_logout_ends_the_session(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))

    auth.logout(env, token, client="c1")

    assert auth.current_session(env, token) is None
    assert auth.keep_alive(env, token) is False
    row = _session_row(env, token)
    assert row.end_reason == "logout" and row.ended_at == FIXED_NOW
    auth.logout(env, token)  # a second press is harmless
    assert len(_events(env, row.account_id, "logout")) == 1


def test_logout_everywhere_ends_all_sessions_of_that_account_only(env):
    phone_token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="phone"))
    laptop_token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="laptop"))
    wife_token = bound(env, auth.login_with_password(env, WANG_FANG, PASSWORD, client="c2"))
    account_id = _account(env, ZHANG_WEI).id

    assert auth.logout_everywhere(env, account_id, client="phone") == 2

    assert auth.current_session(env, phone_token) is None
    assert auth.current_session(env, laptop_token) is None
    assert _session_row(env, laptop_token).end_reason == "all_devices"
    assert auth.current_session(env, wife_token) is not None
    [event] = _events(env, account_id, "logout_all_devices")
    assert json.loads(event.detail) == {"sessions": 2}


def test_disabled_staff_cannot_log_in_and_their_sessions_end(env):
    token = bound(env, auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1"))
    staff_id = _account(env, STAFF).id

    staff_admin.disable_staff(env, STAFF)

    assert auth.current_session(env, token) is None
    assert _session_row(env, token).end_reason == "disabled"
    with pytest.raises(ValidationFailed) as exc:
        auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1")
    assert exc.value.errors == {"password": "login_wrong"}
    auth.send_login_code(env, STAFF, client="c1")  # answered as for any number, but no code goes out
    with env.db.transaction() as session:
        assert newest_dev_message(session, STAFF) is None
    assert [e.actor_role for e in _events(env, staff_id, "staff_disabled")] == ["admin"]


@pytest.mark.parametrize("phone", [ZHANG_WEI, "13600136000"])
def test_disable_staff_only_disables_staff(env, phone):
    with pytest.raises(ValidationFailed) as exc:
        staff_admin.disable_staff(env, phone)
    assert exc.value.errors == {"phone": "staff_unknown"}
    assert _account(env, ZHANG_WEI).disabled_at is None


# --- what every page's frame reads with the session -----------------------------------------------------------


def _notify(env, account_id: int, *, read: bool = False) -> None:
    with env.db.transaction() as session:
        session.add(Notification(account_id=account_id, created_at=FIXED_NOW, kind="binding_approved", params="{}",
                                 read_at=FIXED_NOW if read else None))


def test_session_carries_the_own_record_and_the_unread_count(env):
    token = bound(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"))
    me, other = _account(env, ZHANG_WEI).id, _account(env, WANG_FANG).id
    info = auth.current_session(env, token)
    assert info.person == own_person(env, me)
    assert (info.person.name, info.name) == ("张伟", "张伟")
    assert info.unread == 0

    _notify(env, me)
    _notify(env, me)
    _notify(env, me, read=True)  # read ones are not counted
    _notify(env, other)  # nor another account's
    assert auth.current_session(env, token).unread == 2 == notifications.unread_count(env, me)


def test_unverified_account_has_no_own_record(env):
    token = bound(env, auth.login_with_password(env, STAFF, STAFF_PASSWORD, client="c1"))
    info = auth.current_session(env, token)
    assert (info.role, info.person, info.name, info.unread) == ("staff", None, None, 0)


# --- the login handoff and the browser it is bound to (DESIGN.md §5) ----------------------------------------------


def test_a_handoff_is_not_a_login_until_a_browser_takes_it_over(env):
    handoff = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    assert auth.current_session(env, handoff) is None
    key = auth.bind_session(env, handoff, "browser-a")
    assert key is not None and key != handoff
    assert auth.current_session(env, auth.browser_token("browser-a", key)).phone == ZHANG_WEI


def test_a_handoff_is_taken_over_once(env):
    handoff = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    assert auth.bind_session(env, handoff, "browser-a")
    assert auth.bind_session(env, handoff, "browser-b") is None  # a copy of the link logs no one in


def test_a_handoff_older_than_two_minutes_is_refused(env):
    handoff = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    env.clock.advance(minutes=2, seconds=1)
    assert auth.bind_session(env, handoff, "browser-a") is None


@pytest.mark.parametrize("handoff", ["", "not-a-handoff"])
def test_an_unknown_handoff_is_refused(env, handoff):
    assert auth.bind_session(env, handoff, "browser-a") is None


def test_what_the_session_storage_keeps_is_no_login_on_its_own(env):
    """The storage keeps only the key: replayed alone, or from another browser, it logs no one in."""
    key = auth.bind_session(env, auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1"), "browser-a")
    assert key is not None
    assert auth.current_session(env, key) is None
    assert auth.current_session(env, auth.browser_token("browser-b", key)) is None
    assert auth.current_session(env, auth.browser_token("browser-a", key)) is not None


def test_only_the_browser_that_logged_in_takes_its_login_over(env):
    """A link to someone else's handoff (login CSRF) logs no one in; nor does the handoff alone."""
    handoff = auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1", browser="phone-of-zhang-wei")
    assert auth.bind_session(env, handoff, "new-id", previous="attackers-browser") is None
    assert auth.bind_session(env, handoff, "new-id") is None
    assert auth.bind_session(env, handoff, "new-id", previous="phone-of-zhang-wei") is not None
