"""The demo pharmacy's cashier (DESIGN.md §2.9, `/cashier`, demo mode only): what its form sends through the same
institution calls the API makes — verify the scanned code with the institution's key (a visit), settle, reverse —
and the amounts typed in yuan, read exactly as fen."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.services import cards, institutions, settlements, settlements_reverse
from app.services.env import Env
from app.services.errors import DomainError, ValidationFailed

YUAN = re.compile(r"^\s*(?:¥\s*)?(\d{1,7})(?:\.(\d{1,2}))?\s*$")
AMOUNT_FIELDS = ("total", "fund", "own")
RECEIPT_MAX = 40  # as the API takes it


def fen(text: str) -> int | None:
    """"35.50", "35.5", "35" or "¥35.50" as fen; anything else (a third decimal, a sign, letters) None."""
    found = YUAN.match(text or "")
    if found is None:
        return None
    whole, part = found.groups()
    return int(whole) * 100 + int((part or "").ljust(2, "0"))


@dataclass(frozen=True)
class Bill:
    code: str
    receipt_number: str
    total_fen: int
    fund_fen: int
    self_pay_fen: int


def read_bill(code: str, total: str, fund: str, own: str, receipt: str) -> Bill:
    """The form as a bill, or ValidationFailed naming each field that is not right."""
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = "cashier_code_missing"
    amounts = {name: fen(text) for name, text in zip(AMOUNT_FIELDS, (total, fund, own), strict=True)}
    errors.update({name: "cashier_amount" for name, value in amounts.items() if value is None})
    if not receipt.strip() or len(receipt.strip()) > RECEIPT_MAX:
        errors["receipt"] = "cashier_receipt"
    if errors:
        raise ValidationFailed(errors)
    return Bill(code.strip(), receipt.strip(), amounts["total"] or 0, amounts["fund"] or 0, amounts["own"] or 0)


class CodeRefused(DomainError):
    """The scanned code was refused by the verification (its reason is `reason`, e.g. expired or used)."""

    code = "cashier_code_refused"


def open_visit(env: Env, code: str, *, client: str | None) -> str:
    """Verify the scanned code as the demo pharmacy: the visit settling needs (Refused, or CodeRefused)."""
    institution_id = settlements.admit_call(env, institutions.DEMO_KEY, "verify", client=client)
    result = cards.verify_card_token(env, code, institution_id)
    if not result.valid or result.visit is None:
        raise CodeRefused(reason=result.reason or "invalid")
    return result.visit


def settle(env: Env, visit: str, bill: Bill, *, client: str | None) -> settlements.Settled:
    """Settle the bill in the visit; the receipt number is the idempotency key, so a second press (or a retry of a
    press whose answer was lost) answers the first settlement."""
    request = settlements.SettleRequest(visit=visit, receipt_number=bill.receipt_number, total_fen=bill.total_fen,
                                        fund_fen=bill.fund_fen, self_pay_fen=bill.self_pay_fen,
                                        idempotency_key=f"cashier-{bill.receipt_number}")
    return settlements.settle(env, institutions.DEMO_KEY, request, client=client)


def reverse(env: Env, number: str, *, client: str | None) -> settlements_reverse.Reversal:
    return settlements_reverse.reverse(env, institutions.DEMO_KEY, number, client=client)
