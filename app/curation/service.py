"""Exhibition-wide state: the publication epoch, opening and freeze times."""

from datetime import datetime

from sqlalchemy import text, update
from sqlmodel import Session

from app.audit.service import record
from app.core.errors import Invalid
from app.curation.models import Exhibition


def get_exhibition(session: Session) -> Exhibition:
    exhibition = session.get(Exhibition, 1)
    if exhibition is None:
        exhibition = Exhibition(id=1)
        session.add(exhibition)
        session.flush()
    return exhibition


def bump_epoch(session: Session) -> None:
    """Invalidate every instance's public page cache, in the caller's transaction."""
    get_exhibition(session)
    session.execute(
        update(Exhibition)
        .where(Exhibition.id == 1)  # type: ignore[arg-type]
        .values(publication_epoch=Exhibition.publication_epoch + 1)
    )


def parse_moment(value: str) -> datetime | None:
    """An ISO 8601 time with its offset (`2026-12-01T09:00+07:00`); empty means unset."""
    if not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(
            "Waktu tidak dikenali: {value}. Contoh: 2026-12-01T09:00+07:00.", value=value
        ) from None
    if moment.tzinfo is None:
        raise Invalid("Sertakan zona waktu, misalnya 2026-12-01T09:00+07:00 untuk WIB.")
    return moment


def set_times(
    session: Session,
    *,
    opening_at: datetime | None,
    freeze_at: datetime | None,
    actor_id: int | None,
) -> Exhibition:
    """Set the opening time (embargo) and the freeze time; None clears one."""
    exhibition = get_exhibition(session)
    exhibition.opening_at = opening_at
    exhibition.freeze_at = freeze_at
    session.add(exhibition)
    record(
        session,
        action="exhibition.times",
        actor_id=actor_id,
        opening_at=opening_at.isoformat() if opening_at else None,
        freeze_at=freeze_at.isoformat() if freeze_at else None,
    )
    session.flush()
    return exhibition


EPOCH_SQL = text("SELECT publication_epoch FROM exhibition WHERE id = 1")
