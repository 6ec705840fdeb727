"""The reference data every database holds: regions, the default halls, the exhibition row."""

from sqlalchemy import Engine
from sqlmodel import Session

from app.core import migrate as schema
from app.exhibition.service import get_exhibition
from app.halls.service import seed_default_halls
from app.regions.service import seed_regions


def seed_reference_data(session: Session) -> None:
    seed_regions(session)
    seed_default_halls(session)
    get_exhibition(session)


def migrate(engine: Engine) -> str | None:
    """Upgrade to the newest schema, then add the reference data that is missing.

    A database a newer release migrated is not migrated: its revision is returned.
    """
    return schema.migrate(engine, seed_reference_data)
