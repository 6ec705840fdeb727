from sqlmodel import Field

from app.core.modelbase import SQLModel


class BoothSearchDocument(SQLModel, table=True):
    """The searchable text of a booth's live revision, kept by `booths.search`."""

    __tablename__ = "booth_search_document"

    booth_id: int = Field(foreign_key="booth.id", primary_key=True)
    hall_id: int | None = Field(default=None, index=True)
    province_code: str = Field(max_length=2, index=True)
    pillars: str = Field(default="", max_length=200)  # space-separated keys with content
    title: str = Field(max_length=400)
    region_name: str = Field(max_length=120)
    body: str  # the text outside the pillars; each pillar's text in its own column
    governance: str = ""
    branding: str = ""
    economy: str = ""
    living: str = ""
    society: str = ""
    environment: str = ""
