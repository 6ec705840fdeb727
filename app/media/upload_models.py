from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class MediaUpload(SQLModel, table=True):
    """A resumable (tus) upload; its bytes wait in `var/uploads/tus/<id>.part` until complete."""

    __tablename__ = "media_upload"

    id: str = Field(primary_key=True, max_length=32)  # random, unguessable; part of the URL
    booth_id: int = Field(foreign_key="booth.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    upload_length: int  # Upload-Length: the whole file, announced at creation
    upload_offset: int = 0  # bytes safely on disk (fsynced before this is written)
    # Decoded Upload-Metadata: filename, alt_text, title, caption, credit.
    upload_metadata: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    # Set when the last byte went through ingest_file. Informational, not a foreign key,
    # so that removing a media item never trips over a finished upload.
    media_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
