from datetime import datetime

from sqlmodel import Field

from app.core.modelbase import SQLModel


class Exhibition(SQLModel, table=True):
    """The single row of exhibition-wide state."""

    id: int = Field(default=1, primary_key=True)
    # Changes on every publication, revert, unpublish, hall or lobby edit: it keys
    # the public page cache, so every instance sees new content at once.
    publication_epoch: int = 1
    opening_at: datetime | None = None
    freeze_at: datetime | None = None
