"""security: password lockouts per number in the rate-limit table, login sessions bound to a browser, code
messages marked in the dev inbox

Revision ID: 0006_security
Revises: 0005_counter
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006_security"
down_revision: str | Sequence[str] | None = "0005_counter"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bound_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    # Sessions from before are keyed by the bare token, which no browser presents any more: they end.
    op.execute("UPDATE login_session SET ended_at = last_seen_at, end_reason = 'renewed' WHERE ended_at IS NULL")
    with op.batch_alter_table("dev_sms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.execute("UPDATE dev_sms SET purpose = 'code' WHERE code IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("dev_sms", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_column("bound_at")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
