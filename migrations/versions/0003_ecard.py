"""e-card tokens

Revision ID: 0003_ecard
Revises: 0002_binding
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_ecard"
down_revision: str | Sequence[str] | None = "0002_binding"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ecard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["registry_person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ecard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ecard_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ecard_ref"), ["ref"], unique=True)

    op.create_table(
        "ecard_used_token",
        sa.Column("nonce", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["ecard.id"]),
        sa.PrimaryKeyConstraint("nonce"),
    )
    with op.batch_alter_table("ecard_used_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ecard_used_token_card_id"), ["card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ecard_used_token_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ecard_used_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ecard_used_token_expires_at"))
        batch_op.drop_index(batch_op.f("ix_ecard_used_token_card_id"))
    op.drop_table("ecard_used_token")
    with op.batch_alter_table("ecard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ecard_ref"))
        batch_op.drop_index(batch_op.f("ix_ecard_account_id"))
    op.drop_table("ecard")
