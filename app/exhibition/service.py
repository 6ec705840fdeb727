"""Exhibition-wide state: the publication epoch, opening and freeze times, the organizing body.

Everyone who publishes bumps the epoch here; the organizers' changes are curation's.
"""

from collections.abc import Callable

from sqlalchemy import Engine, text, update
from sqlalchemy.exc import SQLAlchemyError
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
    return _frame(session.get(Exhibition, 1) or Exhibition(), lang)


def _frame(exhibition: Exhibition, lang: str) -> dict[str, str]:
    english = lang == "en" and exhibition.organizing_body_en
    return {
        "organizing_body": exhibition.organizing_body_en if english else exhibition.organizing_body
    }


class SiteFrame:
    """`site_globals` for every page render, read from the database once per epoch.

    Changing the settings bumps the epoch, so a render never needs a connection of
    its own beside the request's (which a full pool would make it wait for), and an
    error page still has its frame while the database is down.
    """

    def __init__(self, engine: Engine, known_epoch: Callable[[], int]) -> None:
        self.engine, self.known_epoch = engine, known_epoch
        self._read: tuple[int, Exhibition] | None = None

    def __call__(self, lang: str) -> dict[str, str]:
        epoch, read = self.known_epoch(), self._read
        if read is None or read[0] != epoch:
            try:
                with Session(self.engine) as session:
                    read = (epoch, session.get(Exhibition, 1) or Exhibition())
                self._read = read
            except SQLAlchemyError:
                read = read or (epoch, Exhibition())  # the last known, else the defaults
        return _frame(read[1], lang)


EPOCH_SQL = text("SELECT publication_epoch FROM exhibition WHERE id = 1")


def read_epoch(engine: Engine) -> int:
    """The publication epoch, read with a connection of its own (the page cache's key)."""
    with engine.connect() as connection:
        return int(connection.execute(EPOCH_SQL).scalar() or 0)
