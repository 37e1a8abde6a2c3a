"""Shared set-up of the premium tests (DESIGN.md §2.9, §6): the clock set to a moment in China time, a premium paid
as the confirmation would, the member's premium contribution records and the premium movements."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from app.models import ContributionRecord, LedgerMovement
from app.services import premiums
from app.services.clock import CHINA_TZ, FixedClock
from tests.unit.binding_helpers import person_id

BEIJING_2027 = 40000  # ¥400.00 (DESIGN.md §6)
SHANGHAI_2027 = 38000  # ¥380.00


def at(env, *moment: int) -> None:
    """Stand the clock at this moment in China time (year, month, day[, hour, minute, second])."""
    env.clock = FixedClock(datetime(*moment, tzinfo=CHINA_TZ))  # type: ignore[misc]


def pay(env, holder: int, request_id: int, year: int = 2027, amount_fen: int = BEIJING_2027, **kw: object):
    return premiums.pay(env, holder, request_id, year=year, amount_fen=amount_fen, client="phone", **kw)


def premium_records(env, id_number: str) -> list[ContributionRecord]:
    with env.db.transaction() as s:
        return list(s.exec(select(ContributionRecord).where(ContributionRecord.person_id == person_id(env, id_number),
                                                            ContributionRecord.reference.startswith("PREMIUM-"))
                           .order_by(ContributionRecord.id)).all())


def premium_movements(env) -> list[LedgerMovement]:
    with env.db.transaction() as s:
        return list(s.exec(select(LedgerMovement).where(LedgerMovement.kind == "premium")
                           .order_by(LedgerMovement.id)).all())
