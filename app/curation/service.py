"""Exhibition-wide state: the publication epoch, opening and freeze times, the organizing body."""

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


def set_organizing_body(
    session: Session, *, name: str, name_en: str, actor_id: int | None
) -> Exhibition:
    """Name the body that holds the exhibition (masthead and footer of every page)."""
    name, name_en = name.strip(), name_en.strip()
    if not name:
        raise Invalid("Isi nama penyelenggara.")
    exhibition = get_exhibition(session)
    exhibition.organizing_body = name
    exhibition.organizing_body_en = name_en or name
    session.add(exhibition)
    record(
        session,
        action="exhibition.organizing_body",
        actor_id=actor_id,
        name=exhibition.organizing_body,
        name_en=exhibition.organizing_body_en,
    )
    session.flush()
    bump_epoch(session)  # every cached page shows the name
    return exhibition


def site_globals(session: Session, lang: str) -> dict[str, str]:
    """What the frame of every page shows from the exhibition's settings."""
    exhibition = session.get(Exhibition, 1) or Exhibition()
    english = lang == "en" and exhibition.organizing_body_en
    return {
        "organizing_body": exhibition.organizing_body_en if english else exhibition.organizing_body
    }


EPOCH_SQL = text("SELECT publication_epoch FROM exhibition WHERE id = 1")
