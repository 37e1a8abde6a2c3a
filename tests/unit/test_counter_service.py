"""Counter service (DESIGN.md §2.7): finding a resident by mobile number, the SMS code they read out as
consent, and how assisting ends (finish, logout, the staff login ending)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import Account, DevSms
from app.services import auth, counter
from app.services.errors import DomainError, RateLimited, ValidationFailed
from tests.unit.auth_helpers import bound
from tests.unit.binding_helpers import STAFF_PHONE, WANG_FANG_PHONE, ZHANG_WEI_PHONE, account_id
from tests.unit.counter_helpers import (  # noqa: F401 - fixtures
    add_account,
    assist,
    assist_rows,
    code_sent_to,
    events,
    staff_fixture,
    staff_token_fixture,
    zw_fixture,
)


def _messages(env, phone: str) -> list[DevSms]:
    with env.db.transaction() as s:
        return list(s.exec(select(DevSms).where(DevSms.phone == phone)).all())


# --- "Find" -----------------------------------------------------------------------------------------------

def test_find_sends_the_resident_a_code_and_audits_it_as_staff(env, staff, zw) -> None:
    found = counter.find_resident(env, staff, " 138 0013 8000 ", client="counter-tablet")
    assert found.phone == ZHANG_WEI_PHONE
    assert found.code_expires_at == env.clock.now() + counter.codes.CODE_VALID
    code = code_sent_to(env, ZHANG_WEI_PHONE)
    assert len(code) == 6 and code.isdigit()
    assert code in _messages(env, ZHANG_WEI_PHONE)[-1].body
    sent = events(env, zw, "assist_code_sent")
    assert [(e["actor_id"], e["actor_role"], e["client"]) for e in sent] == [(staff, "staff", "counter-tablet")]
    assert assist_rows(env) == []  # found is not assisting: the resident has not agreed yet


@pytest.mark.parametrize(("phone", "code"), [
    ("13612345678", "resident_unknown"),
    (STAFF_PHONE, "resident_is_staff"),
    ("", "phone_empty"),
    ("1380013800", "phone_invalid"),
    ("abc", "phone_invalid"),
])
def test_find_refuses_numbers_that_cannot_be_assisted(env, staff, phone: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        counter.find_resident(env, staff, phone, client="counter-tablet")
    assert caught.value.errors == {"phone": code}
    assert _messages(env, phone) == []


def test_find_refuses_an_account_without_real_name(env, staff) -> None:
    unverified = add_account(env, "13612345678")
    with pytest.raises(ValidationFailed) as caught:
        counter.find_resident(env, staff, "13612345678", client="counter-tablet")
    assert caught.value.errors == {"phone": "resident_unverified"}
    assert _messages(env, "13612345678") == [] and events(env, unverified) == []


def test_find_refuses_a_disabled_account(env, staff) -> None:
    add_account(env, "13612345679", role="resident")
    with env.db.transaction() as s:
        row = s.exec(select(Account).where(Account.phone == "13612345679")).one()
        row.disabled_at = env.clock.now()
    with pytest.raises(ValidationFailed) as caught:
        counter.find_resident(env, staff, "13612345679", client="counter-tablet")
    assert caught.value.errors == {"phone": "resident_unknown"}


def test_look_ups_are_limited_per_staff_member(env, staff) -> None:
    for n in range(counter.LOOKUPS_PER_HOUR):
        with pytest.raises(ValidationFailed):
            counter.find_resident(env, staff, f"1361234{n:04d}", client="counter-tablet")
    with pytest.raises(RateLimited) as caught:
        counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    assert (caught.value.code, caught.value.field) == ("counter_lookup_limit", "phone")
    assert caught.value.retry_at == env.clock.now() + counter.timedelta(hours=1)
    assert _messages(env, ZHANG_WEI_PHONE) == []  # refused before any code went out
    other = add_account(env, "13900139002", role="staff")  # another staff member has their own budget
    assert counter.find_resident(env, other, ZHANG_WEI_PHONE, client="counter-2").phone == ZHANG_WEI_PHONE
    env.clock.advance(hours=1, seconds=1)
    counter.find_resident(env, staff, WANG_FANG_PHONE, client="counter-tablet")


def test_find_again_within_a_minute_waits(env, staff) -> None:
    counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    with pytest.raises(RateLimited) as caught:
        counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    assert (caught.value.code, caught.value.field) == ("code_resend_wait", "code")
    assert len(_messages(env, ZHANG_WEI_PHONE)) == 1


# --- the code read out as consent -------------------------------------------------------------------------

def test_the_right_code_starts_assisting(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    assert (view.staff_id, view.resident_id, view.resident_name) == (staff, zw, "张伟")
    assert counter.current(env, staff, staff_token, view.assist_id) == view
    started = events(env, zw, "assist_started")
    assert [(e["actor_id"], e["actor_role"]) for e in started] == [(staff, "staff")]
    with pytest.raises(ValidationFailed) as caught:  # a code works once
        counter.start_assisting(env, staff, staff_token, ZHANG_WEI_PHONE, code_sent_to(env, ZHANG_WEI_PHONE),
                                client="counter-tablet")
    assert caught.value.errors == {"code": "code_none"}


def test_a_wrong_code_starts_nothing(env, staff, staff_token, zw) -> None:
    counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    right = code_sent_to(env, ZHANG_WEI_PHONE)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    with pytest.raises(ValidationFailed) as caught:
        counter.start_assisting(env, staff, staff_token, ZHANG_WEI_PHONE, wrong, client="counter-tablet")
    assert caught.value.errors == {"code": "code_wrong"} and caught.value.params == {"left": 4}
    assert assist_rows(env) == [] and events(env, zw, "assist_started") == []
    view = counter.start_assisting(env, staff, staff_token, ZHANG_WEI_PHONE, right, client="counter-tablet")
    assert view.resident_id == zw  # the wrong try counted, the right code still works


@pytest.mark.parametrize(("code", "expected"), [("", "code_empty"), ("12345", "code_format")])
def test_an_empty_or_short_code_is_refused(env, staff, staff_token, code: str, expected: str) -> None:
    counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    with pytest.raises(ValidationFailed) as caught:
        counter.start_assisting(env, staff, staff_token, ZHANG_WEI_PHONE, code, client="counter-tablet")
    assert caught.value.errors == {"code": expected}
    assert assist_rows(env) == []


def test_an_expired_code_is_refused(env, staff, staff_token) -> None:
    counter.find_resident(env, staff, ZHANG_WEI_PHONE, client="counter-tablet")
    code = code_sent_to(env, ZHANG_WEI_PHONE)
    env.clock.advance(minutes=5)
    with pytest.raises(ValidationFailed) as caught:
        counter.start_assisting(env, staff, staff_token, ZHANG_WEI_PHONE, code, client="counter-tablet")
    assert caught.value.errors == {"code": "code_expired"}
    assert assist_rows(env) == []


def test_a_code_for_logging_in_is_not_consent(env, staff, staff_token) -> None:
    auth.send_login_code(env, ZHANG_WEI_PHONE, client="phone")
    with pytest.raises(ValidationFailed) as caught:
        counter.start_assisting(env, staff, staff_token, ZHANG_WEI_PHONE, code_sent_to(env, ZHANG_WEI_PHONE),
                                client="counter-tablet")
    assert caught.value.errors == {"code": "code_none"}
    assert assist_rows(env) == []


def test_starting_needs_a_resident_and_a_login(env, staff, staff_token) -> None:
    with pytest.raises(ValidationFailed) as caught:
        counter.start_assisting(env, staff, staff_token, STAFF_PHONE, "123456", client="counter-tablet")
    assert caught.value.errors == {"phone": "resident_is_staff"}
    with pytest.raises(DomainError) as ended:
        counter.start_assisting(env, staff, None, ZHANG_WEI_PHONE, "123456", client="counter-tablet")
    assert ended.value.code == "not_authenticated"


# --- how assisting ends -----------------------------------------------------------------------------------

def test_finish_assisting_ends_it_once_and_audits(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    counter.finish(env, staff, view.assist_id, client="counter-tablet")
    counter.finish(env, staff, view.assist_id, client="counter-tablet")
    assert counter.current(env, staff, staff_token, view.assist_id) is None
    ended = events(env, zw, "assist_ended")
    assert [(e["actor_id"], e["actor_role"], e["detail"]) for e in ended] == [(staff, "staff", {"reason": "finished"})]
    assert assist_rows(env)[0].end_reason == "finished"


def test_another_staff_member_cannot_use_or_finish_it(env, staff, staff_token) -> None:
    view = assist(env, staff, staff_token)
    other = add_account(env, "13900139002", role="staff")
    assert counter.current(env, other, staff_token, view.assist_id) is None
    counter.finish(env, other, view.assist_id, client="elsewhere")
    assert counter.current(env, staff, staff_token, view.assist_id) == view


def test_logging_out_ends_it(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    counter.end_for_login(env, staff_token, reason="logout", client="counter-tablet")
    auth.logout(env, staff_token)
    assert counter.current(env, staff, staff_token, view.assist_id) is None
    assert [e["detail"]["reason"] for e in events(env, zw, "assist_ended")] == ["logout"]


def test_it_ends_with_the_staff_login_session(env, staff, staff_token, zw) -> None:
    view = assist(env, staff, staff_token)
    env.clock.advance(minutes=env.settings.session_idle_minutes)
    assert auth.current_session(env, staff_token) is None  # idle: the login has ended
    assert counter.current(env, staff, staff_token, view.assist_id) is None
    assert [e["detail"]["reason"] for e in events(env, zw, "assist_ended")] == ["session_ended"]
    assert assist_rows(env)[0].end_reason == "session_ended"


def test_it_belongs_to_the_login_it_was_started_in(env, staff, staff_token) -> None:
    view = assist(env, staff, staff_token)
    other_login = bound(env, auth.login_with_password(env, STAFF_PHONE, "Counter-2026", client="another-desk"))
    assert counter.current(env, staff, other_login, view.assist_id) is None
    assert counter.current(env, staff, staff_token, view.assist_id) == view  # still going where it started
    assert counter.current(env, staff, staff_token, "not-an-id") is None
    assert counter.current(env, staff, staff_token, 999_999) is None


def test_starting_again_ends_the_previous_resident(env, staff, staff_token, zw) -> None:
    first = assist(env, staff, staff_token)
    second = assist(env, staff, staff_token, WANG_FANG_PHONE)
    assert counter.current(env, staff, staff_token, first.assist_id) is None
    assert counter.current(env, staff, staff_token, second.assist_id).resident_id == account_id(env, WANG_FANG_PHONE)
    assert [e["detail"]["reason"] for e in events(env, zw, "assist_ended")] == ["finished"]
