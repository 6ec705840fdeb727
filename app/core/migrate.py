"""Bring a database to the newest schema and load the reference data it needs."""

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.paths import MIGRATIONS_DIR
from app.exhibition.service import get_exhibition
from app.halls.service import seed_default_halls
from app.regions.service import seed_regions

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


def migrate(engine: Engine) -> None:
    """Upgrade to head, then add regions, default halls and the exhibition row."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with Session(engine) as session:
        seed_regions(session)
        seed_default_halls(session)
        get_exhibition(session)
        session.commit()
