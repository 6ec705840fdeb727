"""media: resumable uploads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 01:54:46.283113
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "media_upload",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("upload_length", sa.Integer(), nullable=False),
        sa.Column("upload_offset", sa.Integer(), nullable=False),
        sa.Column("upload_metadata", sa.JSON(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_media_upload_booth_id_booth")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_media_upload_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_upload")),
    )
    with op.batch_alter_table("media_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_upload_booth_id"), ["booth_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_media_upload_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_media_upload_user_id"), ["user_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("media_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_upload_user_id"))
        batch_op.drop_index(batch_op.f("ix_media_upload_expires_at"))
        batch_op.drop_index(batch_op.f("ix_media_upload_booth_id"))

    op.drop_table("media_upload")
