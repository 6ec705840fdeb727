"""Times are timezone-aware UTC everywhere (SQLModel's UTCDateTime stores them so)."""

from datetime import UTC, datetime, timedelta, timezone

# The closing event is in Jakarta: organizers read and type times in WIB (no DST).
WIB = timezone(timedelta(hours=7), "WIB")


def utcnow() -> datetime:
    return datetime.now(UTC)


def in_wib(moment: datetime) -> str:
    """A moment as organizers read it: `2026-12-01 09:00 WIB`."""
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")
