from datetime import datetime

from sqlmodel import Field

from app.core.i18n import N_
from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow

# What each kind is called wherever it is shown (Indonesian msgids, translated there).
KIND_LABELS = {
    "image": N_("Gambar"),
    "video": N_("Video"),
    "document": N_("Dokumen PDF"),
    "embed": N_("Tautan video"),
}


class MediaAsset(SQLModel, table=True):
    """One uploaded item of a booth: an image, a video, a document or a video link."""

    __tablename__ = "media_asset"

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    kind: str = Field(max_length=10)  # image, video, document, embed
    sha256: str = Field(max_length=64, index=True)  # of the main stored file
    source_sha256: str = Field(default="", max_length=64, index=True)  # of the bytes received
    size: int = 0
    content_type: str = Field(max_length=100)
    filename: str = Field(default="", max_length=200)  # sanitised, for downloads
    width: int | None = None
    height: int | None = None
    page_count: int | None = None
    embed_url: str | None = Field(default=None, max_length=500)
    alt_text: str = Field(default="", max_length=500)
    title: str = Field(default="", max_length=200)
    caption: str = Field(default="", max_length=1000)
    credit: str = Field(default="", max_length=200)
    uploaded_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class MediaFile(SQLModel, table=True):
    """A stored blob of a media asset: the original, a rendition, a preview or a poster."""

    __tablename__ = "media_file"

    id: int | None = Field(default=None, primary_key=True)
    media_id: int = Field(foreign_key="media_asset.id", index=True)
    role: str = Field(max_length=12)  # original, rendition, preview, poster, captions
    sha256: str = Field(max_length=64, index=True)
    extension: str = Field(max_length=8)
    content_type: str = Field(max_length=100)
    size: int
    width: int | None = None
    height: int | None = None
