from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field

from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class Booth(SQLModel, table=True):
    """A region's booth: one editable draft and at most one live revision."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=120)
    region_code: str = Field(foreign_key="region.code", unique=True, max_length=5)
    hall_id: int | None = Field(default=None, foreign_key="hall.id", index=True)
    position: int = Field(default=0)
    # Place among the lobby's featured booths (0 first); None: not featured.
    featured_position: int | None = Field(default=None)
    # The previous release's flag, which it still reads during a rolling upgrade: kept
    # in step with `featured_position` (booths/placement.py) until the contract migration.
    featured: bool = Field(default=False)
    sample: bool = Field(default=False)
    draft: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    draft_updated_at: datetime = Field(default_factory=utcnow)
    # Fingerprint of the bundle whose content the draft holds, for idempotent import.
    imported_digest: str | None = Field(default=None, max_length=64)
    draft_edited_since_import: bool = Field(default=False)
    # booth ↔ booth_revision is a cycle, so this key is added after both tables exist.
    live_revision_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("booth_revision.id", use_alter=True, name="fk_booth_live_revision_id"),
            nullable=True,
        ),
    )
    created_at: datetime = Field(default_factory=utcnow)


class BoothRevision(SQLModel, table=True):
    """An immutable snapshot of booth content, numbered per booth from 1."""

    __tablename__ = "booth_revision"
    __table_args__ = (UniqueConstraint("booth_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    number: int
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    source: str = Field(max_length=20)  # "import", "submission", "revert"
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None


class RevisionMedia(SQLModel, table=True):
    """Which media a revision uses: decides what the public may download."""

    __tablename__ = "revision_media"

    revision_id: int = Field(foreign_key="booth_revision.id", primary_key=True)
    media_id: int = Field(foreign_key="media_asset.id", primary_key=True, index=True)
