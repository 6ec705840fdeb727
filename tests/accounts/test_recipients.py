"""What the outbox learns of accounts' users, handed in by the composition root."""

from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.recipients import email_addresses
from tests.factories import make_user


def test_delivery_finds_each_recipients_address(session: Session, engine: Engine) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    organizer = make_user(session, "org@pameran.go.id", "organizer")
    with engine.connect() as connection:
        found = email_addresses(connection, {editor.id or 0, organizer.id or 0})
        assert email_addresses(connection, set()) == {}
    assert found == {editor.id: "ed@bitung.go.id", organizer.id: "org@pameran.go.id"}
