"""campaign: when a participating region was last reminded

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("region") as batch:
        batch.add_column(
            sa.Column("reminded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    # Not in batch: copying the region table would break the booths' foreign keys to
    # it; SQLite (3.35 and later) drops a column in place.
    op.drop_column("region", "reminded_at")
