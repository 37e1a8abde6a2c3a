"""Settings → "Change password" and "Change mobile number" (DESIGN.md §2.1.4): the current password is checked and
a wrong one counts towards the lockout like a login; other sessions end, this one stays; a number that already has
an account is never revealed."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import AuditEvent
from app.services import account_changes, accounts, auth
from app.services.errors import AccountLocked, DomainError, ValidationFailed
from tests.unit.recovery_helpers import (
    FREE_NUMBER,
    NEW_PASSWORD,
    PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    WANG_FANG,
    ZHANG_WEI,
    ZHANG_WEI_ID,
    account,
    can_log_in,
    log_in,
    messages,
    other_code,
    sessions,
    set_registry_number,
)

WRONG = "Family-2025"


def _change_password(env, token: str | None, current: str = PASSWORD, new: str = NEW_PASSWORD) -> int:
    return account_changes.change_password(env, account(env, ZHANG_WEI).id, current, new, token=token, client="c1")


def _refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as exc:
        call(*args, **kwargs)
    return exc.value


def _actions(env, account_id: int, action: str) -> list[AuditEvent]:
    with env.db.transaction() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.account_id == account_id,
                                                    AuditEvent.action == action)).all())


# --- Change password ------------------------------------------------------------------------------------------------


def test_change_password_keeps_this_login_and_ends_the_others(env):
    here, elsewhere = log_in(env, ZHANG_WEI, PASSWORD, "here"), log_in(env, ZHANG_WEI, PASSWORD, "elsewhere")

    assert _change_password(env, here) == 1

    assert auth.current_session(env, here) is not None
    assert auth.current_session(env, elsewhere) is None
    holder = account(env, ZHANG_WEI)
    assert sorted(str(row.end_reason) for row in sessions(env, holder.id)) == ["None", "password_changed"]
    assert can_log_in(env, ZHANG_WEI, NEW_PASSWORD) and not can_log_in(env, ZHANG_WEI, PASSWORD)
    [event] = _actions(env, holder.id, "password_changed")
    assert (event.actor_id, json.loads(event.detail)) == (holder.id, {"sessions_ended": 1})


def test_change_password_tells_the_registrys_number(env):
    set_registry_number(env, ZHANG_WEI_ID, "13912345678")
    _change_password(env, log_in(env, ZHANG_WEI, PASSWORD))
    [notice] = messages(env, "13912345678")
    assert "138****8000" in notice.body and "Call 12393" in notice.body and notice.code is None


def test_a_wrong_current_password_counts_towards_the_lockout_like_a_login(env):
    here = log_in(env, ZHANG_WEI, PASSWORD)
    lefts = [_refused(_change_password, env, here, current=WRONG).params["left"] for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    locked = _refused(_change_password, env, here, current=WRONG)
    assert (locked.code, locked.field) == ("current_password_locked", "current_password")
    with pytest.raises(AccountLocked):  # password login is locked too
        auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
    still = _refused(_change_password, env, here)  # even the right password now waits
    assert still.code == "current_password_locked"
    assert auth.current_session(env, here) is not None  # this login stays
    holder = account(env, ZHANG_WEI)
    assert len(_actions(env, holder.id, "login_failed")) == 5 and len(_actions(env, holder.id, "account_locked")) == 1
    assert _actions(env, holder.id, "password_changed") == []


def test_wrong_passwords_at_login_and_in_settings_add_up(env):
    here = log_in(env, ZHANG_WEI, PASSWORD)
    for _ in range(3):
        with pytest.raises(ValidationFailed):
            auth.login_with_password(env, ZHANG_WEI, WRONG, client="c1")
    assert _refused(_change_password, env, here, current=WRONG).params["left"] == 1


def test_a_wrong_current_password_says_so_next_to_its_field(env):
    refused = _refused(_change_password, env, log_in(env, ZHANG_WEI, PASSWORD), current=WRONG)
    assert isinstance(refused, ValidationFailed)
    assert refused.errors == {"current_password": "current_password_wrong"}
    assert can_log_in(env, ZHANG_WEI, PASSWORD)


@pytest.mark.parametrize(("current", "new", "errors"), [
    (PASSWORD, "12345678", {"new_password": "password_common"}),
    (PASSWORD, "short", {"new_password": "password_short"}),
    (PASSWORD, PASSWORD, {"new_password": "password_same"}),
    ("", NEW_PASSWORD, {"current_password": "password_empty"}),
    ("", "", {"current_password": "password_empty", "new_password": "password_empty"}),
])
def test_bad_input_changes_nothing_and_counts_nothing(env, current, new, errors):
    here = log_in(env, ZHANG_WEI, PASSWORD)
    refused = _refused(_change_password, env, here, current=current, new=new)
    assert refused.errors == errors
    assert can_log_in(env, ZHANG_WEI, PASSWORD)
    assert _actions(env, account(env, ZHANG_WEI).id, "login_failed") == []


def test_staff_change_their_own_password(env):
    staff = account(env, STAFF)
    here = log_in(env, STAFF, STAFF_PASSWORD)
    account_changes.change_password(env, staff.id, STAFF_PASSWORD, "Counter-Desk-2031", token=here, client="c1")
    assert can_log_in(env, STAFF, "Counter-Desk-2031")


# --- Change mobile number -------------------------------------------------------------------------------------------


def _send(env, phone: str = FREE_NUMBER) -> str | None:
    account_changes.send_phone_code(env, account(env, ZHANG_WEI).id, phone, client="c1")
    return messages(env, phone)[-1].code


def _change_phone(env, token: str | None, code: str, *, phone: str = FREE_NUMBER, current: str = PASSWORD,
                  account_id: int | None = None) -> int:
    account_id = account_id or account(env, ZHANG_WEI).id
    return account_changes.change_phone(env, account_id, current, phone, code, token=token, client="c1")


def test_change_phone_moves_the_login_to_the_new_number_and_tells_the_old_one(env):
    holder = account(env, ZHANG_WEI).id
    here, elsewhere = log_in(env, ZHANG_WEI, PASSWORD, "here"), log_in(env, ZHANG_WEI, PASSWORD, "elsewhere")
    code = _send(env)
    [sent] = messages(env, FREE_NUMBER)
    assert sent.purpose == account_changes.PHONE_PURPOSE and f"code {code} to make this number" in sent.body

    assert _change_phone(env, here, code) == 1

    info = auth.current_session(env, here)
    assert info is not None and info.phone == FREE_NUMBER
    assert auth.current_session(env, elsewhere) is None
    assert can_log_in(env, FREE_NUMBER, PASSWORD) and not can_log_in(env, ZHANG_WEI, PASSWORD)
    [notice] = [m for m in messages(env, ZHANG_WEI) if m.purpose is None]
    assert "136****3333" in notice.body and "Call 12393" in notice.body
    [event] = _actions(env, holder, "phone_changed")
    assert json.loads(event.detail) == {"old": "138****8000", "new": "136****3333"}


def test_a_number_that_has_an_account_is_answered_like_any_other_and_never_taken(env):
    here = log_in(env, ZHANG_WEI, PASSWORD)
    answers = [account_changes.send_phone_code(env, account(env, ZHANG_WEI).id, phone, client="c1")
               for phone in (FREE_NUMBER, WANG_FANG)]
    assert answers[0] == answers[1]
    [told] = messages(env, WANG_FANG)
    assert told.code is None and told.body == accounts.ALREADY_REGISTERED_SMS
    refused = _refused(_change_phone, env, here, "123456", phone=WANG_FANG)
    assert refused.errors == {"code": "code_wrong"} and refused.params == {"left": 4}
    assert account(env, ZHANG_WEI).phone == ZHANG_WEI and account(env, WANG_FANG).phone == WANG_FANG


def test_a_wrong_current_password_counts_and_leaves_the_code(env):
    here = log_in(env, ZHANG_WEI, PASSWORD)
    code = _send(env)
    refused = _refused(_change_phone, env, here, code, current=WRONG)
    assert refused.errors == {"current_password": "current_password_wrong"} and refused.params == {"left": 4}
    _change_phone(env, here, code)  # the code was not used or counted
    assert account(env, FREE_NUMBER).id is not None


def test_a_wrong_code_changes_nothing(env):
    here = log_in(env, ZHANG_WEI, PASSWORD)
    code = _send(env)
    assert _refused(_change_phone, env, here, other_code(code)).errors == {"code": "code_wrong"}
    assert auth.current_session(env, here).phone == ZHANG_WEI
    assert [m.purpose for m in messages(env, ZHANG_WEI)] == []


@pytest.mark.parametrize(("phone", "code", "errors"), [
    (ZHANG_WEI, "123456", {"new_phone": "phone_same"}),
    ("136", "123456", {"new_phone": "phone_invalid"}),
    (FREE_NUMBER, "", {"code": "code_empty"}),
])
def test_bad_input_is_refused_before_anything(env, phone, code, errors):
    assert _refused(_change_phone, env, None, code, phone=phone).errors == errors


def test_sending_a_code_to_the_own_number_is_refused(env):
    refused = _refused(account_changes.send_phone_code, env, account(env, ZHANG_WEI).id, ZHANG_WEI, client="c1")
    assert refused.errors == {"new_phone": "phone_same"}
    assert messages(env, ZHANG_WEI) == []


def test_staff_numbers_are_the_operators(env):
    staff = account(env, STAFF).id
    assert _refused(account_changes.send_phone_code, env, staff, FREE_NUMBER, client="c1").code == \
        "staff_phone_by_admin"
    assert _refused(_change_phone, env, None, "123456", current=STAFF_PASSWORD, account_id=staff).code == \
        "staff_phone_by_admin"
    assert messages(env, FREE_NUMBER) == []
