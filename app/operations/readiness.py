"""Ready means able to serve and to write: the database takes a write, the media store
stores and reads back a probe, and the newest stored file is still there."""

import logging

from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from app.media.models import MediaFile
from app.storage import Storage

log = logging.getLogger(__name__)

# How long the probe waits for SQLite's write lock: a busy writer is not an outage, but
# a probe that hangs for the 30 s busy timeout would look like one to a load balancer.
PROBE_LOCK_WAIT_MS = 5000


def _database_writes(engine: Engine) -> None:
    """A no-op UPDATE in a transaction rolled back: fails on a read-only database (SQLite
    file or mount, PostgreSQL `default_transaction_read_only`, a standby) or a dead one."""
    with engine.connect() as connection:
        previous = None
        if engine.dialect.name == "sqlite":
            previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            connection.exec_driver_sql(f"PRAGMA busy_timeout={PROBE_LOCK_WAIT_MS}")
        try:
            connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
        finally:
            connection.rollback()
            if previous is not None:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(previous)}")
                connection.rollback()


def _newest_file_present(engine: Engine, storage: Storage) -> None:
    """An emptied or swapped media store still takes writes; its newest file is gone."""
    with Session(engine) as session:
        newest = session.exec(
            select(MediaFile.sha256, MediaFile.extension).order_by(col(MediaFile.id).desc())
        ).first()
    if newest is not None and not storage.exists(f"{newest[0]}.{newest[1]}"):
        raise OSError(f"the newest stored file is missing: {newest[0]}.{newest[1]}")


def problems(engine: Engine, storage: Storage) -> list[str]:
    """Why this instance cannot serve and write, one line each; empty when ready."""
    found = []
    for name, probe in (
        ("database", lambda: _database_writes(engine)),
        ("storage", storage.check),
        ("media", lambda: _newest_file_present(engine, storage)),
    ):
        try:
            probe()
        except Exception as error:  # noqa: BLE001  (any failure means not ready)
            log.warning("not ready (%s): %s", name, error)
            found.append(f"{name}: {type(error).__name__}")
    return found
