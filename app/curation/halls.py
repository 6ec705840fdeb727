"""The organizers' halls: new halls, their texts, their order and their booths' walking
order. Every change is audited and bumps the epoch (the hall pages and walks show it)."""

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from app.audit.service import record
from app.booths.placement import hall_booth_slugs, order_hall_booths
from app.exhibition.service import bump_epoch
from app.halls.models import Hall
from app.halls.service import (
    HALL_TEXTS,
    add_hall,
    lock_halls,
    order_halls,
    set_hall_texts,
)


def hall_state(session: Session, hall: Hall) -> dict[str, Any]:
    """What an organizer sets of a hall: its slug, texts and booths in walking order."""
    texts = {key: getattr(hall, key) for key in HALL_TEXTS}
    return {"slug": hall.slug, **texts, "booths": hall_booth_slugs(session, hall.id or 0)}


def create_hall(
    session: Session,
    *,
    slug: str,
    texts: Mapping[str, str],
    booths: list[str] | None,
    actor_id: int | None,
) -> Hall:
    """A new hall, last in the order. It starts empty (booths join it with their region),
    so `booths`, if given, must be empty: the walking-order check refuses any other."""
    hall = add_hall(session, slug, texts)
    if booths is not None:
        order_hall_booths(session, hall.id or 0, booths)
    record(session, action="hall.created", actor_id=actor_id, after=hall_state(session, hall))
    bump_epoch(session)
    return hall


def update_hall(
    session: Session,
    hall: Hall,
    *,
    texts: Mapping[str, str],
    booths: list[str] | None,
    actor_id: int | None,
) -> Hall:
    """Change the given texts and, when `booths` is given, the walking order."""
    lock_halls(session)
    before = hall_state(session, hall)
    set_hall_texts(hall, texts)
    if booths is not None:
        order_hall_booths(session, hall.id or 0, booths)
    session.add(hall)
    session.flush()
    after = hall_state(session, hall)
    record(session, action="hall.updated", actor_id=actor_id, before=before, after=after)
    bump_epoch(session)
    return hall


def reorder_halls(session: Session, order: list[str], *, actor_id: int | None) -> list[Hall]:
    """Put every hall in `order` (each hall exactly once)."""
    before = [hall.slug for hall in lock_halls(session)]
    halls = order_halls(session, order)
    record(session, action="halls.ordered", actor_id=actor_id, before=before, after=order)
    bump_epoch(session)
    return halls
