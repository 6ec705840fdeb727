"""A live booth (kota-bitung), a booth that never went live, and the people around them."""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, func
from sqlmodel import Session, select

from app.booths.models import Booth
from app.guestbook.models import EntryState, GuestbookEntry
from tests.factories import BundleFactory, make_user

LIVE = "kota-bitung"
UNLIVED = "kota-manado"


@pytest.fixture
def booths(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, Booth]:
    import_bundles(bundles.make().parent)
    session.add(Booth(slug=UNLIVED, region_code="71.71", draft={"title": "Kota Manado"}))
    session.commit()
    return {b.slug: b for b in session.exec(select(Booth)).all()}


@pytest.fixture
def people(session: Session, booths: dict[str, Booth]) -> dict[str, str]:
    """E-mail addresses of a moderator, an organizer and the two regions' editors."""
    users = {
        "moderator": make_user(session, "mod@pameran.go.id", "moderator"),
        "organizer": make_user(session, "org@pameran.go.id", "organizer"),
        "bitung": make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",)),
        "manado": make_user(session, "ed@manado.go.id", "region-editor", regions=("71.71",)),
    }
    return {name: user.email for name, user in users.items()}


@pytest.fixture
def add_entry(session: Session, booths: dict[str, Booth]) -> Callable[..., GuestbookEntry]:
    """A committed guestbook entry, written straight to the database."""

    def add(
        message: str,
        *,
        name: str = "Rina, Manado",
        state: str = EntryState.pending,
        booth: str = LIVE,
    ) -> GuestbookEntry:
        entry = GuestbookEntry(
            booth_id=booths[booth].id or 0, name=name, message=message, state=state
        )
        session.add(entry)
        session.commit()
        return entry

    return add


def count_rows(session: Session, model: type, *conditions: ColumnElement[bool] | bool) -> int:
    """Rows of `model` as committed now (the test session's older snapshot ended first)."""
    session.rollback()
    return session.exec(select(func.count()).select_from(model).where(*conditions)).one()
