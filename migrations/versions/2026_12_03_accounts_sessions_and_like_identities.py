"""accounts: server-side sessions; guestbook: likes keep an anonymous identity

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 08:40:00

Sessions live in `user_session` (the cookie's id must have a row), which replaces
the per-user session version. Likes keep the day's anonymous visitor hash, salted
from `daily_salt`; likes made before keep their browser id as their identity.

Expand only, so that instances of the previous release keep working on this schema
while the new one rolls out (README, "Upgrading while serving"): `user.session_version`
stays, with a default for the rows new code adds, and `booth_like.identity` stays
nullable for the likes old instances add (counted by their browser id). A later
release's contract migration drops the column and fills and tightens `identity`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_session_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_session_token_hash")),
    )
    with op.batch_alter_table("user_session") as batch:
        batch.create_index(batch.f("ix_user_session_expires_at"), ["expires_at"], unique=False)
        batch.create_index(batch.f("ix_user_session_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("user") as batch:
        batch.alter_column("session_version", existing_type=sa.Integer(), server_default="1")

    op.create_table(
        "daily_salt",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("salt", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_daily_salt")),
    )
    with op.batch_alter_table("booth_like") as batch:
        batch.add_column(
            sa.Column("identity", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    op.execute("UPDATE booth_like SET identity = visitor_id")


def downgrade() -> None:
    with op.batch_alter_table("booth_like") as batch:
        batch.drop_column("identity")
    op.drop_table("daily_salt")
    with op.batch_alter_table("user") as batch:
        batch.alter_column("session_version", existing_type=sa.Integer(), server_default=None)
    with op.batch_alter_table("user_session") as batch:
        batch.drop_index(batch.f("ix_user_session_user_id"))
        batch.drop_index(batch.f("ix_user_session_expires_at"))
    op.drop_table("user_session")
