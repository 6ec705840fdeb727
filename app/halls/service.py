"""Halls: the defaults, the organizers' new halls and their order (the booths in them are
counted and ordered by booths)."""

import re
from collections.abc import Mapping

from sqlmodel import Session, col, select

from app.core.errors import Conflict, Invalid
from app.core.ordering import check_permutation
from app.core.text import one_line
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


IN_ORDER = select(Hall).order_by(col(Hall.position), col(Hall.id))


def halls_in_order(session: Session) -> list[Hall]:
    return list(session.exec(IN_ORDER).all())


def hall_by_slug(session: Session, slug: str) -> Hall | None:
    return session.exec(select(Hall).where(Hall.slug == slug)).first()


# What an organizer may change of a hall besides its slug and its booths' order.
HALL_TEXTS = ("name", "name_en", "description", "description_en")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80


def lock_halls(session: Session) -> list[Hall]:
    """Every hall in order, locked for this transaction (PostgreSQL; SQLite's writers
    are serialized already), so two organizers' changes to the halls queue up. Locked
    by id, the one order every locker follows, so two lockers never deadlock."""
    by_id = select(Hall).order_by(col(Hall.id)).with_for_update()
    halls = session.exec(by_id.execution_options(populate_existing=True)).all()
    return sorted(halls, key=lambda hall: (hall.position, hall.id or 0))


def lock_hall(session: Session, hall_id: int) -> None:
    """Lock one hall for this transaction: a booth joining it waits for a reorder of
    its booths (and a reorder started after the join sees the new booth)."""
    session.exec(select(Hall.id).where(Hall.id == hall_id).with_for_update()).first()


def set_hall_texts(hall: Hall, texts: Mapping[str, str]) -> None:
    """Change the given texts of `hall` (keys of HALL_TEXTS); a hall keeps a name."""
    for key, value in texts.items():
        setattr(hall, key, one_line(value) if key.startswith("name") else value.strip())
    if not hall.name:
        raise Invalid("Isi nama aula.")


def check_hall_slug(slug: str) -> None:
    """Refuse (422) a slug that cannot name a hall in a URL."""
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX:
        raise Invalid(
            "Slug aula hanya boleh berisi huruf kecil a–z, angka, dan tanda hubung "
            "(paling banyak {limit} karakter), misalnya danau-toba.",
            limit=SLUG_MAX,
        )


def add_hall(session: Session, slug: str, texts: Mapping[str, str]) -> Hall:
    """A new hall, last in the order; 422 for a malformed slug, 409 for a taken one."""
    check_hall_slug(slug)
    halls = lock_halls(session)
    if any(hall.slug == slug for hall in halls):
        raise Conflict("Slug aula {slug} sudah dipakai.", slug=slug)
    hall = Hall(slug=slug, name="", position=max((h.position for h in halls), default=-1) + 1)
    set_hall_texts(hall, texts)
    session.add(hall)
    session.flush()
    return hall


def order_halls(session: Session, order: list[str]) -> list[Hall]:
    """Put the halls in `order`, which must name every hall once (422 otherwise)."""
    halls = {hall.slug: hall for hall in lock_halls(session)}
    check_permutation(order, halls)
    for position, slug in enumerate(order):
        halls[slug].position = position
    session.add_all(halls.values())
    session.flush()
    return [halls[slug] for slug in order]
