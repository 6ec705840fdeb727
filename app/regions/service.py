"""The official region list, loaded into the database once and kept current."""

from sqlmodel import Session, select

from app.regions.data_files import read_provinces, read_regions
from app.regions.models import Province, Region


def seed_regions(session: Session) -> int:
    """Insert provinces and regions missing from the database; returns how many."""
    known_provinces = set(session.exec(select(Province.code)).all())
    known_regions = set(session.exec(select(Region.code)).all())
    added = 0
    for row in read_provinces():
        if row["code"] not in known_provinces:
            session.add(Province(code=row["code"], name=row["name"]))
            added += 1
    session.flush()
    for row in read_regions():
        if row["code"] not in known_regions:
            session.add(
                Region(
                    code=row["code"],
                    name=row["name"],
                    province_code=row["province_code"],
                    kind=row["kind"],
                )
            )
            added += 1
    session.flush()
    return added


def get_region(session: Session, code: str) -> Region | None:
    return session.get(Region, code)
