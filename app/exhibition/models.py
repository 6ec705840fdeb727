from datetime import datetime

from sqlmodel import Field

from app.core.modelbase import SQLModel

# The body that holds the exhibition, as masthead and footer name it (the 2021 closing
# event's): an organizer can change it on the exhibition settings page.
DEFAULT_ORGANIZING_BODY = "Kementerian Komunikasi dan Informatika"
DEFAULT_ORGANIZING_BODY_EN = "Ministry of Communication and Informatics"


class Exhibition(SQLModel, table=True):
    """The single row of exhibition-wide state."""

    id: int = Field(default=1, primary_key=True)
    # Changes on every publication, revert, unpublish, hall or lobby edit: it keys
    # the public page cache, so every instance sees new content at once.
    publication_epoch: int = 1
    opening_at: datetime | None = None
    freeze_at: datetime | None = None
    organizing_body: str = Field(default=DEFAULT_ORGANIZING_BODY, max_length=200)
    organizing_body_en: str = Field(default=DEFAULT_ORGANIZING_BODY_EN, max_length=200)
