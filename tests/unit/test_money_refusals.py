"""Every bad settlement or reversal (DESIGN.md §2.9) is answered with its reason and moves nothing; replays answer
the first result, before any expiry or used check; a reversal sent twice answers the first."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from app.models import LedgerMovement, MedicalExpense, RegistryPerson, Settlement
from app.services import institutions, mutual_aid_seam, settlements
from app.services.settlements import Refused
from app.services.settlements_reverse import reverse
from tests.unit.binding_helpers import ZHANG_WEI, ZHANG_WEI_PHONE, account_id
from tests.unit.money_helpers import (
    DEMO_KEY,
    ZHANG_WEI_OPENING,
    assert_ledger_whole,
    balance_of,
    bill,
    father_id,
    father_visit,
    visit_for,
)


@pytest.fixture(autouse=True)
def zw_pays_for_father(env, monkeypatch) -> None:
    holder, father = account_id(env, ZHANG_WEI_PHONE), father_id(env)
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda _s, m, _t: holder if m == father else None)


def _counts(env) -> tuple[int, int, int]:
    with env.db.transaction() as session:
        return (len(session.exec(select(Settlement)).all()), len(session.exec(select(LedgerMovement)).all()),
                len(session.exec(select(MedicalExpense)).all()))


def _refused(env, request, key: str = DEMO_KEY) -> str:
    before = _counts(env), balance_of(env, ZHANG_WEI[1])
    with pytest.raises(Refused) as refused:
        settlements.settle(env, key, request)
    assert (_counts(env), balance_of(env, ZHANG_WEI[1])) == before, "a refusal moved something"
    return refused.value.code


@pytest.mark.parametrize(("total", "fund", "self_pay"), [
    (-12000, -8450, -3550),  # negative
    (12000, 8450, -100),
    (0, 0, 0),  # zero
    (120.5, 85, 35.5),  # fractional fen
    (12000.0, 8450, 3550),  # a float, even a whole one
    ("12000", 8450, 3550),
    (True, 0, 1),
    (10**13, 10**13 - 1, 1),  # huge
    (2**63, 2**63 - 1, 1),
    (12000, 8450, 3000),  # own share + fund ≠ total
    (12000, 9000, 3550),
])
def test_bad_amounts(env, total, fund, self_pay) -> None:
    _, _, visit = father_visit(env)
    request = replace(bill(visit), total_fen=total, fund_fen=fund, self_pay_fen=self_pay)
    assert _refused(env, request) == "invalid_amount"


@pytest.mark.parametrize("field", ["receipt_number", "idempotency_key", "visit"])
@pytest.mark.parametrize("value", ["", "   ", "x" * 101, "a\nb"])
def test_bad_texts(env, field, value) -> None:
    _, _, visit = father_visit(env)
    assert _refused(env, replace(bill(visit), **{field: value})) == "bad_request"


def test_a_visit_of_another_institution(env) -> None:
    _, _, visit = father_visit(env)
    other = institutions.create_institution(env, "Dongcheng Hospital")
    assert _refused(env, bill(visit), other.key) == "wrong_institution"


def test_an_expired_or_unknown_visit(env) -> None:
    _, _, visit = father_visit(env)
    env.clock.advance(minutes=30)
    assert _refused(env, bill(visit)) == "expired"
    assert _refused(env, bill("v_never-opened")) == "expired"


def test_a_visit_settles_once(env) -> None:
    _, _, visit = father_visit(env)
    settlements.settle(env, DEMO_KEY, bill(visit))
    assert _refused(env, bill(visit)) == "already_used"


def test_receipt_numbers_are_unique_per_institution(env) -> None:
    holder = account_id(env, ZHANG_WEI_PHONE)
    settlements.settle(env, DEMO_KEY, bill(visit_for(env, holder), receipt="R-0001"))
    assert _refused(env, bill(visit_for(env, holder), receipt="R-0001")) == "duplicate_receipt"
    other = institutions.create_institution(env, "Dongcheng Hospital")  # its own receipts may use the same number
    settlements.settle(env, other.key, bill(visit_for(env, holder, key=other.key), receipt="R-0001"))


def test_not_insured_any_more(env) -> None:
    _, _, visit = father_visit(env)
    with env.db.transaction(immediate=True) as session:
        person = session.get(RegistryPerson, father_id(env))
        person.status = "lapsed"
        session.add(person)
    assert _refused(env, bill(visit)) == "not_insured"


def test_a_replay_answers_the_first_result_even_after_expiry_and_use(env) -> None:
    _, _, visit = father_visit(env)
    request = bill(visit)
    first = settlements.settle(env, DEMO_KEY, request)
    env.clock.advance(hours=2)
    assert settlements.settle(env, DEMO_KEY, request) == first
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - 3550
    assert _refused(env, replace(request, total_fen=13000, fund_fen=9450)) == "idempotency_conflict"
    assert _refused(env, replace(request, receipt_number="R-other")) == "idempotency_conflict"
    # Idempotency keys are per institution: another institution's same key is its own.
    other = institutions.create_institution(env, "Dongcheng Hospital")
    holder = account_id(env, ZHANG_WEI_PHONE)
    again = settlements.settle(env, other.key, replace(bill(visit_for(env, holder, key=other.key)),
                                                          idempotency_key=request.idempotency_key))
    assert again.settlement_number != first.settlement_number
    assert_ledger_whole(env)


# ---- reversal ------------------------------------------------------------------------------------------------------


def test_a_reversal_gives_the_money_back_and_removes_the_bill_and_a_retry_answers_the_first(env) -> None:
    _, _, visit = father_visit(env)
    done = settlements.settle(env, DEMO_KEY, bill(visit))
    assert balance_of(env, ZHANG_WEI[1]) == 342128
    first = reverse(env, DEMO_KEY, done.settlement_number)
    assert (first.own_fen, first.family_fen, first.cash_fen) == (0, 3550, 0)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING
    with env.db.transaction() as session:
        assert session.exec(select(MedicalExpense).where(MedicalExpense.reference == done.settlement_number)
                            ).first() is None
    env.clock.advance(minutes=5)
    assert reverse(env, DEMO_KEY, done.settlement_number) == first
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING
    assert_ledger_whole(env)


def test_reversal_refusals(env) -> None:
    _, _, visit = father_visit(env)
    done = settlements.settle(env, DEMO_KEY, bill(visit))
    other = institutions.create_institution(env, "Dongcheng Hospital")
    for key, number, reason in ((DEMO_KEY, "S-20261123-NOSUCH", "not_found"), (DEMO_KEY, "x" * 300, "not_found"),
                                (other.key, done.settlement_number, "other_institution"),
                                ("wrong", done.settlement_number, "invalid_key")):
        with pytest.raises(Refused) as refused:
            reverse(env, key, number)
        assert refused.value.code == reason
    # Settled at 10:00 in Beijing on 23 November; 14 hours later it is the 24th there (still the 23rd in UTC).
    env.clock.advance(hours=14, minutes=1)
    with pytest.raises(Refused) as refused:
        reverse(env, DEMO_KEY, done.settlement_number)
    assert refused.value.code == "not_same_day"
    assert balance_of(env, ZHANG_WEI[1]) == 342128
    assert_ledger_whole(env)


def test_a_reversal_just_before_midnight_in_beijing_is_the_same_day(env) -> None:
    _, _, visit = father_visit(env)
    done = settlements.settle(env, DEMO_KEY, bill(visit))
    env.clock.advance(hours=13, minutes=59)  # 23:59 in Beijing
    reverse(env, DEMO_KEY, done.settlement_number)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING


def test_a_visit_is_valid_for_thirty_minutes(env) -> None:
    _, _, visit = father_visit(env)
    env.clock.advance(minutes=29, seconds=59)
    assert settlements.settle(env, DEMO_KEY, bill(visit)).family_fen == 3550

