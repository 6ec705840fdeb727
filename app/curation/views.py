"""Read models for the organizers' halls pages: the halls with their booth counts, and a
hall's booths in walking order with what an organizer needs to tell them apart."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.booths.models import Booth
from app.booths.placement import hall_booth_slugs
from app.booths.views import live_booth_counts
from app.halls.models import Hall
from app.halls.service import halls_in_order
from app.regions.models import Region


@dataclass(frozen=True)
class HallRow:
    hall: Hall
    booths: int  # every booth in it, live or not
    live: int


@dataclass(frozen=True)
class HallBoothRow:
    slug: str
    region_code: str
    region_name: str
    live: bool


def hall_rows(session: Session) -> list[HallRow]:
    """Every hall in the organizer's order, with how many booths stand in it and go live."""
    live = live_booth_counts(session)
    every = dict(
        session.execute(
            sa_select(col(Booth.hall_id), func.count())
            .where(col(Booth.hall_id).is_not(None))
            .group_by(col(Booth.hall_id))
        ).all()
    )
    return [
        HallRow(hall, every.get(hall.id, 0), live.get(hall.id or 0, 0))
        for hall in halls_in_order(session)
    ]


def hall_booth_rows(session: Session, hall: Hall) -> list[HallBoothRow]:
    """The hall's booths, live or not, in its walking order (as the hall page shows it)."""
    order = hall_booth_slugs(session, hall.id or 0)
    found = session.execute(
        sa_select(col(Booth.slug), col(Region.code), col(Region.name), col(Booth.live_revision_id))
        .join(Region, col(Region.code) == col(Booth.region_code))
        .where(col(Booth.slug).in_(order))
    ).all()
    by_slug = {
        slug: HallBoothRow(slug, code, name, live is not None) for slug, code, name, live in found
    }
    return [by_slug[slug] for slug in order if slug in by_slug]


def booth_region_name(session: Session, slug: str) -> str | None:
    """The name of booth `slug`'s region (how the organizers' pages name a booth)."""
    query = (
        sa_select(col(Region.name))
        .join(Booth, col(Booth.region_code) == col(Region.code))
        .where(col(Booth.slug) == slug)
    )
    return session.execute(query).scalar_one_or_none()
