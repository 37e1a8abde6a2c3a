"""The personal-account ledger (DESIGN.md §2.9): opening balances from the seed written once as a movement,
re-seeding never touching an account with movements, double entry, and no balance below zero."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.models import LedgerMovement
from app.services import ledger
from app.services.demo import load_demo_data
from tests.unit.binding_helpers import CHEN_ZHE, WANG_FANG, ZHANG_JIANGUO, ZHANG_WEI, person_id
from tests.unit.money_helpers import assert_ledger_whole, balance_of


def test_the_seed_opens_the_employees_accounts_with_one_movement_each(env) -> None:
    assert balance_of(env, ZHANG_WEI[1]) == 345678
    assert balance_of(env, WANG_FANG[1]) == 210000
    assert balance_of(env, CHEN_ZHE[1]) == 88000
    assert balance_of(env, "110101197505050011") == 0  # 赵明, demo-only employee
    assert balance_of(env, ZHANG_JIANGUO[1]) is None  # residents have no personal account
    with env.db.transaction() as session:
        account = ledger.personal_account(session, person_id(env, ZHANG_WEI[1]))
        movements = session.exec(select(LedgerMovement).where(LedgerMovement.to_account_id == account.id)).all()
    assert [(m.kind, m.amount_fen) for m in movements] == [("opening", 345678)]
    assert_ledger_whole(env)


def test_seeding_again_never_changes_an_account_that_has_movements(env) -> None:
    now = env.clock.now()
    with env.db.transaction(immediate=True) as session:
        account = ledger.personal_account(session, person_id(env, ZHANG_WEI[1]))
        paid_to = ledger.system_account(session, ledger.INSTITUTIONS, now)
        ledger.move(session, kind="settlement", source=ledger.lock(session, [account.id])[account.id], target=paid_to,
                    amount_fen=3550, now=now)
    load_demo_data(env)
    load_demo_data(env)
    assert balance_of(env, ZHANG_WEI[1]) == 345678 - 3550
    with env.db.transaction() as session:
        assert len(session.exec(select(LedgerMovement).where(LedgerMovement.kind == "opening")).all()) == 5
        assert ledger.open_personal_account(session, person_id(env, ZHANG_WEI[1]), 999, now) is False
    assert_ledger_whole(env)


def test_a_movement_never_takes_a_personal_account_below_zero(env) -> None:
    now = env.clock.now()
    with pytest.raises(ledger.Overdrawn), env.db.transaction(immediate=True) as session:
        account = ledger.personal_account(session, person_id(env, CHEN_ZHE[1]))
        paid_to = ledger.system_account(session, ledger.INSTITUTIONS, now)
        ledger.move(session, kind="settlement", source=ledger.lock(session, [account.id])[account.id], target=paid_to,
                    amount_fen=88001, now=now)
    assert balance_of(env, CHEN_ZHE[1]) == 88000
    assert_ledger_whole(env)


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_account SET balance_fen = -1 WHERE kind = 'personal'",
    "INSERT INTO ledger_movement (at, kind, from_account_id, to_account_id, amount_fen) "
    "VALUES ('2026-11-23 02:00:00', 'settlement', 1, 2, 0)",
    "INSERT INTO ledger_movement (at, kind, from_account_id, to_account_id, amount_fen) "
    "VALUES ('2026-11-23 02:00:00', 'settlement', 1, 1, 5)",
])
def test_the_database_itself_refuses_a_negative_balance_or_a_one_sided_movement(env, statement: str) -> None:
    with pytest.raises(IntegrityError), env.db.transaction(immediate=True) as session:
        session.exec(text(statement))
