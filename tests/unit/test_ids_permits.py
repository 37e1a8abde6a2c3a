"""ID numbers beside the mainland resident ID (DESIGN.md §2.1.2): residence permits of Hong Kong, Macao and Taiwan
residents (prefixes 81, 82, 83, the same 18-character shape) and the 2023 foreigners' permanent residence ID card
("9", the issuing province, a 3-digit nationality code, the birth date, a sequence number and the same GB 11643
check character). The Taiwan permit (83) and the foreigners' card were once refused as "region"."""

from __future__ import annotations

import pytest

from app.services import ids
from app.services.binding import drafts
from tests.unit.binding_helpers import ZHANG_WEI_PHONE, account_id, add_person, start
from tests.unit.ids_helpers import TODAY, _fw, _make, _reason

TAIWAN = _make("83000019900101002")  # Taiwan residents' residence permit, a woman born 1990-01-01
HONG_KONG = _make("81000019851231003")
MACAO = _make("82000020000229001")
FOREIGNER = _make("91184019850312001")  # issued in Beijing (11) to a US national (840), a man born 1985-03-12


@pytest.mark.parametrize(("number", "kind", "sex", "born"), [
    (TAIWAN, "residence_permit", "female", "1990-01-01"),
    (HONG_KONG, "residence_permit", "male", "1985-12-31"),
    (MACAO, "residence_permit", "male", "2000-02-29"),
    (FOREIGNER, "foreign_permanent_resident", "male", "1985-03-12"),
    ("110101198503120017", "resident", "male", "1985-03-12"),
])
def test_permits_and_the_foreigners_card_are_accepted(number, kind, sex, born):
    info = ids.parse_id_number(number, TODAY)
    assert (info.number, info.kind, info.sex, info.birth_date.isoformat()) == (number, kind, sex, born)


def test_they_are_normalised_like_resident_ids():
    with_x = next(_make(f"911156199001010{n:02d}") for n in range(100) if _make(f"911156199001010{n:02d}")[-1] == "X")
    typed = _fw(with_x[:9]) + " " + with_x[9:-1] + "x"
    assert ids.parse_id_number(typed, TODAY).number == with_x


@pytest.mark.parametrize("number", [TAIWAN, HONG_KONG, MACAO, FOREIGNER])
def test_a_wrong_check_character_is_refused(number):
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert _reason(wrong) == "checksum"


@pytest.mark.parametrize("first17", [
    "90084019850312001",  # issuing province 00
    "97184019850312001",  # Taiwan issues no mainland card
    "98184019850312001",  # nor do Hong Kong or Macao
    "93084019850312001",  # 30 is no province
])
def test_a_foreigners_card_needs_a_mainland_issuing_province(first17):
    assert _reason(_make(first17)) == "region"


@pytest.mark.parametrize(("first17", "reason"), [
    ("91184019850230001", "date"),  # 30 February
    ("91184018991231001", "date"),  # before 1900
    ("91184020261124001", "future"),  # born tomorrow
])
def test_a_foreigners_card_needs_a_real_birth_date(first17, reason):
    assert _reason(_make(first17)) == reason


def test_a_foreigners_card_is_masked_like_any_id():
    assert ids.mask_id_number(FOREIGNER) == FOREIGNER[:6] + "********" + FOREIGNER[-4:]


@pytest.mark.parametrize("number", [TAIWAN, FOREIGNER])
def test_a_family_member_with_a_permit_or_foreigners_card_can_be_added(env, number):
    add_person(env, "林美玲" if number == TAIWAN else "John·Smith", number)
    holder = account_id(env, ZHANG_WEI_PHONE)
    view = start(env, holder)
    view = drafts.set_member(env, holder, view.id, view.version,
                             {"name": "林美玲" if number == TAIWAN else "John·Smith", "id_number": number,
                              "relationship": "spouse"}, client="t")
    assert view.member is not None and view.member.id_number == number
