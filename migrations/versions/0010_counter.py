"""counter: exceptions to the online rules with their evidence, and relationships proven by a document

Revision ID: 0010_counter
Revises: 0009_four_eyes
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_counter"
down_revision: str | Sequence[str] | None = "0009_four_eyes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite copies the table to add the foreign keys: it keeps AUTOINCREMENT only when told (see 0008).
    with op.batch_alter_table("binding_request", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column("exceptions", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column("exception_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column("exception_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("relationship_proven_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("relationship_proof_state", sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=True))
        batch_op.add_column(sa.Column("relationship_proof_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("relationship_proof_decided_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_binding_request_exception_by_id", "account", ["exception_by_id"], ["id"])
        batch_op.create_foreign_key("fk_binding_request_relationship_proof_by_id", "account",
                                    ["relationship_proof_by_id"], ["id"])
        batch_op.create_foreign_key("fk_binding_request_relationship_proof_decided_by_id", "account",
                                    ["relationship_proof_decided_by_id"], ["id"])


def downgrade() -> None:
    # SQLite copies the table to add the foreign keys: it keeps AUTOINCREMENT only when told (see 0008).
    with op.batch_alter_table("binding_request", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_constraint("fk_binding_request_relationship_proof_decided_by_id", type_="foreignkey")
        batch_op.drop_constraint("fk_binding_request_relationship_proof_by_id", type_="foreignkey")
        batch_op.drop_constraint("fk_binding_request_exception_by_id", type_="foreignkey")
        for column in ("relationship_proof_decided_by_id", "relationship_proof_by_id", "relationship_proof_state",
                       "relationship_proven_at", "exception_by_id", "exception_reason", "exceptions"):
            batch_op.drop_column(column)
