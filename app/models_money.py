"""Money tables (DESIGN.md §2.9): personal accounts as a double-entry ledger, institutions, visits, settlements and
family mutual aid. Imported by app/models.py, so `import app.models` registers them too. Amounts are integer fen.

The ledger: every movement is ONE row naming the account the money leaves (`from_account_id`, its debit) and the
account it arrives in (`to_account_id`, its credit), so each movement is a double entry by construction. A personal
account's balance is the sum of what arrived minus what left; `balance_fen` keeps that sum on the account row,
changed only in the transaction that writes the movement (and locked there: the row the cashiers queue on). System
accounts (the opening balances' source, what institutions were paid) keep no running balance, so they are no hot
row; their balance is computed from the movements. Across all accounts the balances add up to zero."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

# The kinds of movement (app/services/ledger.py KINDS) and their amounts: above zero, but an opening may be zero.
MOVEMENT_AMOUNT_CHECK = ("kind IN ('opening', 'settlement', 'reversal', 'premium') "
                         "AND (amount_fen > 0 OR (kind = 'opening' AND amount_fen = 0))")


class LedgerAccount(SQLModel, table=True):
    """A personal account (个人账户, employees only: `person_id` set) or a system account (`code` set)."""

    __tablename__ = "ledger_account"
    __table_args__ = (CheckConstraint("kind <> 'personal' OR balance_fen >= 0", name="ck_ledger_account_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # personal | system
    person_id: int | None = Field(default=None, foreign_key="registry_person.id", unique=True)
    code: str | None = Field(default=None, max_length=24, unique=True)  # system accounts: opening | institutions
    balance_fen: int = 0  # personal accounts: the sum of their movements; system accounts: 0 (computed on demand)
    created_at: datetime


class LedgerMovement(SQLModel, table=True):
    """One movement: `amount_fen` leaves `from_account_id` and arrives in `to_account_id` (a double entry)."""

    __tablename__ = "ledger_movement"
    __table_args__ = (CheckConstraint(MOVEMENT_AMOUNT_CHECK, name="ck_ledger_movement_amount"),
                      CheckConstraint("from_account_id <> to_account_id", name="ck_ledger_movement_two_accounts"))

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    kind: str = Field(max_length=16)  # opening | settlement | reversal | premium
    from_account_id: int = Field(foreign_key="ledger_account.id", index=True)
    to_account_id: int = Field(foreign_key="ledger_account.id", index=True)
    amount_fen: int
    settlement_id: int | None = Field(default=None, foreign_key="settlement.id", index=True)
    patient_person_id: int | None = Field(default=None, foreign_key="registry_person.id")  # whose bill it paid
    institution_id: int | None = Field(default=None, foreign_key="institution.id")
    premium_year: int | None = None  # a premium: the year it insures (whose: `patient_person_id`)


class Institution(SQLModel, table=True):
    """A designated hospital, clinic or pharmacy. Its key is a long random secret; only its SHA-256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    kind: str = Field(default="outpatient", max_length=16)  # what its bills are in the records: as MedicalExpense.kind
    key_sha256: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime
    revoked_at: datetime | None = None


class InstitutionVisit(SQLModel, table=True):
    """What `POST /api/verify` with an institution key opens: 30 minutes in which that institution may settle one
    bill of the card's person. The token is random; only its SHA-256 is kept."""

    __tablename__ = "institution_visit"

    id: int | None = Field(default=None, primary_key=True)
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    institution_id: int = Field(foreign_key="institution.id", index=True)
    person_id: int = Field(foreign_key="registry_person.id")  # the patient (the card is always the patient's own)
    card_id: int = Field(foreign_key="ecard.id")
    created_at: datetime
    expires_at: datetime


class Settlement(SQLModel, table=True):
    """One settled bill and how its own share was paid; `reversed_at` once the institution reversed it."""

    __table_args__ = (UniqueConstraint("institution_id", "receipt_number", name="uq_settlement_receipt"),
                      UniqueConstraint("institution_id", "idempotency_key", name="uq_settlement_idempotency"))

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=24, unique=True, index=True)  # S-<yyyymmdd>-<random>
    institution_id: int = Field(foreign_key="institution.id", index=True)
    visit_id: int = Field(foreign_key="institution_visit.id", unique=True)  # a visit settles once
    receipt_number: str = Field(max_length=40)
    idempotency_key: str = Field(max_length=64)
    request_sha256: str = Field(max_length=64)  # of the request's fields, to tell a replay from a conflict
    patient_person_id: int = Field(foreign_key="registry_person.id", index=True)
    total_fen: int
    fund_fen: int
    self_pay_fen: int
    own_fen: int  # from the patient's own personal account
    family_fen: int  # from the holder's personal account (mutual aid)
    cash_fen: int
    settled_at: datetime
    settled_on: date  # in Asia/Shanghai
    expense_reference: str | None = Field(default=None, max_length=40)  # the patient's medical expense record
    reversed_at: datetime | None = None


class ResidentPremium(SQLModel, table=True):
    """The resident medical insurance premium (居民医保) one person pays for a year in a region, in fen: what "Pay
    premium for <name>" charges (DESIGN.md §2.9). The insurance system's table; the demo loads app/seed/money.json."""

    __tablename__ = "resident_premium"
    __table_args__ = (UniqueConstraint("region_code", "year", name="uq_resident_premium_region_year"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(max_length=6)
    year: int
    amount_fen: int


class MutualAid(SQLModel, table=True):
    """Family mutual aid (家庭共济, DESIGN.md §2.9): an employee holder lets an approved member's own share be paid from
    the holder's personal account. Active while `ended_at` is None; ending keeps the row, so the history stays."""

    __tablename__ = "mutual_aid"

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="account.id", index=True)  # whose personal account pays
    request_id: int = Field(foreign_key="binding_request.id", index=True)  # the approved binding it rests on
    member_person_id: int = Field(foreign_key="registry_person.id", index=True)  # whose share it pays
    started_at: datetime
    ended_at: datetime | None = Field(default=None, index=True)
    # turned_off | unbound | holder_removed | account_deleted | lapsed | not_allowed
    end_reason: str | None = Field(default=None, max_length=24)
