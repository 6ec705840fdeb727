"""guestbook: one rate-limit table for sign-ins, likes and guestbook posts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create(table: str) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{table}_key"), ["key"], unique=False)


def _drop(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f(f"ix_{table}_key"))
        batch_op.drop_index(batch_op.f(f"ix_{table}_at"))
    op.drop_table(table)


def upgrade() -> None:
    _create("throttle_hit")
    # Failures still inside their window keep counting, under their new keys.
    op.execute("INSERT INTO throttle_hit (key, at) SELECT 'login:' || key, at FROM login_failure")
    _drop("login_failure")


def downgrade() -> None:
    _create("login_failure")
    op.execute(
        "INSERT INTO login_failure (key, at) SELECT substr(key, 7), at FROM throttle_hit"
        " WHERE key LIKE 'login:%'"
    )
    _drop("throttle_hit")
