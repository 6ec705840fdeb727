from datetime import datetime

from sqlmodel import Field

from app.core.modelbase import SQLModel

# What an organizer writes on the lobby. Empty: the lobby's own words (the headline and
# introduction every edition starts with; no announcement).
LOBBY_TEXTS = ("headline", "headline_en", "intro", "intro_en", "announcement", "announcement_en")


class Lobby(SQLModel, table=True):
    """The single row of the lobby's texts (Markdown, rendered sanitised)."""

    id: int = Field(default=1, primary_key=True)
    headline: str = Field(default="", max_length=200)
    headline_en: str = Field(default="", max_length=200)
    intro: str = Field(default="", max_length=2000)
    intro_en: str = Field(default="", max_length=2000)
    announcement: str = Field(default="", max_length=500)
    announcement_en: str = Field(default="", max_length=500)
    updated_at: datetime | None = None
