"""moderation: reminders for waiting submissions, links in notifications

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.add_column(
            sa.Column("reminded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("notification") as batch:
        batch.add_column(
            sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("link")
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("reminded_at")
