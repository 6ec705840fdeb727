"""Where booths stand: their walking order in a hall, and the lobby's featured booths."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.booths.models import Booth
from app.core.errors import Invalid
from app.core.ordering import check_distinct, check_permutation
from app.regions.models import Region

MAX_FEATURED = 12  # a lobby row or two on a laptop, a short scroll on a phone


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
    """The lobby's featured booths in their order (a booth taken offline stays listed
    and shows again when it is live)."""
    query = (
        select(Booth.slug)
        .where(col(Booth.featured_position).is_not(None))
        .order_by(col(Booth.featured_position))
    )
    return list(session.exec(query).all())


def feature_booths(session: Session, order: list[str]) -> None:
    """Feature exactly these booths on the lobby, in this order: live booths, at most
    MAX_FEATURED, each once (422 otherwise, nothing changed). The caller holds the
    lobby's lock, so two organizers' lists never mix."""
    check_distinct(order)
    if len(order) > MAX_FEATURED:
        raise Invalid(
            "Paling banyak {max} anjungan unggulan; yang dikirim {count}.",
            max=MAX_FEATURED,
            count=len(order),
        )
    named = session.exec(select(Booth).where(col(Booth.slug).in_(order))).all()
    live = {booth.slug: booth for booth in named if booth.live_revision_id is not None}
    if offline := [slug for slug in order if slug not in live]:
        raise Invalid(
            "Hanya anjungan yang sedang tayang bisa diunggulkan: {slugs}.",
            slugs=", ".join(offline),
        )
    current = session.exec(select(Booth).where(col(Booth.featured_position).is_not(None))).all()
    for booth in current:
        _feature(booth, None)
    session.add_all(current)
    session.flush()  # positions are rewritten whole
    for position, slug in enumerate(order):
        _feature(live[slug], position)
    session.add_all(live.values())
    session.flush()


def feature_on_import(session: Session, booth: Booth, *, featured: bool) -> None:
    """A sample bundle's "featured" flag: a newly featured booth comes last."""
    if not featured:
        _feature(booth, None)
    elif booth.featured_position is None:
        last = session.exec(select(func.max(col(Booth.featured_position)))).one()
        _feature(booth, 0 if last is None else last + 1)


def _feature(booth: Booth, position: int | None) -> None:
    booth.featured_position = position
    booth.featured = position is not None  # what the previous release reads
