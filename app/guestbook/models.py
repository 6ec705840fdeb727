"""Visitors' guestbook entries and likes."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from app.core.i18n import N_
from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow

NAME_MAX = 80
MESSAGE_MAX = 1000


class EntryState(StrEnum):
    pending = "pending"  # written, waiting for a moderator; never shown to the public
    approved = "approved"
    hidden = "hidden"


# Indonesian msgids, translated where shown.
ENTRY_STATE_LABELS = {
    EntryState.pending: N_("Menunggu"),
    EntryState.approved: N_("Disetujui"),
    EntryState.hidden: N_("Disembunyikan"),
}


class GuestbookEntry(SQLModel, table=True):
    __tablename__ = "guestbook_entry"

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    name: str = Field(max_length=NAME_MAX)
    message: str = Field(max_length=MESSAGE_MAX)  # plain text with line breaks, never markup
    state: str = Field(default=EntryState.pending, max_length=10, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    moderated_by_id: int | None = Field(default=None, foreign_key="user.id")
    moderated_at: datetime | None = None


class BoothLike(SQLModel, table=True):
    """One like per browser (a random id kept in a cookie) and booth.

    Cookies are free to throw away, so each like also keeps who sent it as far as
    the award can trust: the day's anonymous visitor hash (core.visitors). Counts
    count distinct identities (guestbook.service.like_tallies).
    """

    __tablename__ = "booth_like"
    __table_args__ = (UniqueConstraint("booth_id", "visitor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    visitor_id: str = Field(max_length=64)
    # Likes from before migration 0006 carry their visitor_id: one browser, one identity.
    # Null only for likes that instances of the previous release add during an upgrade
    # (counted by their visitor_id), until the contract migration fills them.
    identity: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
