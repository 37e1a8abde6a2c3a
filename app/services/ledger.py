"""The personal-account ledger (DESIGN.md §2.9), the one place where money moves.

Interface for the rest of the app (all take the caller's session, so a movement is written in the caller's
transaction together with whatever it pays for):

- `personal_account(session, person_id)`: the employee's personal account (个人账户) or None;
- `account_of_login(session, account_id)`: the personal account of a login's registry person, or None;
- `lock(session, ids)`: the accounts, locked for this transaction (`SELECT ... FOR UPDATE` in id order on
  PostgreSQL; on SQLite the caller's IMMEDIATE transaction already holds the write lock);
- `move(session, kind=..., source=..., target=..., amount_fen=..., now=...)`: one double-entry movement; refuses
  (`Overdrawn`) to take a personal account below zero;
- `system_account(session, code, now)`: the system account `OPENING`, `INSTITUTIONS` or `PREMIUMS` (made on first
  use);
- `open_personal_account(session, person_id, opening_fen, now)`: the seed's opening balance, written once;
- `balance(session, account_id)`: the balance as the sum of the movements (what `balance_fen` must equal).

Every transaction that moves money reads, then writes: open it with `env.db.transaction(immediate=True)`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Account, LedgerAccount, LedgerMovement
from app.services.errors import DomainError

PERSONAL, SYSTEM = "personal", "system"
OPENING = "opening"  # where opening balances come from (the insurance system's books before this app)
INSTITUTIONS = "institutions"  # what institutions were paid for bills (and gave back on reversals)
PREMIUMS = "premiums"  # resident premiums paid from personal accounts (app/services/premiums.py)
KINDS = ("opening", "settlement", "reversal", "premium")  # as the check ck_ledger_movement_amount


class Overdrawn(DomainError):
    """A movement would take a personal account below zero; nothing is written."""

    code = "overdrawn"


def personal_account(session: Session, person_id: int) -> LedgerAccount | None:
    return session.exec(select(LedgerAccount).where(LedgerAccount.person_id == person_id)).first()


def account_of_login(session: Session, account_id: int) -> LedgerAccount | None:
    """The personal account of the registry person a login belongs to (None: no person, or not an employee)."""
    login = session.get(Account, account_id)
    if login is None or login.person_id is None or login.deleted_at is not None:
        return None
    return personal_account(session, login.person_id)


def system_account(session: Session, code: str, now: datetime) -> LedgerAccount:
    found = session.exec(select(LedgerAccount).where(LedgerAccount.code == code)).first()
    if found is None:
        found = LedgerAccount(kind=SYSTEM, code=code, created_at=now)
        session.add(found)
        session.flush()
    return found


def lock(session: Session, ids: Iterable[int]) -> dict[int, LedgerAccount]:
    """The accounts `ids`, read again and locked until the transaction ends. Always in id order, so two
    transactions locking the same two accounts cannot deadlock."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = (select(LedgerAccount).where(LedgerAccount.id.in_(wanted))  # type: ignore[union-attr]
             .order_by(LedgerAccount.id).with_for_update().execution_options(populate_existing=True))
    return {row.id or 0: row for row in session.exec(query).all()}


def move(session: Session, *, kind: str, source: LedgerAccount, target: LedgerAccount, amount_fen: int,
         now: datetime, settlement_id: int | None = None, patient_person_id: int | None = None,
         institution_id: int | None = None, premium_year: int | None = None) -> LedgerMovement:
    """Move `amount_fen` from `source` to `target` as one movement, and keep the personal accounts' balances.
    The caller has locked the personal accounts involved (`lock`)."""
    if kind not in KINDS or amount_fen < 0 or (amount_fen == 0 and kind != OPENING):
        raise ValueError(f"not a movement: {kind} {amount_fen}")
    if source.kind == PERSONAL:
        if source.balance_fen < amount_fen:
            raise Overdrawn()
        source.balance_fen -= amount_fen
        session.add(source)
    if target.kind == PERSONAL:
        target.balance_fen += amount_fen
        session.add(target)
    movement = LedgerMovement(at=now, kind=kind, from_account_id=source.id or 0, to_account_id=target.id or 0,
                              amount_fen=amount_fen, settlement_id=settlement_id, patient_person_id=patient_person_id,
                              institution_id=institution_id, premium_year=premium_year)
    session.add(movement)
    return movement


def open_personal_account(session: Session, person_id: int, opening_fen: int, now: datetime) -> bool:
    """Give an employee their personal account with the seed's opening balance as its first movement. An account
    that exists is never changed (re-seeding, a registry sync): False then."""
    if personal_account(session, person_id) is not None:
        return False
    account = LedgerAccount(kind=PERSONAL, person_id=person_id, created_at=now)
    session.add(account)
    session.flush()
    move(session, kind=OPENING, source=system_account(session, OPENING, now), target=account, amount_fen=opening_fen,
         now=now)
    session.flush()
    return True


def balance(session: Session, account_id: int) -> int:
    """What arrived minus what left, from the movements themselves."""
    arrived = session.exec(select(func.coalesce(func.sum(LedgerMovement.amount_fen), 0)).where(
        LedgerMovement.to_account_id == account_id)).one()
    left = session.exec(select(func.coalesce(func.sum(LedgerMovement.amount_fen), 0)).where(
        LedgerMovement.from_account_id == account_id)).one()
    return int(arrived) - int(left)
