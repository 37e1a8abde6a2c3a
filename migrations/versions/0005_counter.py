"""counter service: staff assisting a resident

Revision ID: 0005_counter
Revises: 0004_records
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_counter"
down_revision: str | Sequence[str] | None = "0004_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assist_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("login_session_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.ForeignKeyConstraint(["resident_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assist_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assist_session_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assist_session_resident_id"), ["resident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assist_session_login_session_id"), ["login_session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assist_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assist_session_login_session_id"))
        batch_op.drop_index(batch_op.f("ix_assist_session_resident_id"))
        batch_op.drop_index(batch_op.f("ix_assist_session_staff_id"))
    op.drop_table("assist_session")
