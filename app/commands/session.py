"""The database session of a command that writes."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from app.commands.errors import reporting_errors
from app.core.config import Settings
from app.core.db import make_engine


@contextmanager
def unit_of_work(settings: Settings) -> Iterator[Session]:
    """A session committed on success and rolled back on any error (reported in one line)."""
    engine = make_engine(settings.database_url)
    try:
        with reporting_errors(), Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()
