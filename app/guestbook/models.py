from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class GuestbookEntry(SQLModel, table=True):
    __tablename__ = "guestbook_entry"

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    name: str = Field(max_length=80)
    message: str = Field(max_length=1000)
    state: str = Field(default="pending", max_length=10, index=True)  # pending/approved/hidden
    created_at: datetime = Field(default_factory=utcnow)
    moderated_by_id: int | None = Field(default=None, foreign_key="user.id")
    moderated_at: datetime | None = None


class BoothLike(SQLModel, table=True):
    """One like per browser (a random id kept in a cookie) and booth."""

    __tablename__ = "booth_like"
    __table_args__ = (UniqueConstraint("booth_id", "visitor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    visitor_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
