"""Accounts' users as the outbox's recipients: where delivery mails, the outbox page.

The outbox (`app.notifications`) sits below accounts and knows its recipients by id
only; what it needs of the users comes from here, handed in by the composition root.
"""

from collections.abc import Collection

from sqlalchemy import Connection
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.notifications.models import Notification


def email_addresses(connection: Connection, user_ids: Collection[int]) -> dict[int, str]:
    """The e-mail address of each of these users (`delivery.AddressBook`)."""
    if not user_ids:
        return {}
    rows = connection.execute(
        select(col(User.id), col(User.email)).where(col(User.id).in_(user_ids))
    ).all()
    return {user_id or 0: email for user_id, email in rows}


def outbox(session: Session, limit: int = 200) -> list[tuple[Notification, User]]:
    """The latest messages of every user, with their recipient (the organizer's outbox)."""
    return list(
        session.exec(
            select(Notification, User)
            .join(User, col(User.id) == col(Notification.user_id))
            .order_by(col(Notification.created_at).desc())
            .limit(limit)
        ).all()
    )
