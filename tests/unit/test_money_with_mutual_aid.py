"""Settling with the real family mutual aid (DESIGN.md §2.9): 张伟 turns on "Let 张建国 use my personal account"; the
father's bill is paid from 张伟's account; once turned off, the next bill's own share is cash and nothing more is
taken from 张伟's account; the reversal gives back what was paid."""

from __future__ import annotations

from app.services import mutual_aid, settlements
from app.services.settlements_reverse import reverse
from tests.unit.binding_helpers import ZHANG_JIANGUO, ZHANG_WEI, ZHANG_WEI_PHONE, account_id
from tests.unit.money_helpers import DEMO_KEY, ZHANG_WEI_OPENING, assert_ledger_whole, balance_of, bill, visit_for
from tests.unit.mutual_aid_helpers import approved


def test_the_father_pays_from_zhang_weis_account_until_it_is_turned_off(env) -> None:
    holder = account_id(env, ZHANG_WEI_PHONE)
    request_id = approved(env, holder, ZHANG_JIANGUO[1], "parent")
    assert mutual_aid.turn_on(env, holder, request_id, client="test")
    done = settlements.settle(env, DEMO_KEY, bill(visit_for(env, holder, request_id), 12000, 8450, receipt="R-0001"))
    assert (done.own_fen, done.family_fen, done.cash_fen) == (0, 3550, 0)
    assert balance_of(env, ZHANG_WEI[1]) == 342128  # ¥3,421.28

    visit = visit_for(env, holder, request_id)  # the code is shown, then the authorisation is turned off
    assert mutual_aid.turn_off(env, holder, request_id, client="test")
    later = settlements.settle(env, DEMO_KEY, bill(visit, 12000, 8450))
    assert (later.own_fen, later.family_fen, later.cash_fen) == (0, 0, 3550)
    assert balance_of(env, ZHANG_WEI[1]) == 342128

    reverse(env, DEMO_KEY, done.settlement_number)
    assert balance_of(env, ZHANG_WEI[1]) == ZHANG_WEI_OPENING  # ¥3,456.78
    assert_ledger_whole(env)
