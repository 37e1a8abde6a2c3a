"""money: personal accounts as a double-entry ledger, institutions, visits and settlements (DESIGN.md §2.9)

Revision ID: 0011_money
Revises: 0010_counter
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_money"
down_revision: str | Sequence[str] | None = "0010_counter"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("institution",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("key_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_institution_key_sha256"), ["key_sha256"], unique=True)

    op.create_table("ledger_account",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=True),
    sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
    sa.Column("balance_fen", sa.Integer(), nullable=False),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind <> 'personal' OR balance_fen >= 0", name="ck_ledger_account_not_negative"),
    sa.ForeignKeyConstraint(["person_id"], ["registry_person.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("code"),
    sa.UniqueConstraint("person_id")
    )
    op.create_table("institution_visit",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("token_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("institution_id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("card_id", sa.Integer(), nullable=False),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["card_id"], ["ecard.id"], ),
    sa.ForeignKeyConstraint(["institution_id"], ["institution.id"], ),
    sa.ForeignKeyConstraint(["person_id"], ["registry_person.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("institution_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_institution_visit_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_institution_visit_token_sha256"), ["token_sha256"], unique=True)

    op.create_table("settlement",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column("institution_id", sa.Integer(), nullable=False),
    sa.Column("visit_id", sa.Integer(), nullable=False),
    sa.Column("receipt_number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("request_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("patient_person_id", sa.Integer(), nullable=False),
    sa.Column("total_fen", sa.Integer(), nullable=False),
    sa.Column("fund_fen", sa.Integer(), nullable=False),
    sa.Column("self_pay_fen", sa.Integer(), nullable=False),
    sa.Column("own_fen", sa.Integer(), nullable=False),
    sa.Column("family_fen", sa.Integer(), nullable=False),
    sa.Column("cash_fen", sa.Integer(), nullable=False),
    sa.Column("settled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column("settled_on", sa.Date(), nullable=False),
    sa.Column("expense_reference", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column("reversed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(["institution_id"], ["institution.id"], ),
    sa.ForeignKeyConstraint(["patient_person_id"], ["registry_person.id"], ),
    sa.ForeignKeyConstraint(["visit_id"], ["institution_visit.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("institution_id", "idempotency_key", name="uq_settlement_idempotency"),
    sa.UniqueConstraint("institution_id", "receipt_number", name="uq_settlement_receipt"),
    sa.UniqueConstraint("visit_id")
    )
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settlement_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_settlement_number"), ["number"], unique=True)
        batch_op.create_index(batch_op.f("ix_settlement_patient_person_id"), ["patient_person_id"], unique=False)

    op.create_table("ledger_movement",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("from_account_id", sa.Integer(), nullable=False),
    sa.Column("to_account_id", sa.Integer(), nullable=False),
    sa.Column("amount_fen", sa.Integer(), nullable=False),
    sa.Column("settlement_id", sa.Integer(), nullable=True),
    sa.Column("patient_person_id", sa.Integer(), nullable=True),
    sa.Column("institution_id", sa.Integer(), nullable=True),
    sa.CheckConstraint("amount_fen > 0 OR (kind = 'opening' AND amount_fen = 0)", name="ck_ledger_movement_amount"),
    sa.CheckConstraint("from_account_id <> to_account_id", name="ck_ledger_movement_two_accounts"),
    sa.ForeignKeyConstraint(["from_account_id"], ["ledger_account.id"], ),
    sa.ForeignKeyConstraint(["institution_id"], ["institution.id"], ),
    sa.ForeignKeyConstraint(["patient_person_id"], ["registry_person.id"], ),
    sa.ForeignKeyConstraint(["settlement_id"], ["settlement.id"], ),
    sa.ForeignKeyConstraint(["to_account_id"], ["ledger_account.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("ledger_movement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_movement_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_movement_from_account_id"), ["from_account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_movement_settlement_id"), ["settlement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_movement_to_account_id"), ["to_account_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("ledger_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_movement_to_account_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_movement_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_movement_from_account_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_movement_at"))

    op.drop_table("ledger_movement")
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlement_patient_person_id"))
        batch_op.drop_index(batch_op.f("ix_settlement_number"))
        batch_op.drop_index(batch_op.f("ix_settlement_institution_id"))

    op.drop_table("settlement")
    with op.batch_alter_table("institution_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_institution_visit_token_sha256"))
        batch_op.drop_index(batch_op.f("ix_institution_visit_institution_id"))

    op.drop_table("institution_visit")
    op.drop_table("ledger_account")
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_institution_key_sha256"))

    op.drop_table("institution")
