"""claims: proof at activation (identity claims apart from accounts), the registry's mobile numbers and father
links

Revision ID: 0007_claims
Revises: 0006_security
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_claims"
down_revision: str | Sequence[str] | None = "0006_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registry_person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("father_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("phone_cipher", sa.LargeBinary(), nullable=True))
        batch_op.create_foreign_key("fk_registry_person_father_id", "registry_person", ["father_id"], ["id"])
    op.create_table(
        "identity_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("proof", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["registry_person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("identity_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_claim_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_claim_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_claim_state"), ["state"], unique=False)
    # Accounts verified before claims existed: a proven claim of their own, marked so that the next login asks
    # for the proof when the account's number is not the registry's (DESIGN.md §2.1.3).
    op.execute("INSERT INTO identity_claim (account_id, person_id, created_at, state, proof, ended_at) "
               "SELECT id, person_id, verified_at, 'proven', 'legacy', verified_at FROM account "
               "WHERE person_id IS NOT NULL AND verified_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("identity_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_claim_state"))
        batch_op.drop_index(batch_op.f("ix_identity_claim_person_id"))
        batch_op.drop_index(batch_op.f("ix_identity_claim_account_id"))
    op.drop_table("identity_claim")
    with op.batch_alter_table("registry_person", schema=None) as batch_op:
        batch_op.drop_constraint("fk_registry_person_father_id", type_="foreignkey")
        batch_op.drop_column("phone_cipher")
        batch_op.drop_column("father_id")
