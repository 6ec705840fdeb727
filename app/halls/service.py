"""Halls: their order and the booths standing in them."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.booths.models import Booth
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


def live_booth_counts(session: Session) -> dict[int, int]:
    """hall id → number of booths with a live revision."""
    rows = session.exec(
        select(Booth.hall_id, func.count())
        .where(col(Booth.live_revision_id).is_not(None), col(Booth.hall_id).is_not(None))
        .group_by(col(Booth.hall_id))
    ).all()
    return {hall_id: count for hall_id, count in rows if hall_id is not None}


def halls_with_counts(session: Session) -> list[tuple[Hall, int]]:
    """Every hall in the organizer's order with its number of live booths."""
    counts = live_booth_counts(session)
    return [(hall, counts.get(hall.id or 0, 0)) for hall in halls_in_order(session)]


def hall_by_slug(session: Session, slug: str) -> Hall | None:
    return session.exec(select(Hall).where(Hall.slug == slug)).first()
