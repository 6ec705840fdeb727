"""Bring a database to the newest schema, then load what the composition root seeds."""

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.paths import MIGRATIONS_DIR

# The full-text indexes (SQLite's FTS5 tables, PostgreSQL's GIN expression index)
# live in the migration only: they are dialect-specific, not models.
FTS_PREFIX = "booth_search_fts"
PG_FTS_INDEX = "ix_booth_search_document_fts"  # and one per pillar: …_fts_governance


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's filter: compare everything but the full-text indexes."""
    if type_ == "table" and name is not None and name.startswith(FTS_PREFIX):
        return False
    return not (type_ == "index" and name is not None and name.startswith(PG_FTS_INDEX))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine: Engine, seed: Callable[[Session], object]) -> None:
    """Upgrade to head, then `seed` the reference data in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with Session(engine) as session:
        seed(session)
        session.commit()
