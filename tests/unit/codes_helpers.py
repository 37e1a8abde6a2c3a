"""Shared constants and helpers for the SMS code tests (test_codes_*.py)."""

from __future__ import annotations

from sqlmodel import select

from app.models import VerificationCode
from app.services import accounts
from app.services.sms import newest_dev_message
from tests.unit.auth_helpers import bound

NEW_PHONE = "13600136000"  # no account in the demo data
ZHANG_WEI = "13800138000"
GOOD_PASSWORD = "Sunny-Garden-88"


def _inbox_code(env, phone: str) -> str:
    with env.db.transaction() as s:
        message = newest_dev_message(s, phone)
        assert message is not None, f"no code in the dev inbox for {phone}"
        return message.code


def _codes(env, phone: str, purpose: str) -> list[VerificationCode]:
    with env.db.transaction() as s:
        query = select(VerificationCode).where(VerificationCode.phone == phone, VerificationCode.purpose == purpose)
        return list(s.exec(query.order_by(VerificationCode.id)).all())


def _other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _register(env, code: str, phone: str = NEW_PHONE) -> str:
    return bound(env, accounts.register(env, consent=True, phone=phone, code=code, password=GOOD_PASSWORD, client="c1"))
