"""regions: facts about participation (cohort, technical guidance) in a table of their own

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A table of its own: the region table is never batch-copied on SQLite (the booths'
    # foreign keys point at it).
    op.create_table(
        "participation",
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("cohort", sa.Integer(), nullable=True),
        sa.Column("guidance", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_participation_region_code_region")
        ),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_participation")),
    )
    op.create_index(op.f("ix_participation_cohort"), "participation", ["cohort"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_participation_cohort"), table_name="participation")
    op.drop_table("participation")
