"""Helpers of the money tests: a visit opened by the demo pharmacy for a card, a settlement request, the ledger's
invariants checked from the rows themselves."""

from __future__ import annotations

import itertools

from sqlmodel import select

from app.models import ContributionRecord, LedgerAccount, LedgerMovement, Settlement
from app.services import cards, institutions, ledger, settlements
from app.services.env import Env
from app.services.settlements import SettleRequest
from tests.unit.binding_helpers import ZHANG_JIANGUO, ZHANG_WEI_PHONE, account_id, person_id
from tests.unit.ecard_helpers import approved_member

DEMO_KEY = institutions.DEMO_KEY
ZHANG_WEI_OPENING = 345678
_numbers = itertools.count(1)


def visit_for(env: Env, holder: int, request_id: int | None = None, key: str = DEMO_KEY) -> str:
    """Show the card (the holder's own, or a member's) and let the institution of `key` verify it: the visit."""
    token = cards.issue_card_token(env, holder, request_id).token
    institution_id = settlements.admit_call(env, key, "verify")
    result = cards.verify_card_token(env, token, institution_id)
    assert result.valid and result.visit, result
    return result.visit


def father_visit(env: Env, key: str = DEMO_KEY) -> tuple[int, int, str]:
    """张伟 shows his approved father's card: (张伟's account, the request, the visit)."""
    holder = account_id(env, ZHANG_WEI_PHONE)
    request_id = approved_member(env, holder)
    return holder, request_id, visit_for(env, holder, request_id, key)


def bill(visit: str, total: int = 12000, fund: int = 8450, *, receipt: str | None = None,
         key: str | None = None) -> SettleRequest:
    n = next(_numbers)
    return SettleRequest(visit=visit, receipt_number=receipt or f"R-{n:04d}", total_fen=total, fund_fen=fund,
                         self_pay_fen=total - fund, idempotency_key=key or f"idem-{n}")


def balance_of(env: Env, id_number: str) -> int | None:
    with env.db.transaction() as session:
        account = ledger.personal_account(session, person_id(env, id_number))
        return account.balance_fen if account else None


def father_id(env: Env) -> int:
    return person_id(env, ZHANG_JIANGUO[1])


def assert_ledger_whole(env: Env) -> None:
    """Each personal balance is the sum of its movements and never below zero; all balances add up to zero; each
    settlement's own and family shares are what its movements took, less what a reversal gave back; each premium
    is in its member's contribution records."""
    with env.db.transaction() as session:
        accounts = session.exec(select(LedgerAccount)).all()
        total = 0
        for account in accounts:
            computed = ledger.balance(session, account.id or 0)
            total += computed
            if account.kind == ledger.PERSONAL:
                assert account.balance_fen == computed >= 0, (account, computed)
        assert total == 0
        for row in session.exec(select(Settlement)).all():
            moved = session.exec(select(LedgerMovement).where(LedgerMovement.settlement_id == row.id)).all()
            paid = sum(m.amount_fen for m in moved if m.kind == "settlement")
            back = sum(m.amount_fen for m in moved if m.kind == "reversal")
            assert paid == row.own_fen + row.family_fen
            assert back == (paid if row.reversed_at else 0)
            assert row.own_fen + row.family_fen + row.cash_fen == row.self_pay_fen
        for movement in session.exec(select(LedgerMovement).where(LedgerMovement.kind == "premium")).all():
            record = session.exec(select(ContributionRecord).where(ContributionRecord.reference == (
                f"PREMIUM-{movement.patient_person_id}-{movement.premium_year}"))).one()  # each premium: its record
            assert record.paid_fen == movement.amount_fen
