"""Rate limits counted in the database, so every instance sees the same counts."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Field, Session, col, select

from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class ThrottleHit(SQLModel, table=True):
    """One counted action (a failed sign-in, a like, a guestbook post) under a key."""

    __tablename__ = "throttle_hit"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)  # "<action>:<who>", e.g. "like:203.0.113.7"
    at: datetime = Field(default_factory=utcnow, index=True)


# Hits older than this count for no limit: they are deleted as new ones come in.
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most `hits` counted actions per key within `window` (at most KEEP)."""

    hits: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.window > KEEP:
            raise ValueError(f"a throttle window cannot exceed {KEEP}")


def is_limited(session: Session, key: str, limit: Limit) -> bool:
    since = utcnow() - limit.window
    count = session.exec(
        select(func.count()).where(ThrottleHit.key == key, col(ThrottleHit.at) > since)
    ).one()
    return count >= limit.hits


def count_hit(session: Session, key: str) -> None:
    """Count one action under `key`, and drop every hit too old to count for anyone."""
    session.execute(delete(ThrottleHit).where(col(ThrottleHit.at) < utcnow() - KEEP))
    session.add(ThrottleHit(key=key))
    session.flush()


def forget(session: Session, key: str) -> None:
    """Start counting `key` afresh."""
    session.execute(delete(ThrottleHit).where(col(ThrottleHit.key) == key))
