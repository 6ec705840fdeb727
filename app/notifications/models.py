from datetime import datetime

from sqlmodel import Field

from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class Notification(SQLModel, table=True):
    """The outbox: written with the change it reports, delivered later."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=40)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=10000)
    # A path in the app (the submission, the editor); mail makes it absolute.
    link: str | None = Field(default=None, max_length=300)
    carries_secret: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    sent_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default_factory=utcnow, index=True)
    last_error: str | None = Field(default=None, max_length=500)
