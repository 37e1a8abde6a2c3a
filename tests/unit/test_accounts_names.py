"""Real-name verification of names with middle dots and rare characters (DESIGN.md 2.1 step 2)."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import RegistryPerson
from app.services import registry
from tests.unit.accounts_helpers import NEW_PHONE, _new_account, _with_check, verify

# --- names with middle dots and rare characters ------------------------------------------------------------------


_XINJIANG_ID = _with_check("65010219900101003")


def _add_registry_person(env, name: str, id_number: str = _XINJIANG_ID) -> None:
    with env.db.transaction() as s:
        s.add(RegistryPerson(
            name_cipher=env.crypto.encrypt_text(name, registry.NAME_PURPOSE),
            id_number_cipher=env.crypto.encrypt_text(id_number, registry.ID_PURPOSE),
            id_number_index=env.crypto.blind_index(id_number, registry.ID_PURPOSE),
            sex="male", birth_date=date(1990, 1, 1), region_code="650102", insurance_type="resident",
            status="insured", phone_cipher=env.crypto.encrypt_text(NEW_PHONE, registry.PHONE_PURPOSE),
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
    _add_registry_person(env, registered)  # with the account's number as the registry's: proven at once
    account_id = _new_account(env)

    person = verify(env, account_id, typed, _XINJIANG_ID)

    assert person.name == registered


@pytest.mark.parametrize("registered", ["李\uf914", "阿依古丽•买买提"], ids=["compat_ideograph", "bullet_dot"])
def test_a_name_typed_exactly_as_the_registry_stores_it_matches(env, registered):
    _add_registry_person(env, registered)
    account_id = _new_account(env)

    person = verify(env, account_id, registered, _XINJIANG_ID)

    assert person.id_number == _XINJIANG_ID
