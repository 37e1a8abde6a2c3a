"""Crash safety of money (DESIGN.md §2.9): the process is killed (SIGKILL) inside a settlement and inside a reversal,
after everything was written into the open transaction. Afterwards all of it or none of it is there: no settlement
without its movements, no balance changed without a movement, no medical expense record without its settlement."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.models import AuditEvent, LedgerMovement, MedicalExpense, Settlement
from app.services import mutual_aid_seam, settlements
from app.services.settlements_reverse import reverse
from tests.unit.binding_helpers import ZHANG_WEI
from tests.unit.money_helpers import DEMO_KEY, ZHANG_WEI_OPENING, assert_ledger_whole, balance_of, bill, father_visit
from tests.unit.test_crash_safety import _every_cut, _intact

SEAM = "from app.services import mutual_aid_seam\nmutual_aid_seam.family_payer = lambda _s, _m, _t: {holder}\n"


@pytest.fixture(autouse=True)
def _sqlite_only(db_url: str) -> None:
    assert db_url.startswith("sqlite:")


def _rows(env) -> tuple[int, int, int, int]:
    with env.db.transaction() as session:
        return (len(session.exec(select(Settlement)).all()),
                len(session.exec(select(LedgerMovement).where(LedgerMovement.kind != "opening")).all()),
                len(session.exec(select(MedicalExpense)).all()),
                len(session.exec(select(AuditEvent).where(AuditEvent.action == "ecard_settled")).all()))


def test_killed_inside_a_settlement_leaves_all_of_it_or_none(env, db_url: str, monkeypatch) -> None:
    holder, _, visit = father_visit(env)
    request = bill(visit)
    before = _rows(env)

    def whole() -> None:
        assert _rows(env) == before  # none of it
        assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING
        assert_ledger_whole(env)

    action = SEAM.format(holder=holder) + f"""
from app.services import settlements
settlements.settle(env, {DEMO_KEY!r}, settlements.SettleRequest(**{request.__dict__!r}))
"""
    assert _every_cut(env, db_url, action, whole) >= 1
    # Nothing was half done, so the cashier's retry settles it, once.
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda *_: holder)
    done = settlements.settle(env, DEMO_KEY, request)
    assert done.family_fen == 3550 and balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - 3550
    assert _rows(env) == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1)
    _intact(env)


def test_killed_inside_a_reversal_leaves_the_settlement_as_it_was(env, db_url: str, monkeypatch) -> None:
    holder, _, visit = father_visit(env)
    monkeypatch.setattr(mutual_aid_seam, "family_payer", lambda *_: holder)
    done = settlements.settle(env, DEMO_KEY, bill(visit))
    settled = _rows(env)

    def whole() -> None:
        assert _rows(env) == settled
        assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING - 3550
        with env.db.transaction() as session:
            assert session.exec(select(Settlement)).one().reversed_at is None
        assert_ledger_whole(env)

    action = f"""
from app.services.settlements_reverse import reverse
reverse(env, {DEMO_KEY!r}, {done.settlement_number!r})
"""
    assert _every_cut(env, db_url, action, whole) >= 1
    reverse(env, DEMO_KEY, done.settlement_number)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING
    assert_ledger_whole(env)
