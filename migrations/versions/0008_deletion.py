"""deletion: a deleted account stays as a tombstone (its number and password emptied), and ids of accounts and
binding requests are never reused on SQLite either

Revision ID: 0008_deletion
Revises: 0007_claims
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_deletion"
down_revision: str | Sequence[str] | None = "0007_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _recreate() -> str:
    # SQLite keeps AUTOINCREMENT in the table's definition, so the table is copied and swapped to gain it;
    # PostgreSQL alters the columns in place (its sequences never reuse an id anyway).
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None, recreate=_recreate(),
                              table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.alter_column("phone", existing_type=sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True)
        batch_op.alter_column("password_hash", existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
                              nullable=True)
        batch_op.add_column(sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("binding_request", schema=None, recreate=_recreate(),
                              table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    # Tombstones get a number no one can type (not 11 digits) and an empty password: nobody can log in with them.
    op.execute("UPDATE account SET phone = 'd' || CAST(id AS VARCHAR(10)) WHERE phone IS NULL")
    op.execute("UPDATE account SET password_hash = '' WHERE password_hash IS NULL")
    with op.batch_alter_table("binding_request", schema=None, recreate=_recreate()):
        pass
    with op.batch_alter_table("account", schema=None, recreate=_recreate()) as batch_op:
        batch_op.drop_column("deleted_at")
        batch_op.alter_column("password_hash", existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
                              nullable=False)
        batch_op.alter_column("phone", existing_type=sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False)
