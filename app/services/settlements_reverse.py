"""Reversing a settlement (DESIGN.md §2.9, `POST /api/settle/<number>/reverse`): only by the institution that
settled it, on the same day in Asia/Shanghai time. The money goes back to the accounts it came from, the patient's
medical expense record of the bill is removed (the bill no longer stands), and the settlement keeps its figures and
`reversed_at`. A retry answers the first reversal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import select

from app.models import LedgerMovement, MedicalExpense, Settlement
from app.services import audit, ledger
from app.services.audit import Actor
from app.services.clock import to_local
from app.services.env import Env
from app.services.settlements import Refused, _refusal, admitted


@dataclass(frozen=True)
class Reversal:
    settlement_number: str
    own_fen: int  # given back to the patient's own personal account
    family_fen: int  # given back to the holder's personal account
    cash_fen: int  # for the institution to give back in cash
    reversed_at: datetime


def _answer(row: Settlement) -> Reversal:
    assert row.reversed_at is not None
    return Reversal(settlement_number=row.number, own_fen=row.own_fen, family_fen=row.family_fen,
                    cash_fen=row.cash_fen, reversed_at=row.reversed_at)


def reverse(env: Env, key: str | None, number: str, *, client: str | None = None) -> Reversal:
    now = env.clock.now()
    outcome: Reversal | str
    with env.db.transaction(immediate=True) as session:
        try:
            institution = admitted(session, env, key, "reverse", now=now, client=client)
        except Refused as refused:
            outcome = refused.code
        else:
            # Locked (PostgreSQL), so a reversal sent twice at once gives the money back once.
            query = (select(Settlement).where(Settlement.number == number).with_for_update()
                     .execution_options(populate_existing=True))
            row = session.exec(query).first() if len(number) <= 24 else None  # noqa: PLR2004 - the column's length
            if row is None:
                outcome = "not_found"
            elif row.institution_id != institution.id:
                outcome = "other_institution"
            elif row.reversed_at is not None:
                outcome = _answer(row)
            elif row.settled_on != to_local(now).date():
                outcome = "not_same_day"
            else:
                outcome = _reverse(session, row, now, client)
            if isinstance(outcome, str):
                _refusal(session, institution.id, "reverse", outcome, now=now, client=client)
    if isinstance(outcome, str):
        raise Refused(outcome)
    return outcome


def _reverse(session, row: Settlement, now: datetime, client: str | None) -> Reversal:  # type: ignore[no-untyped-def]
    movements = session.exec(select(LedgerMovement).where(LedgerMovement.settlement_id == row.id,
                                                          LedgerMovement.kind == "settlement")).all()
    locked = ledger.lock(session, [m.from_account_id for m in movements])
    paid_to = ledger.system_account(session, ledger.INSTITUTIONS, now)
    for movement in movements:
        ledger.move(session, kind="reversal", source=paid_to, target=locked[movement.from_account_id],
                    amount_fen=movement.amount_fen, now=now, settlement_id=row.id,
                    patient_person_id=movement.patient_person_id, institution_id=movement.institution_id)
    if row.expense_reference:
        session.exec(delete(MedicalExpense).where(MedicalExpense.reference == row.expense_reference))  # type: ignore[call-overload]
    row.reversed_at = now
    session.add(row)
    audit.record(session, "settlement_reversed", now=now, account_id=None, actor=Actor(None, "institution", client),
                 institution=row.institution_id, settlement=row.number)
    return _answer(row)
