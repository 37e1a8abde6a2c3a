"""Settling a bill (DESIGN.md §2.9): the own share from the patient's own personal account, then the holder's through
mutual aid (the seam), then cash; never refused for a low balance; the patient's medical expense record; audit."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import AuditEvent, MedicalExpense
from app.services import institutions, ledger, mutual_aid_seam, records, settlements
from tests.unit.binding_helpers import (
    CHEN_ZHE,
    ZHANG_WEI,
    ZHANG_WEI_PHONE,
    account_id,
    add_verified_account,
    audit_events,
    person_id,
)
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


@pytest.fixture
def zw_pays_for_father(env, monkeypatch) -> int:
    """The mutual-aid seam answers 张伟 as the payer for his father (what the authorisation will do)."""
    holder, father = account_id(env, ZHANG_WEI_PHONE), father_id(env)
    monkeypatch.setattr(mutual_aid_seam, "family_payer",
                        lambda _s, member, _today: holder if member == father else None)
    return holder


def _expense(env, reference: str) -> MedicalExpense | None:
    with env.db.transaction() as session:
        return session.exec(select(MedicalExpense).where(MedicalExpense.reference == reference)).first()


def test_without_mutual_aid_a_member_without_a_personal_account_pays_in_cash(env) -> None:
    _, _, visit = father_visit(env)
    done = settlements.settle(env, DEMO_KEY, bill(visit, 12000, 8450))
    assert (done.own_fen, done.family_fen, done.cash_fen) == (0, 0, 3550)
    assert done.settlement_number.startswith("S-20261123-")
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING
    expense = _expense(env, done.settlement_number)
    assert expense is not None and expense.person_id == father_id(env) and expense.kind == "pharmacy"
    assert (expense.total_fen, expense.fund_fen, expense.family_fen) == (12000, 8450, 3550)
    assert env.crypto.decrypt_text(expense.institution_cipher, f"{records.INSTITUTION_PURPOSE}:{expense.reference}"
                                   ) == "Dongcheng Kangning Pharmacy"
    assert_ledger_whole(env)


def test_the_holder_pays_the_own_share_through_mutual_aid(env, zw_pays_for_father: int) -> None:
    _, _, visit = father_visit(env)
    done = settlements.settle(env, DEMO_KEY, bill(visit, 12000, 8450, receipt="R-0001"))
    assert (done.own_fen, done.family_fen, done.cash_fen) == (0, 3550, 0)
    assert balance_of(env, ZHANG_WEI[1]) == 342128  # ¥3,421.28
    used = audit_events(env, zw_pays_for_father, "personal_account_used")
    assert len(used) == 1 and used[0]["detail"]["settlement"] == done.settlement_number
    assert len(audit_events(env, zw_pays_for_father, "ecard_settled")) == 1
    assert_ledger_whole(env)


def test_the_own_account_first_then_the_holder_then_cash(env, monkeypatch) -> None:
    """陈喆 (¥880.00) shows his own card; the seam names 王芳's account (¥2,100.00) as the family payer."""
    chen = add_verified_account(env, "13600136000", CHEN_ZHE)  # 陈喆 has no login in the demo
    wang = account_id(env, "13700137000")
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda _s, _member, _today: wang)
    visit = visit_for(env, chen)
    done = settlements.settle(env, DEMO_KEY, bill(visit, 500000, 200000))  # own share ¥3,000.00
    assert (done.own_fen, done.family_fen, done.cash_fen) == (88000, 210000, 2000)
    assert balance_of(env, CHEN_ZHE[1]) == 0 and balance_of(env, "110101199002140022") == 0
    # Nothing left anywhere: the next bill is all cash, never refused.
    done = settlements.settle(env, DEMO_KEY, bill(visit_for(env, chen), 10000, 5000))
    assert (done.own_fen, done.family_fen, done.cash_fen) == (0, 0, 5000)
    assert_ledger_whole(env)


def test_an_authorisation_just_turned_off_pays_nothing_from_the_holder(env, monkeypatch, zw_pays_for_father) -> None:
    _, _, visit = father_visit(env)
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda *_: None)  # turned off after the code was shown
    done = settlements.settle(env, DEMO_KEY, bill(visit))
    assert (done.own_fen, done.family_fen, done.cash_fen) == (0, 0, 3550)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING


def test_the_own_card_pays_from_the_own_account_and_never_twice_from_it(env, monkeypatch) -> None:
    holder = account_id(env, ZHANG_WEI_PHONE)
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda *_: holder)  # a seam naming the patient himself
    done = settlements.settle(env, DEMO_KEY, bill(visit_for(env, holder), 10000, 4000))
    assert (done.own_fen, done.family_fen, done.cash_fen) == (6000, 0, 0)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - 6000
    assert_ledger_whole(env)


def test_the_answer_never_names_the_holder_or_their_balance(env, zw_pays_for_father) -> None:
    _, _, visit = father_visit(env)
    done = settlements.settle(env, DEMO_KEY, bill(visit))
    assert set(done.__dict__) == {"settlement_number", "own_fen", "family_fen", "cash_fen"}


def test_every_call_is_audited_refusals_too(env) -> None:
    _, _, visit = father_visit(env)
    with pytest.raises(settlements.Refused):
        settlements.settle(env, "wrong-key", bill(visit))
    with pytest.raises(settlements.Refused):
        settlements.settle(env, DEMO_KEY, bill(visit, 100, 200))
    with env.db.transaction() as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.action == "institution_refused")).all()
        calls = session.exec(select(AuditEvent).where(AuditEvent.action == "institution_call")).all()
    assert [r.detail.count("invalid_key") + r.detail.count("invalid_amount") for r in refused] == [1, 1]
    assert len(calls) == 1  # the verification


def test_settling_is_rate_limited_per_institution(env, monkeypatch) -> None:
    monkeypatch.setattr(institutions, "RATE_LIMIT", 3)
    _, _, visit = father_visit(env)  # the verification is the first call
    request = bill(visit)
    settlements.settle(env, DEMO_KEY, request)
    settlements.settle(env, DEMO_KEY, request)  # a replay counts too
    with pytest.raises(settlements.Refused) as refused:
        settlements.settle(env, DEMO_KEY, request)
    assert refused.value.code == "rate_limited"
    other = institutions.create_institution(env, "Dongcheng Hospital")  # another institution is not slowed
    holder = account_id(env, ZHANG_WEI_PHONE)
    settlements.settle(env, other.key, bill(visit_for(env, holder, key=other.key)))


def test_the_ledger_names_patient_and_institution(env, zw_pays_for_father) -> None:
    _, _, visit = father_visit(env)
    settlements.settle(env, DEMO_KEY, bill(visit))
    with env.db.transaction() as session:
        account = ledger.personal_account(session, person_id(env, ZHANG_WEI[1]))
        assert ledger.balance(session, account.id) == account.balance_fen == 342128
