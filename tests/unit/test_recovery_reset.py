""""Forgot password?" (DESIGN.md §2.1.4): a code to the account's number, the ID number of a verified account, a new
password; every session ends, a lockout is lifted, the registry's number is told; it never tells whether a number
has an account."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.models import AuditEvent, VerificationCode
from app.services import auth, recovery
from app.services.errors import AccountLocked, RateLimited, ValidationFailed
from tests.unit.accounts_helpers import _new_account
from tests.unit.auth_helpers import _lock
from tests.unit.recovery_helpers import (
    NEW_PASSWORD,
    NO_ACCOUNT,
    PASSWORD,
    STAFF,
    STAFF_PASSWORD,
    WANG_FANG_ID,
    ZHANG_WEI,
    ZHANG_WEI_ID,
    account,
    can_log_in,
    hits,
    log_in,
    messages,
    other_code,
    reset_code,
    sessions,
    set_registry_number,
)


def _reset(env, code: str, *, phone: str = ZHANG_WEI, id_number: str = ZHANG_WEI_ID,
           password: str = NEW_PASSWORD, client: str = "c1") -> None:
    recovery.reset_password(env, phone, code, id_number, password, client=client)


def _refused(env, code: str, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as exc:
        _reset(env, code, **kwargs)
    return exc.value


def _events(env, account_id: int, action: str) -> list[AuditEvent]:
    with env.db.transaction() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.account_id == account_id,
                                                    AuditEvent.action == action)).all())


def _codes(env, phone: str) -> list[VerificationCode]:
    with env.db.transaction() as s:
        return list(s.exec(select(VerificationCode).where(VerificationCode.phone == phone,
                                                          VerificationCode.purpose == recovery.PURPOSE)).all())


# --- "Send code" ----------------------------------------------------------------------------------------------------


def test_a_resident_gets_a_code_worded_for_a_reset(env):
    code = reset_code(env)
    [message] = messages(env, ZHANG_WEI)
    assert message.purpose == recovery.PURPOSE and message.code == code
    assert f"reset your password: {code}" in message.body and "找回密码的验证码" in message.body
    assert "Not you? Call 12393" in message.body


def test_send_code_answers_and_counts_alike_for_every_number(env):
    answers = [recovery.send_reset_code(env, phone, client="c1") for phone in (ZHANG_WEI, NO_ACCOUNT, STAFF)]
    assert len(set(answers)) == 1  # the same expiry and resend time
    assert messages(env, NO_ACCOUNT) == []  # nothing is sent to a number without an account
    assert all(hits(env, f"code:phone:{phone}") == 1 for phone in (ZHANG_WEI, NO_ACCOUNT, STAFF))
    assert all(len(_codes(env, phone)) == 1 for phone in (ZHANG_WEI, NO_ACCOUNT, STAFF))
    for phone in (ZHANG_WEI, NO_ACCOUNT, STAFF):  # and the resend wait holds for all of them
        with pytest.raises(RateLimited):
            recovery.send_reset_code(env, phone, client="c1")


def test_a_staff_number_is_told_that_an_administrator_resets_it_and_gets_no_code(env):
    recovery.send_reset_code(env, STAFF, client="c1")
    [message] = messages(env, STAFF)
    assert message.code is None and "administrator" in message.body
    with pytest.raises(ValidationFailed) as exc:  # whatever code is tried
        _reset(env, "123456", phone=STAFF, id_number="")
    assert exc.value.errors == {"code": "code_wrong"}
    assert can_log_in(env, STAFF, STAFF_PASSWORD)


def test_send_code_refuses_a_malformed_number_before_anything(env):
    with pytest.raises(ValidationFailed) as exc:
        recovery.send_reset_code(env, "1380013", client="c1")
    assert exc.value.errors == {"phone": "phone_invalid"}
    assert hits(env, "code:client:c1") == 0


# --- setting the new password ---------------------------------------------------------------------------------------


def test_a_verified_account_gets_its_new_password_with_code_and_id_number(env):
    first, second = log_in(env, ZHANG_WEI, PASSWORD, "b1"), log_in(env, ZHANG_WEI, PASSWORD, "b2")
    _lock(env, ZHANG_WEI)
    code = reset_code(env)

    _reset(env, code, id_number="110101 19850312 0017")  # spaces are fine

    assert auth.current_session(env, first) is None and auth.current_session(env, second) is None
    holder = account(env, ZHANG_WEI)
    assert {row.end_reason for row in sessions(env, holder.id)} == {"password_reset"}
    assert can_log_in(env, ZHANG_WEI, NEW_PASSWORD)  # the lock is lifted too
    assert not can_log_in(env, ZHANG_WEI, PASSWORD)
    [event] = _events(env, holder.id, "password_reset")
    assert (event.actor_id, event.client, json.loads(event.detail)) == (holder.id, "c1", {"sessions_ended": 2})


def test_the_notice_goes_to_the_number_the_registry_holds(env):
    set_registry_number(env, ZHANG_WEI_ID, "13912345678")
    _reset(env, reset_code(env))
    [notice] = messages(env, "13912345678")
    assert notice.code is None and notice.purpose is None
    assert "138****8000" in notice.body and "Call 12393" in notice.body and "2026-11-23 10:00" in notice.body
    assert [m.purpose for m in messages(env, ZHANG_WEI)] == [recovery.PURPOSE]  # only the code went there


def test_an_unverified_account_needs_no_id_number_and_ignores_one(env):
    phone = "13600136000"
    account_id = _new_account(env, phone)
    _reset(env, reset_code(env, phone), phone=phone, id_number="")
    assert can_log_in(env, phone, NEW_PASSWORD)
    env.clock.advance(minutes=2)
    _reset(env, reset_code(env, phone), phone=phone, id_number=WANG_FANG_ID, password="Second-River-2032")
    assert can_log_in(env, phone, "Second-River-2032")
    [notice, *_] = [m for m in messages(env, phone) if m.purpose is None]
    assert "136****6000" in notice.body  # the account's own number: no registry number is known for it
    assert len(_events(env, account_id, "password_reset")) == 2


def test_a_verified_account_is_asked_for_its_id_number_only_once_the_code_is_right(env):
    code = reset_code(env)
    assert _refused(env, other_code(code), id_number="").errors == {"code": "code_wrong"}  # nothing said of the ID
    assert _refused(env, code, id_number="").errors == {"id_number": "reset_id_needed"}
    _reset(env, code)  # the code still works: asking for the ID number used nothing up
    assert can_log_in(env, ZHANG_WEI, NEW_PASSWORD)


def test_a_wrong_id_number_counts_like_a_wrong_code_and_changes_nothing(env):
    token = log_in(env, ZHANG_WEI, PASSWORD)
    code = reset_code(env)
    lefts = [_refused(env, code, id_number=WANG_FANG_ID).params["left"] for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    last = _refused(env, code, id_number=WANG_FANG_ID)
    assert last.errors == {"id_number": "reset_id_not_this", "code": "code_too_many"}
    assert _refused(env, code).errors == {"code": "code_none"}  # the code no longer works, even with the right ID
    assert auth.current_session(env, token) is not None
    assert can_log_in(env, ZHANG_WEI, PASSWORD)
    holder = account(env, ZHANG_WEI)
    tries = _events(env, holder.id, "password_reset_id_wrong")
    assert len(tries) == 5 and {(e.actor_role, e.actor_id) for e in tries} == {("anonymous", None)}


def test_a_wrong_id_number_with_a_wrong_code_is_only_a_wrong_code(env):
    code = reset_code(env)
    assert _refused(env, other_code(code), id_number=WANG_FANG_ID).errors == {"code": "code_wrong"}
    assert _events(env, account(env, ZHANG_WEI).id, "password_reset_id_wrong") == []


@pytest.mark.parametrize(("password", "problem"), [("12345678", "password_common"), ("short", "password_short"),
                                                    ("x13800138000", "password_common"), ("", "password_empty")])
def test_a_bad_new_password_is_refused_before_the_code_is_tried(env, password, problem):
    code = reset_code(env)
    assert _refused(env, code, password=password).errors == {"password": problem}
    assert hits(env, "login:client:c1") == 0
    _reset(env, code)  # the code was not used or counted
    assert can_log_in(env, ZHANG_WEI, NEW_PASSWORD)


def test_bad_input_is_said_next_to_each_field(env):
    errors = _refused(env, "", phone="138", id_number="11010119850312001X", password="").errors
    assert errors == {"phone": "phone_invalid", "code": "code_empty", "id_number": "id_checksum",
                      "password": "password_empty"}


def test_an_expired_code_is_refused(env):
    code = reset_code(env)
    env.clock.advance(minutes=5, seconds=1)
    assert _refused(env, code).errors == {"code": "code_expired"}
    assert can_log_in(env, ZHANG_WEI, PASSWORD)


def test_a_code_works_once(env):
    code = reset_code(env)
    _reset(env, code)
    assert _refused(env, code, password="Another-River-2033").errors == {"code": "code_none"}
    assert can_log_in(env, ZHANG_WEI, NEW_PASSWORD)


def test_a_code_for_logging_in_does_not_reset(env):
    auth.send_login_code(env, ZHANG_WEI, client="c1")
    code = messages(env, ZHANG_WEI)[-1].code
    assert _refused(env, code).errors == {"code": "code_none"}


def test_a_number_without_an_account_is_answered_like_a_wrong_code(env):
    recovery.send_reset_code(env, NO_ACCOUNT, client="c1")
    [made] = _codes(env, NO_ACCOUNT)
    assert made.failed_attempts == 0
    first = _refused(env, "123456", phone=NO_ACCOUNT)
    assert (first.errors, first.params) == ({"code": "code_wrong"}, {"left": 4})


def test_every_try_counts_against_the_clients_login_budget(env):
    code = reset_code(env)
    for _ in range(auth.LOGIN_TRIES_PER_CLIENT):
        _refused(env, other_code(code), client="bot")
        env.clock.advance(seconds=1)
    with pytest.raises(RateLimited) as exc:
        _reset(env, code, client="bot")
    assert exc.value.code == "login_rate_limited"
    assert can_log_in(env, ZHANG_WEI, PASSWORD)


def test_a_reset_does_not_lift_a_lock_it_did_not_make(env):
    """A lock stays while no reset succeeds: a wrong code leaves it."""
    _lock(env, ZHANG_WEI)
    code = reset_code(env)
    _refused(env, other_code(code))
    with pytest.raises(AccountLocked):
        auth.login_with_password(env, ZHANG_WEI, PASSWORD, client="c1")
