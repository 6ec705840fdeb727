"""Where booths stand: their walking order in a hall and the lobby's featured booths."""

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.booths.models import Booth
from app.core.errors import Invalid
from app.core.ordering import check_distinct, check_permutation
from app.regions.models import Region

MAX_FEATURED = 12


def hall_booth_slugs(session: Session, hall_id: int) -> list[str]:
    """Every booth of the hall, live or not, in walking order (as the hall page shows)."""
    query = (
        select(Booth.slug)
        .join(Region, col(Region.code) == col(Booth.region_code))
        .where(Booth.hall_id == hall_id)
        .order_by(col(Booth.position), col(Region.name))
    )
    return list(session.exec(query).all())


def order_hall_booths(session: Session, hall_id: int, order: list[str]) -> None:
    """Set the hall's walking order; `order` names every booth of the hall once (422)."""
    query = select(Booth).where(Booth.hall_id == hall_id).with_for_update()
    booths = {booth.slug: booth for booth in session.exec(query).all()}
    check_permutation(order, booths)
    for position, slug in enumerate(order):
        booths[slug].position = position
    session.add_all(booths.values())
    session.flush()


def featured_slugs(session: Session) -> list[str]:
    """The live featured booths in the lobby's order."""
    query = (
        select(Booth.slug)
        .where(col(Booth.featured_position).is_not(None), col(Booth.live_revision_id).is_not(None))
        .order_by(col(Booth.featured_position))
    )
    return list(session.exec(query).all())


def feature_booths(session: Session, order: list[str]) -> None:
    """Feature these live booths in this order (at most MAX_FEATURED), and no other."""
    check_distinct(order)
    if len(order) > MAX_FEATURED:
        raise Invalid("Paling banyak {limit} anjungan unggulan.", limit=MAX_FEATURED)
    booths = {b.slug: b for b in session.exec(select(Booth).where(col(Booth.slug).in_(order)))}
    if unknown := [slug for slug in order if slug not in booths]:
        raise Invalid("Anjungan tidak dikenal: {names}.", names=", ".join(unknown))
    if hidden := [slug for slug in order if booths[slug].live_revision_id is None]:
        raise Invalid(
            "Hanya anjungan yang sudah tayang dapat diunggulkan: {names}.", names=", ".join(hidden)
        )
    session.execute(
        update(Booth)
        .where(col(Booth.featured_position).is_not(None))
        .values(featured_position=None)
    )
    for position, slug in enumerate(order):
        booths[slug].featured_position = position
    session.add_all(booths.values())
    session.flush()
