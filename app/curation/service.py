"""Exhibition-wide state: the publication epoch, opening and freeze times."""

from sqlalchemy import text, update
from sqlmodel import Session

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


EPOCH_SQL = text("SELECT publication_epoch FROM exhibition WHERE id = 1")
