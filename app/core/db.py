"""Engine and the request's session: commit on success, roll back on error.

The session is lazy: it takes a pooled connection (and on SQLite, in a non-GET
request, the write lock) at its first query, not when the request arrives. A
handler that waits on the network or on heavy CPU work (an upload's body, decoding,
hashing, S3) does that before it touches the session, or hands the connection back
first with `release`, and then writes in one short transaction.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

IMMEDIATE = "pameran_begin_immediate"


POOL_SIZE = 10
MAX_OVERFLOW = 20
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def make_engine(url: str) -> Engine:
    """An engine for SQLite (WAL, busy timeout, foreign keys) or PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so BEGIN IMMEDIATE works.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A write transaction takes the write lock up front: in WAL mode a transaction
        # that reads and then writes fails at once ("database is locked") when another
        # writer got in between, whereas BEGIN IMMEDIATE waits its turn (busy_timeout).
        immediate = connection.get_execution_options().get(IMMEDIATE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer (BEGIN IMMEDIATE on SQLite)."""
    session.connection(execution_options={IMMEDIATE: True})


def writer(engine: Engine) -> Engine:
    """The same engine and pool, whose transactions start as writers (BEGIN IMMEDIATE)."""
    return engine.execution_options(**{IMMEDIATE: True})


def write_session(engine: Engine) -> Session:
    """A lazy session whose every transaction starts as a writer."""
    return Session(writer(engine), expire_on_commit=False)


def release(session: Session) -> None:
    """Commit what the session did so far and hand its connection back to the pool.

    For handlers that wait next (a request body, an ingest): the session stays
    usable and starts a new transaction, with a new connection, at its next query.
    Objects it loaded stay readable but detached: load again what is to be changed.
    """
    session.commit()
    session.close()


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work; services flush, this commits.

    Lazy: no connection until the first query. Outside GET/HEAD/OPTIONS every
    transaction starts as a writer, so racing state changes wait their turn on
    SQLite instead of failing with "database is locked".
    """
    engine = request.app.state.engine
    bind = engine if request.method in SAFE_METHODS else writer(engine)
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# Function scope: the commit happens before the response is sent, so a 201 means stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
