"""Where booths stand: their walking order in a hall."""

from sqlmodel import Session, col, select

from app.booths.models import Booth
from app.core.ordering import check_permutation
from app.regions.models import Region


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
