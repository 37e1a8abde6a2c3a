"""The demo pharmacy's cashier (DESIGN.md §2.9): amounts typed in yuan read exactly as fen, every field that is not
right named, and a second "Settle" of the same receipt answering the first settlement."""

from __future__ import annotations

import pytest

from app.services import cards, cashier, settlements
from app.services.errors import ValidationFailed
from tests.unit.binding_helpers import ZHANG_WEI_PHONE, account_id


@pytest.mark.parametrize(("text", "expected"), [
    ("35.50", 3550), ("35.5", 3550), ("35", 3500), ("¥120.00", 12000), (" 0.01 ", 1), ("0", 0),
    ("35.505", None), ("-1", None), ("1e3", None), ("", None), ("35,50", None), ("12345678", None), ("abc", None),
])
def test_yuan_are_read_exactly_as_fen(text: str, expected: int | None) -> None:
    assert cashier.fen(text) == expected


def test_every_field_that_is_not_right_is_named() -> None:
    with pytest.raises(ValidationFailed) as refused:
        cashier.read_bill(" ", "12.345", "x", "", "")
    assert refused.value.errors == {"code": "cashier_code_missing", "total": "cashier_amount",
                                    "fund": "cashier_amount", "own": "cashier_amount", "receipt": "cashier_receipt"}
    with pytest.raises(ValidationFailed) as too_long:
        cashier.read_bill("code", "1", "1", "0", "R" * 41)
    assert too_long.value.errors == {"receipt": "cashier_receipt"}


def test_settling_twice_answers_the_first_and_a_used_code_is_refused(env) -> None:
    token = cards.issue_card_token(env, account_id(env, ZHANG_WEI_PHONE)).token
    bill = cashier.read_bill(token, "120.00", "84.50", "35.50", "R-0001")
    visit = cashier.open_visit(env, token, client="till")
    first = cashier.settle(env, visit, bill, client="till")
    assert (first.own_fen, first.family_fen, first.cash_fen) == (3550, 0, 0)
    assert cashier.settle(env, visit, bill, client="till") == first  # a second press of "Settle"
    with pytest.raises(cashier.CodeRefused):
        cashier.open_visit(env, token, client="till")  # the code itself is single-use
    reversed_ = cashier.reverse(env, first.settlement_number, client="till")
    assert reversed_.own_fen == 3550
    with pytest.raises(settlements.Refused) as unknown:
        cashier.reverse(env, "S-0-unknown", client="till")
    assert unknown.value.code == "not_found"
