"""The "Personal account" page's figures (DESIGN.md §2.9): the balance, the movements newest first with who used
the money (the patient and the institution), and the sums by month. Only the account's own employee sees it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, or_, select

from app.models import Institution, LedgerMovement, RegistryPerson
from app.services import ledger, registry
from app.services.clock import to_local
from app.services.env import Env


@dataclass(frozen=True)
class MovementRow:
    at: datetime  # China local time
    kind: str  # opening | settlement | reversal | premium
    amount_fen: int  # arrived (+) or left (-)
    patient: str | None  # whose bill (or premium) it paid
    institution: str | None
    premium_year: int | None = None  # a premium: the year it insures


@dataclass(frozen=True)
class MonthSum:
    month: str  # YYYY-MM
    in_fen: int
    out_fen: int


@dataclass(frozen=True)
class AccountView:
    balance_fen: int
    movements: list[MovementRow]
    months: list[MonthSum]  # oldest first, only months with movements


def view(env: Env, account_id: int) -> AccountView | None:
    """The login's personal account, or None when its person has none (not an employee)."""
    with env.db.transaction() as session:
        return read(env, session, account_id)


def read(env: Env, session: Session, account_id: int) -> AccountView | None:
    """`view` in the caller's session (the data download reads it with everything else)."""
    account = ledger.account_of_login(session, account_id)
    if account is None:
        return None
    own = account.id
    rows = session.exec(select(LedgerMovement, RegistryPerson, Institution)
                        .where(or_(LedgerMovement.from_account_id == own, LedgerMovement.to_account_id == own))
                        .join(RegistryPerson, RegistryPerson.id == LedgerMovement.patient_person_id, isouter=True)
                        .join(Institution, Institution.id == LedgerMovement.institution_id, isouter=True)
                        .order_by(LedgerMovement.id.desc())).all()  # type: ignore[union-attr]
    names: dict[int, str] = {}
    movements = []
    for movement, person, institution in rows:
        if person is not None and person.id not in names:
            names[person.id or 0] = env.crypto.decrypt_text(person.name_cipher, registry.NAME_PURPOSE)
        sign = 1 if movement.to_account_id == own else -1
        movements.append(MovementRow(at=to_local(movement.at), kind=movement.kind,
                                     amount_fen=sign * movement.amount_fen,
                                     patient=names[person.id or 0] if person is not None else None,
                                     institution=institution.name if institution is not None else None,
                                     premium_year=movement.premium_year))
    return AccountView(balance_fen=account.balance_fen, movements=movements, months=by_month(movements))


def by_month(movements: list[MovementRow]) -> list[MonthSum]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in movements:
        sums[f"{row.at:%Y-%m}"][0 if row.amount_fen >= 0 else 1] += abs(row.amount_fen)
    return [MonthSum(month, money_in, money_out) for month, (money_in, money_out) in sorted(sums.items())]
