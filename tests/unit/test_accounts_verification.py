"""Real-name verification, its daily look-up limit and the own e-voucher it activates (DESIGN.md 2.1 steps 2-3).
The account here registered with 13600136000, 陈喆's number in the registry, so his claim is proven at once; the
other proofs are in test_claims.py."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import Account, AuditEvent, RegistryPerson
from app.services import accounts, auth, claims
from app.services.errors import DomainError, RateLimited, ValidationFailed
from tests.conftest import FIXED_NOW
from tests.unit.accounts_helpers import (
    CHEN_ZHE,
    GOOD_PASSWORD,
    NEW_PHONE,
    UNKNOWN_ID,
    ZHANG_WEI,
    _account,
    _actions,
    _new_account,
    _send_code,
    _with_check,
    own_person,
    verify,
)
from tests.unit.auth_helpers import bound

# --- real-name verification --------------------------------------------------------------------------------------


def test_verify_real_name_with_exact_name_activates_the_own_e_voucher(env):
    account_id = _new_account(env)

    person = verify(env, account_id, *CHEN_ZHE)

    assert (person.name, person.id_number) == CHEN_ZHE
    assert (person.sex, person.birth_date, person.region_code) == ("male", date(1988, 8, 8), "310104")
    assert (person.insurance_type, person.status) == ("employee", "insured")
    assert own_person(env, account_id) == person
    account = _account(env, account_id)
    assert account.verified_at == FIXED_NOW
    assert account.person_id == person.id
    assert _actions(env, account_id) == ["identity_claimed", "real_name_verified"]

    with pytest.raises(DomainError) as exc:
        verify(env, account_id, *CHEN_ZHE)
    assert exc.value.code == "already_verified"


def test_verified_name_shows_in_the_session(env):
    code = _send_code(env)
    token = bound(env, accounts.register(env, consent=True, phone=NEW_PHONE, code=code, password=GOOD_PASSWORD,
                                         client="c1"))
    account_id = auth.current_session(env, token).account_id

    verify(env, account_id, *CHEN_ZHE)

    info = auth.current_session(env, token)
    assert (info.verified, info.name) == (True, "陈喆")


@pytest.mark.parametrize(
    ("name", "id_number"),
    [
        ("陈喆", "310104 19880808 0032"),
        ("陈喆", " 310104198808080032 "),
        ("陈喆", "３１０１０４１９８８０８０８００３２"),
        ("陈喆", "３１０１０４　１９８８０８０８　００３２"),
        ("陈喆", "310104\u200b198808080032"),
        (" 陈 喆 ", "310104198808080032"),
        ("陈\u3000喆", "310104198808080032"),
    ],
)
def test_verify_accepts_forgiving_input(env, name, id_number):
    account_id = _new_account(env)
    person = verify(env, account_id, name, id_number)
    assert person.id_number == "310104198808080032"
    assert _account(env, account_id).verified_at is not None


def test_lower_case_x_is_accepted(env):
    # All demo IDs end in a digit, so an unknown but valid X-number shows that lower-case x passes validation
    # and reaches the registry look-up exactly like upper-case X does.
    number = _with_check("11010119900101004")
    assert number.endswith("X")
    account_id = _new_account(env)
    for typed in (number, number.lower()):
        with pytest.raises(ValidationFailed) as exc:
            verify(env, account_id, "陈喆", typed)
        assert exc.value.errors == {"id_number": "person_not_found"}


@pytest.mark.parametrize(
    ("name", "id_number"),
    [
        ("陈哲", CHEN_ZHE[1]),  # one character differs
        ("陳喆", CHEN_ZHE[1]),  # traditional form
        ("陈", CHEN_ZHE[1]),
        ("喆", CHEN_ZHE[1]),
        ("陈喆喆", CHEN_ZHE[1]),
        ("喆陈", CHEN_ZHE[1]),
        ("Chen Zhe", CHEN_ZHE[1]),
        ("张伟", CHEN_ZHE[1]),  # someone else's name
        ("陈喆", UNKNOWN_ID),  # unknown ID number
        ("陈喆", ZHANG_WEI[1]),  # another person's ID number
        ("张建国", "110101195511200021"),  # two real people, crossed
    ],
)
def test_name_mismatch_and_unknown_id_get_the_same_answer(env, name, id_number):
    account_id = _new_account(env)

    with pytest.raises(ValidationFailed) as exc:
        verify(env, account_id, name, id_number)

    assert exc.value.errors == {"id_number": "person_not_found"}
    assert exc.value.params == {}
    assert (exc.value.code, exc.value.field) == ("validation", None)
    # Audited, and nothing else changed.
    assert _actions(env, account_id) == ["real_name_not_matched"]
    account = _account(env, account_id)
    assert account.verified_at is None and account.person_id is None
    assert own_person(env, account_id) is None


def test_failed_attempt_changes_nothing_but_the_audit_trail_and_the_count(env):
    account_id = _new_account(env)
    with env.db.transaction() as s:
        before = [(p.id, p.name_cipher, p.status) for p in s.exec(select(RegistryPerson)).all()]
        accounts_before = len(s.exec(select(Account)).all())

    with pytest.raises(ValidationFailed):
        verify(env, account_id, "陈哲", CHEN_ZHE[1], client="10.2.2.2")

    with env.db.transaction() as s:
        assert [(p.id, p.name_cipher, p.status) for p in s.exec(select(RegistryPerson)).all()] == before
        assert len(s.exec(select(Account)).all()) == accounts_before
        [event] = s.exec(select(AuditEvent).where(AuditEvent.account_id == account_id)).all()
    assert (event.action, event.actor_id, event.client) == ("real_name_not_matched", account_id, "10.2.2.2")
    # The audit event does not repeat what was typed (no personal data in the trail).
    assert "陈" not in event.detail and CHEN_ZHE[1] not in event.detail
    assert json.loads(event.detail) == {}


def test_a_person_who_already_has_an_account_is_claimed_for_the_counter(env):
    """A claim for someone an active account holds is stored, and only staff at a counter can prove it."""
    account_id = _new_account(env)
    assert verify(env, account_id, *ZHANG_WEI) is None
    view = claims.current(env, account_id)
    assert (view.state, view.route, view.masked_phone) == ("open", "counter", None)
    assert _account(env, account_id).person_id is None


@pytest.mark.parametrize(
    ("id_number", "expected"),
    [
        ("", "id_empty"),
        ("   ", "id_empty"),
        ("12345", "id_format"),
        ("3101041988080800321", "id_format"),
        ("31010419880808003Y", "id_format"),
        ("990101198808080032", "id_region"),
        ("310104198802300032", "id_date"),
        ("310104188808080032", "id_date"),
        ("310104202712010032", "id_future"),
        ("310104198808080033", "id_checksum"),
    ],
)
def test_invalid_id_numbers_are_explained_and_not_counted(env, id_number, expected):
    account_id = _new_account(env)

    with pytest.raises(ValidationFailed) as exc:
        verify(env, account_id, "陈喆", id_number)

    assert exc.value.errors == {"id_number": expected}
    assert _actions(env, account_id) == []


@pytest.mark.parametrize(
    ("name", "errors"),
    [("", {"name": "name_empty"}), ("  ", {"name": "name_empty"}), ("陈" * 41, {"name": "name_long"})],
)
def test_name_problems(env, name, errors):
    account_id = _new_account(env)
    with pytest.raises(ValidationFailed) as exc:
        verify(env, account_id, name, CHEN_ZHE[1])
    assert exc.value.errors == errors


def test_both_fields_are_reported_together(env):
    account_id = _new_account(env)
    with pytest.raises(ValidationFailed) as exc:
        verify(env, account_id, "", "123")
    assert exc.value.errors == {"name": "name_empty", "id_number": "id_format"}


def test_eleventh_look_up_in_a_day_is_refused(env):
    account_id = _new_account(env)
    for _ in range(10):
        with pytest.raises(ValidationFailed):
            verify(env, account_id, "陈哲", CHEN_ZHE[1])

    # Even the right answer is refused once the day's look-ups are used up.
    with pytest.raises(RateLimited) as exc:
        verify(env, account_id, *CHEN_ZHE)
    assert exc.value.code == "lookup_limit"
    assert exc.value.retry_at == FIXED_NOW + timedelta(days=1)
    assert _account(env, account_id).verified_at is None
    assert _actions(env, account_id) == ["real_name_not_matched"] * 10

    # The limit is per account.
    other = _new_account(env, "13600136001")
    verify(env, other, *CHEN_ZHE)
    assert claims.current(env, other).state == "open"


def test_look_ups_open_again_after_a_day(env):
    account_id = _new_account(env)
    for _ in range(10):
        with pytest.raises(ValidationFailed):
            verify(env, account_id, "陈哲", CHEN_ZHE[1])
    env.clock.advance(days=1)
    assert verify(env, account_id, *CHEN_ZHE).name == "陈喆"


def test_invalid_id_numbers_do_not_use_up_look_ups(env):
    account_id = _new_account(env)
    for _ in range(12):
        with pytest.raises(ValidationFailed):
            verify(env, account_id, "陈喆", "310104198808080033")
    assert verify(env, account_id, *CHEN_ZHE)


def test_verify_for_a_missing_account(env):
    with pytest.raises(DomainError) as exc:
        verify(env, 999_999, *CHEN_ZHE)
    assert exc.value.code == "not_authenticated"
