"""four eyes: the staff members who helped prepare a binding request at the counter, who may not decide it

Revision ID: 0009_four_eyes
Revises: 0008_deletion
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_four_eyes"
down_revision: str | Sequence[str] | None = "0008_deletion"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Requests already waiting for a decision get their helpers by the rule "Save and submit" applies from now on
# (app/services/binding/lifecycle.py: _record_helpers): everyone who was assisting the holder at the counter
# between the request's start and its submission. Others get theirs when they are next submitted.
BACKFILL = """
INSERT INTO request_helper (request_id, staff_id)
SELECT DISTINCT binding_request.id, assist_session.staff_id
FROM binding_request JOIN assist_session ON assist_session.resident_id = binding_request.holder_id
WHERE binding_request.status IN ('submitted', 'in_review')
  AND assist_session.started_at <= binding_request.submitted_at
  AND (assist_session.ended_at IS NULL OR assist_session.ended_at >= binding_request.created_at)
"""


def upgrade() -> None:
    op.create_table(
        "request_helper",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["binding_request.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("request_id", "staff_id"),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("request_helper")
