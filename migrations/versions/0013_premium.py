"""premium: an employee holder pays a close relative's resident premium from the personal account

A movement of the new kind "premium" (in the amount check, which now also names the kinds) says which year it
insures (`premium_year`); `resident_premium` holds the premium of each region and year.

Revision ID: 0013_premium
Revises: 0012_mutual_aid
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_premium"
down_revision: str | Sequence[str] | None = "0012_mutual_aid"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AMOUNT_BEFORE = "amount_fen > 0 OR (kind = 'opening' AND amount_fen = 0)"
AMOUNT_NOW = ("kind IN ('opening', 'settlement', 'reversal', 'premium') "
              "AND (amount_fen > 0 OR (kind = 'opening' AND amount_fen = 0))")


def upgrade() -> None:
    op.create_table(
        "resident_premium",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_code", "year", name="uq_resident_premium_region_year"),
    )
    # SQLite cannot change a check constraint in place: batch mode copies the table and swaps it.
    with op.batch_alter_table("ledger_movement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("premium_year", sa.Integer(), nullable=True))
        batch_op.drop_constraint("ck_ledger_movement_amount", type_="check")
        batch_op.create_check_constraint("ck_ledger_movement_amount", AMOUNT_NOW)


def downgrade() -> None:
    op.execute("DELETE FROM ledger_movement WHERE kind = 'premium'")  # no such kind before: the premiums go too
    with op.batch_alter_table("ledger_movement", schema=None) as batch_op:
        batch_op.drop_constraint("ck_ledger_movement_amount", type_="check")
        batch_op.create_check_constraint("ck_ledger_movement_amount", AMOUNT_BEFORE)
        batch_op.drop_column("premium_year")
    op.drop_table("resident_premium")
