"""mutual aid: an employee holder's personal account paying an approved close relative's own share

Revision ID: 0012_mutual_aid
Revises: 0011_money
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_mutual_aid"
down_revision: str | Sequence[str] | None = "0011_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mutual_aid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("member_person_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.ForeignKeyConstraint(["holder_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["binding_request.id"]),
        sa.ForeignKeyConstraint(["member_person_id"], ["registry_person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mutual_aid", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mutual_aid_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mutual_aid_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mutual_aid_member_person_id"), ["member_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mutual_aid_ended_at"), ["ended_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mutual_aid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mutual_aid_ended_at"))
        batch_op.drop_index(batch_op.f("ix_mutual_aid_member_person_id"))
        batch_op.drop_index(batch_op.f("ix_mutual_aid_request_id"))
        batch_op.drop_index(batch_op.f("ix_mutual_aid_holder_id"))
    op.drop_table("mutual_aid")
