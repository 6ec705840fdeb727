"""The organizers' exhibition settings: opening and freeze times, the organizing body."""

from datetime import datetime

from sqlmodel import Session

from app.audit.service import record
from app.core.errors import Invalid
from app.core.text import clean_text
from app.exhibition.models import Exhibition
from app.exhibition.service import bump_epoch, get_exhibition


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
    name, name_en = clean_text(name).strip(), clean_text(name_en).strip()
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
