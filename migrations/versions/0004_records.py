"""contribution and medical expense records

Revision ID: 0004_records
Revises: 0003_ecard
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_records"
down_revision: str | Sequence[str] | None = "0003_ecard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('contribution_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('subsidy_fen', sa.Integer(), nullable=False),
    sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['registry_person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contribution_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contribution_record_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contribution_record_reference'), ['reference'], unique=True)
        batch_op.create_index(batch_op.f('ix_contribution_record_year'), ['year'], unique=False)

    op.create_table('medical_expense',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('settled_on', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('place_index', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('institution_cipher', sa.LargeBinary(), nullable=False),
    sa.Column('items_cipher', sa.LargeBinary(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('fund_fen', sa.Integer(), nullable=False),
    sa.Column('family_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['registry_person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medical_expense', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medical_expense_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_medical_expense_place_index'), ['place_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_medical_expense_reference'), ['reference'], unique=True)
        batch_op.create_index(batch_op.f('ix_medical_expense_settled_on'), ['settled_on'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('medical_expense', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medical_expense_settled_on'))
        batch_op.drop_index(batch_op.f('ix_medical_expense_reference'))
        batch_op.drop_index(batch_op.f('ix_medical_expense_place_index'))
        batch_op.drop_index(batch_op.f('ix_medical_expense_person_id'))

    op.drop_table('medical_expense')
    with op.batch_alter_table('contribution_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contribution_record_year'))
        batch_op.drop_index(batch_op.f('ix_contribution_record_reference'))
        batch_op.drop_index(batch_op.f('ix_contribution_record_person_id'))

    op.drop_table('contribution_record')
