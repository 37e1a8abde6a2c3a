"""Insurance records tables (DESIGN.md §2.5): contributions and settled medical expenses of insured people, read by
the records pages. Imported by app/models.py, so `import app.models` registers them too. Amounts are integer fen."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel


class ContributionRecord(SQLModel, table=True):
    """One insurance contribution of an insured person: what they paid and the subsidy (or the employer's share).
    Amounts are integer fen. `reference` is the source system's record number (demo data upserts by it)."""

    __tablename__ = "contribution_record"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=40, unique=True, index=True)
    person_id: int = Field(foreign_key="registry_person.id", index=True)
    year: int = Field(index=True)
    month: int
    kind: str = Field(max_length=16)  # employee | resident (as RegistryPerson.insurance_type)
    paid_fen: int  # paid by the person
    subsidy_fen: int  # government subsidy (residents) or the employer's share (employees)
    region_code: str = Field(max_length=6)
    paid_on: date


class MedicalExpense(SQLModel, table=True):
    """One settled medical expense. Sensitive: the institution and the items are stored encrypted; `place_index`
    (a blind index of the institution) lets the "Place" filter work without decrypting. Amounts in integer fen."""

    __tablename__ = "medical_expense"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=40, unique=True, index=True)
    person_id: int = Field(foreign_key="registry_person.id", index=True)
    settled_on: date = Field(index=True)
    kind: str = Field(max_length=16)  # outpatient | inpatient | pharmacy
    place_index: str = Field(max_length=64, index=True)
    institution_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    items_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    total_fen: int
    fund_fen: int  # paid by the insurance fund
    family_fen: int  # paid by the person or the family
