"""Exhibition-wide state: the publication epoch, opening and freeze times, the organizing body.

Everyone who publishes bumps the epoch here; the organizers' changes are curation's.
"""

from sqlalchemy import Engine, text, update
from sqlmodel import Session

from app.exhibition.models import Exhibition


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


def site_globals(session: Session, lang: str) -> dict[str, str]:
    """What the frame of every page shows from the exhibition's settings."""
    exhibition = session.get(Exhibition, 1) or Exhibition()
    english = lang == "en" and exhibition.organizing_body_en
    return {
        "organizing_body": exhibition.organizing_body_en if english else exhibition.organizing_body
    }


EPOCH_SQL = text("SELECT publication_epoch FROM exhibition WHERE id = 1")


def read_epoch(engine: Engine) -> int:
    """The publication epoch, read with a connection of its own (the page cache's key)."""
    with engine.connect() as connection:
        return int(connection.execute(EPOCH_SQL).scalar() or 0)
