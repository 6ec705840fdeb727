"""Bring a database to the newest schema, then load what the composition root seeds."""

import logging
from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine
from sqlmodel import Session

from app.core.paths import MIGRATIONS_DIR

log = logging.getLogger(__name__)

# The full-text indexes (SQLite's FTS5 tables, PostgreSQL's GIN expression index)
# live in the migration only: they are dialect-specific, not models.
FTS_PREFIX = "booth_search_fts"
PG_FTS_INDEX = "ix_booth_search_document_fts"  # and one per pillar: …_fts_governance
# Columns the models no longer have but the previous release still reads: they stay
# until the contract migration of the release after (README, "Upgrading while serving").
AWAITING_CONTRACT = {("user", "session_version")}


def include_name(name: str | None, type_: str, parents: dict[str, str | None]) -> bool:
    """Alembic's filter: compare everything but the full-text indexes and the columns
    kept for the previous release."""
    if type_ == "table" and name is not None and name.startswith(FTS_PREFIX):
        return False
    if type_ == "column" and (parents.get("table_name"), name) in AWAITING_CONTRACT:
        return False
    return not (type_ == "index" and name is not None and name.startswith(PG_FTS_INDEX))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def newer_revision(connection: Connection, config: Config) -> str | None:
    """The database's revision when it is one this release does not know: a newer
    release migrated it (expand only, so this one still runs on it)."""
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        return None
    try:
        ScriptDirectory.from_config(config).get_revision(current)
    except CommandError:
        return current
    return None


def migrate(engine: Engine, seed: Callable[[Session], object]) -> str | None:
    """Upgrade to head, then `seed` the reference data in one transaction.

    A database a newer release has migrated is left as it is (an instance of this
    release restarting during a rolling upgrade must still start): its revision is
    returned, else None.
    """
    config = alembic_config()
    with engine.begin() as connection:
        newer = newer_revision(connection, config)
        if newer is None:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        else:
            log.warning("the database is at %s, a newer release's migration: not migrating", newer)
    with Session(engine) as session:
        seed(session)
        session.commit()
    return newer
