"""Halls: the defaults and their order (the booths in them are counted by booths)."""

from sqlmodel import Session, col, select

from app.halls.defaults import DEFAULT_HALLS, DESCRIPTIONS, PRIORITY_DESTINATION
from app.halls.models import Hall


def seed_default_halls(session: Session) -> int:
    """Create the default halls when there are none; returns how many."""
    if session.exec(select(Hall.id).limit(1)).first() is not None:
        return 0
    for position, (slug, name, province) in enumerate(DEFAULT_HALLS):
        text_id, text_en = DESCRIPTIONS.get(
            slug, tuple(t.format(province=province) for t in PRIORITY_DESTINATION)
        )
        session.add(
            Hall(
                slug=slug,
                name=name,
                name_en=name,
                description=text_id,
                description_en=text_en,
                position=position,
            )
        )
    session.flush()
    return len(DEFAULT_HALLS)


def halls_in_order(session: Session) -> list[Hall]:
    return list(session.exec(select(Hall).order_by(col(Hall.position), col(Hall.id))).all())


def hall_by_slug(session: Session, slug: str) -> Hall | None:
    return session.exec(select(Hall).where(Hall.slug == slug)).first()
