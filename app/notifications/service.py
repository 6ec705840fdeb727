"""The outbox: messages written in the same transaction as the change they report."""

from collections.abc import Mapping
from typing import Protocol

from sqlmodel import Session, col, select

from app.core.i18n import translate
from app.notifications.models import Notification


class Recipient(Protocol):
    """Whom a message is for, as its callers hand it in (accounts' `User` is one).

    The outbox sits below accounts (DESIGN.md §7): it knows a recipient by id and
    language here, and by e-mail address only when delivery asks (`delivery.AddressBook`).
    """

    @property
    def id(self) -> int | None: ...

    @property
    def language(self) -> str: ...


def notify(
    session: Session,
    user: Recipient,
    *,
    kind: str,
    subject: str,
    body: str,
    link: str | None = None,
    secret: bool = False,
    params: Mapping[str, object] | None = None,
) -> Notification:
    """Queue a message for `user` (delivered by SMTP when configured; always in the app).

    `subject` and `body` are Indonesian msgids with `{placeholders}`, written in
    the recipient's language.
    """
    message = Notification(
        user_id=user.id or 0,
        kind=kind,
        subject=translate(user.language, subject, **(params or {}))[:200],
        body=translate(user.language, body, **(params or {}))[:10000],
        link=link,
        carries_secret=secret,
    )
    session.add(message)
    session.flush()
    return message


def visible_body(message: Notification, viewer: Recipient) -> str | None:
    """Secrets (invitation, password reset links) only for their recipient: None for others."""
    if message.carries_secret and message.user_id != viewer.id:
        return None
    return message.body


def notifications_for(session: Session, user: Recipient) -> list[Notification]:
    return list(
        session.exec(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(col(Notification.created_at).desc())
        ).all()
    )
