"""lobby: featured booths in the organizers' order; the lobby's headline, introduction
and announcement in both languages

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:00:00

Expand only (README, "Upgrading while serving"): `booth.featured` stays for the
previous release, which still reads it; the new code keeps it in step with
`featured_position`. A later release's contract migration drops it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXTS = {
    "headline": 200,
    "headline_en": 200,
    "intro": 2000,
    "intro_en": 2000,
    "announcement": 500,
    "announcement_en": 500,
}


def upgrade() -> None:
    op.create_table(
        "lobby",
        sa.Column("id", sa.Integer(), nullable=False),
        *(
            sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False)
            for name, length in TEXTS.items()
        ),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("booth", sa.Column("featured_position", sa.Integer(), nullable=True))
    # The imported "featured" flags keep their booths featured, in walking order.
    booths = sa.table(
        "booth",
        sa.column("id", sa.Integer()),
        sa.column("featured", sa.Boolean()),
        sa.column("featured_position", sa.Integer()),
        sa.column("position", sa.Integer()),
    )
    connection = op.get_bind()
    featured = connection.execute(
        sa.select(booths.c.id)
        .where(booths.c.featured.is_(True))
        .order_by(booths.c.position, booths.c.id)
    ).scalars()
    for position, booth_id in enumerate(list(featured)):
        connection.execute(
            booths.update().where(booths.c.id == booth_id).values(featured_position=position)
        )


def downgrade() -> None:
    # Not in batch: copying the booth table would break the keys that point at it;
    # SQLite (3.35 and later) drops a column in place.
    op.drop_column("booth", "featured_position")
    op.drop_table("lobby")
