"""Times are timezone-aware UTC everywhere (SQLModel's UTCDateTime stores them so)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
