"""Creating an account, real-name verification and display preferences (DESIGN.md 2.1 steps 1-3, 3)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models import Account, AuditEvent, RegistryPerson
from app.services import accounts, auth, registry
from app.services.auth import Preferences
from app.services.errors import DomainError, RateLimited, ValidationFailed
from app.services.sms import newest_dev_message
from tests.conftest import FIXED_NOW

NEW_PHONE = "13600136000"
GOOD_PASSWORD = "Sunny-Garden-88"
CHEN_ZHE = ("陈喆", "310104198808080032")
ZHANG_WEI = ("张伟", "110101198503120017")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _with_check(first17: str) -> str:
    """GB 11643 check character, computed here independently of app.services.ids."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


UNKNOWN_ID = _with_check("31010419880808005")  # valid, but nobody in the registry


def _new_account(env, phone: str = NEW_PHONE) -> int:
    """An unverified resident account, written directly (no argon2 cost; these tests never log in with it)."""
    with env.db.transaction() as s:
        account = Account(phone=phone, password_hash="unused", created_at=env.clock.now())
        s.add(account)
        s.flush()
        return account.id


def _account(env, account_id: int) -> Account:
    with env.db.transaction() as s:
        return s.get(Account, account_id)


def _actions(env, account_id: int) -> list[str]:
    with env.db.transaction() as s:
        query = select(AuditEvent.action).where(AuditEvent.account_id == account_id).order_by(AuditEvent.id)
        return list(s.exec(query).all())


def _send_code(env, phone: str = NEW_PHONE) -> str:
    accounts.send_register_code(env, phone, client="c1")
    with env.db.transaction() as s:
        return newest_dev_message(s, phone).code


# --- register ----------------------------------------------------------------------------------------------------


def test_register_creates_an_unverified_account_and_logs_in(env):
    code = _send_code(env)

    token = accounts.register(env, consent=True, phone="+86 136 0013 6000", code=code, password=GOOD_PASSWORD,
                              client="c1")

    info = auth.current_session(env, token)
    assert info is not None
    assert (info.phone, info.role, info.verified, info.name) == (NEW_PHONE, "resident", False, None)
    account = _account(env, info.account_id)
    assert account.created_at == FIXED_NOW
    assert account.person_id is None and account.verified_at is None
    assert account.password_hash.startswith("$argon2id$")
    assert accounts.own_person(env, info.account_id) is None
    assert _actions(env, info.account_id) == ["account_created", "login"]
    # The new password works for the next login.
    assert auth.login_with_password(env, NEW_PHONE, GOOD_PASSWORD, client="c1")


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"consent": False}, {"consent": "consent_required"}),
        ({"phone": ""}, {"phone": "phone_empty"}),
        ({"phone": "1360013600"}, {"phone": "phone_invalid"}),
        ({"code": ""}, {"code": "code_empty"}),
        ({"code": "   "}, {"code": "code_empty"}),
        ({"password": ""}, {"password": "password_empty"}),
        ({"password": "Ab-12"}, {"password": "password_short"}),
        ({"password": "x7" * 65}, {"password": "password_long"}),
        ({"consent": False, "phone": "", "code": "", "password": ""},
         {"consent": "consent_required", "phone": "phone_empty", "code": "code_empty", "password": "password_empty"}),
    ],
)
def test_register_reports_each_field_problem(env, form, errors):
    values = {"consent": True, "phone": NEW_PHONE, "code": "123456", "password": GOOD_PASSWORD} | form
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, client="c1", **values)
    assert exc.value.errors == errors
    with env.db.transaction() as s:
        assert s.exec(select(Account).where(Account.phone == NEW_PHONE)).first() is None


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", "PASSWORD", "Password", "iloveyou", "qwerty123", "aaaaaaaa", "abababab",
     "11111111111", "x13600136000", "13600136000!"],
)
def test_register_refuses_common_repetitive_and_phone_passwords(env, password):
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone=NEW_PHONE, code="123456", password=password, client="c1")
    assert exc.value.errors == {"password": "password_common"}


def test_register_without_a_code_sent(env):
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone=NEW_PHONE, code="123456", password=GOOD_PASSWORD, client="c1")
    assert exc.value.errors == {"code": "code_none"}


def test_register_with_a_taken_phone(env):
    with pytest.raises(ValidationFailed) as exc:
        accounts.register(env, consent=True, phone="13800138000", code="123456", password=GOOD_PASSWORD,
                          client="c1")
    assert exc.value.errors == {"phone": "phone_taken"}


# --- real-name verification --------------------------------------------------------------------------------------


def test_verify_real_name_with_exact_name_activates_the_own_e_voucher(env):
    account_id = _new_account(env)

    person = accounts.verify_real_name(env, account_id, *CHEN_ZHE, client="c1")

    assert (person.name, person.id_number) == CHEN_ZHE
    assert (person.sex, person.birth_date, person.region_code) == ("male", date(1988, 8, 8), "310104")
    assert (person.insurance_type, person.status) == ("employee", "insured")
    assert accounts.own_person(env, account_id) == person
    account = _account(env, account_id)
    assert account.verified_at == FIXED_NOW
    assert account.person_id == person.id
    assert _actions(env, account_id) == ["real_name_verified"]

    with pytest.raises(DomainError) as exc:
        accounts.verify_real_name(env, account_id, *CHEN_ZHE, client="c1")
    assert exc.value.code == "already_verified"


def test_verified_name_shows_in_the_session(env):
    code = _send_code(env)
    token = accounts.register(env, consent=True, phone=NEW_PHONE, code=code, password=GOOD_PASSWORD, client="c1")
    account_id = auth.current_session(env, token).account_id

    accounts.verify_real_name(env, account_id, *CHEN_ZHE, client="c1")

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
    person = accounts.verify_real_name(env, account_id, name, id_number, client="c1")
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
            accounts.verify_real_name(env, account_id, "陈喆", typed, client="c1")
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
        accounts.verify_real_name(env, account_id, name, id_number, client="c1")

    assert exc.value.errors == {"id_number": "person_not_found"}
    assert exc.value.params == {}
    assert (exc.value.code, exc.value.field) == ("validation", None)
    # Audited, and nothing else changed.
    assert _actions(env, account_id) == ["real_name_not_matched"]
    account = _account(env, account_id)
    assert account.verified_at is None and account.person_id is None
    assert accounts.own_person(env, account_id) is None


def test_failed_attempt_changes_nothing_but_the_audit_trail_and_the_count(env):
    account_id = _new_account(env)
    with env.db.transaction() as s:
        before = [(p.id, p.name_cipher, p.status) for p in s.exec(select(RegistryPerson)).all()]
        accounts_before = len(s.exec(select(Account)).all())

    with pytest.raises(ValidationFailed):
        accounts.verify_real_name(env, account_id, "陈哲", CHEN_ZHE[1], client="10.2.2.2")

    with env.db.transaction() as s:
        assert [(p.id, p.name_cipher, p.status) for p in s.exec(select(RegistryPerson)).all()] == before
        assert len(s.exec(select(Account)).all()) == accounts_before
        [event] = s.exec(select(AuditEvent).where(AuditEvent.account_id == account_id)).all()
    assert (event.action, event.actor_id, event.client) == ("real_name_not_matched", account_id, "10.2.2.2")
    # The audit event does not repeat what was typed (no personal data in the trail).
    assert "陈" not in event.detail and CHEN_ZHE[1] not in event.detail
    assert json.loads(event.detail) == {}


def test_a_person_who_already_has_an_account(env):
    account_id = _new_account(env)

    with pytest.raises(ValidationFailed) as exc:
        accounts.verify_real_name(env, account_id, *ZHANG_WEI, client="c1")

    assert exc.value.errors == {"id_number": "person_has_account"}
    assert _actions(env, account_id) == ["real_name_person_taken"]
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
        accounts.verify_real_name(env, account_id, "陈喆", id_number, client="c1")

    assert exc.value.errors == {"id_number": expected}
    assert _actions(env, account_id) == []


@pytest.mark.parametrize(
    ("name", "errors"),
    [("", {"name": "name_empty"}), ("  ", {"name": "name_empty"}), ("陈" * 41, {"name": "name_long"})],
)
def test_name_problems(env, name, errors):
    account_id = _new_account(env)
    with pytest.raises(ValidationFailed) as exc:
        accounts.verify_real_name(env, account_id, name, CHEN_ZHE[1], client="c1")
    assert exc.value.errors == errors


def test_both_fields_are_reported_together(env):
    account_id = _new_account(env)
    with pytest.raises(ValidationFailed) as exc:
        accounts.verify_real_name(env, account_id, "", "123", client="c1")
    assert exc.value.errors == {"name": "name_empty", "id_number": "id_format"}


def test_eleventh_look_up_in_a_day_is_refused(env):
    account_id = _new_account(env)
    for _ in range(10):
        with pytest.raises(ValidationFailed):
            accounts.verify_real_name(env, account_id, "陈哲", CHEN_ZHE[1], client="c1")

    # Even the right answer is refused once the day's look-ups are used up.
    with pytest.raises(RateLimited) as exc:
        accounts.verify_real_name(env, account_id, *CHEN_ZHE, client="c1")
    assert exc.value.code == "lookup_limit"
    assert exc.value.retry_at == FIXED_NOW + timedelta(days=1)
    assert _account(env, account_id).verified_at is None
    assert _actions(env, account_id) == ["real_name_not_matched"] * 10

    # The limit is per account.
    other = _new_account(env, "13600136001")
    assert accounts.verify_real_name(env, other, *CHEN_ZHE, client="c1")


def test_look_ups_open_again_after_a_day(env):
    account_id = _new_account(env)
    for _ in range(10):
        with pytest.raises(ValidationFailed):
            accounts.verify_real_name(env, account_id, "陈哲", CHEN_ZHE[1], client="c1")
    env.clock.advance(days=1)
    assert accounts.verify_real_name(env, account_id, *CHEN_ZHE, client="c1").name == "陈喆"


def test_invalid_id_numbers_do_not_use_up_look_ups(env):
    account_id = _new_account(env)
    for _ in range(12):
        with pytest.raises(ValidationFailed):
            accounts.verify_real_name(env, account_id, "陈喆", "310104198808080033", client="c1")
    assert accounts.verify_real_name(env, account_id, *CHEN_ZHE, client="c1")


def test_own_person_of_unknown_account(env):
    assert accounts.own_person(env, 999_999) is None


def test_verify_for_a_missing_account(env):
    with pytest.raises(DomainError) as exc:
        accounts.verify_real_name(env, 999_999, *CHEN_ZHE, client="c1")
    assert exc.value.code == "not_authenticated"


# --- preferences -------------------------------------------------------------------------------------------------


def test_save_preferences_stores_choices_and_keeps_unset_ones(env):
    account_id = _new_account(env)

    accounts.save_preferences(env, account_id, Preferences("large", True, False, "en-US"))
    account = _account(env, account_id)
    assert (account.text_size, account.high_contrast, account.read_aloud, account.language) == (
        "large", True, False, "en-US")

    accounts.save_preferences(env, account_id, Preferences(text_size="extra_large"))
    account = _account(env, account_id)
    assert (account.text_size, account.high_contrast, account.read_aloud, account.language) == (
        "extra_large", True, False, "en-US")


def test_saved_preferences_come_back_with_the_session(env):
    token = auth.login_with_password(env, "13800138000", "Family-2026", client="c1")
    account_id = auth.current_session(env, token).account_id

    accounts.save_preferences(env, account_id, Preferences("standard", False, True, "zh-CN"))

    assert auth.current_session(env, token).preferences == Preferences("standard", False, True, "zh-CN")


@pytest.mark.parametrize(
    ("preferences", "errors"),
    [
        (Preferences(text_size="huge"), {"text_size": "invalid_choice"}),
        (Preferences(text_size=""), {"text_size": "invalid_choice"}),
        (Preferences(language="fr"), {"language": "invalid_choice"}),
        (Preferences(language="en"), {"language": "invalid_choice"}),
        (Preferences(text_size="large", language="zh-TW"), {"language": "invalid_choice"}),
    ],
)
def test_save_preferences_rejects_bad_values_and_stores_nothing(env, preferences, errors):
    account_id = _new_account(env)
    with pytest.raises(ValidationFailed) as exc:
        accounts.save_preferences(env, account_id, preferences)
    assert exc.value.errors == errors
    account = _account(env, account_id)
    assert (account.text_size, account.language) == (None, None)


# --- names with middle dots and rare characters ------------------------------------------------------------------


_XINJIANG_ID = _with_check("65010219900101003")


def _add_registry_person(env, name: str, id_number: str = _XINJIANG_ID) -> None:
    with env.db.transaction() as s:
        s.add(RegistryPerson(
            name_cipher=env.crypto.encrypt_text(name, registry.NAME_PURPOSE),
            id_number_cipher=env.crypto.encrypt_text(id_number, registry.ID_PURPOSE),
            id_number_index=env.crypto.blind_index(id_number, registry.ID_PURPOSE),
            sex="male", birth_date=date(1990, 1, 1), region_code="650102", insurance_type="resident",
            status="insured",
        ))


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽·买买提", "阿依古丽•买买提"),
        ("阿依古丽·买买提", "阿依古丽・买买提"),
        ("阿依古丽·买买提", "阿依古丽.买买提"),
        ("阿依古丽·买买提", "阿依古丽 · 买买提"),
        ("吉𠮷", "吉𠮷"),  # a character outside the Basic Multilingual Plane
    ],
)
def test_names_with_middle_dots_and_rare_characters(env, registered, typed):
    _add_registry_person(env, registered)
    account_id = _new_account(env)

    person = accounts.verify_real_name(env, account_id, typed, _XINJIANG_ID, client="c1")

    assert person.name == registered


@pytest.mark.parametrize("registered", ["李\uf914", "阿依古丽•买买提"], ids=["compat_ideograph", "bullet_dot"])
def test_a_name_typed_exactly_as_the_registry_stores_it_matches(env, registered):
    _add_registry_person(env, registered)
    account_id = _new_account(env)

    person = accounts.verify_real_name(env, account_id, registered, _XINJIANG_ID, client="c1")

    assert person.id_number == _XINJIANG_ID

