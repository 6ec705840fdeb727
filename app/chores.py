"""The background chores every serving process runs (cheap, idempotent): one list."""

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.recipients import email_addresses
from app.core.chores import Chore
from app.core.config import Settings
from app.core.db import begin_write, write_session
from app.media.leftovers import find_leftovers, remove_leftovers
from app.media.resumable import sweep_uploads
from app.moderation.service import publish_due, send_reminders
from app.notifications.delivery import deliver_due
from app.storage import Storage

SWEEP_EVERY_SECONDS = 15 * 60
# Outbox delivery, only when PAMERAN_SMTP_URL is set (app/notifications/delivery.py).
DELIVER_EVERY_SECONDS = 30
PUBLISH_EVERY_SECONDS = 30
REMIND_EVERY_SECONDS = 10 * 60


def sweep_once(engine: Engine, settings: Settings, storage: Storage) -> int:
    """Remove expired resumable uploads, then what crashed uploads left behind.

    Also run at start-up: a process killed mid-upload leaves its temporary files.
    """
    with write_session(engine) as session:
        removed = sweep_uploads(session, settings)
        session.commit()
        found = find_leftovers(session, settings, storage)
    return removed + len(remove_leftovers(found))


def publish_waiting_once(engine: Engine) -> int:
    """Publish approvals that waited for the opening time, once it has passed."""
    with Session(engine) as session:
        begin_write(session)  # as in remind_once: wait for another pass, never fail
        published = publish_due(session)
        session.commit()
    return published


def remind_once(engine: Engine, settings: Settings) -> int:
    """Remind reviewers of submissions that have waited too long."""
    with Session(engine) as session:
        # As a writer from the start: on SQLite a pass that read before another
        # pass wrote would fail with "database is locked" instead of waiting.
        begin_write(session)
        reminded = send_reminders(session, timedelta(hours=settings.reminder_after_hours))
        session.commit()
    return reminded


def background_chores(state: Any) -> list[Chore]:
    """What `serve` and `worker` run: `state` has the engine, settings and storage."""
    chores = [
        Chore(
            "sweep",
            SWEEP_EVERY_SECONDS,
            lambda: sweep_once(state.engine, state.settings, state.storage),
        ),
        Chore("publish", PUBLISH_EVERY_SECONDS, lambda: publish_waiting_once(state.engine)),
        Chore("remind", REMIND_EVERY_SECONDS, lambda: remind_once(state.engine, state.settings)),
    ]
    if state.settings.smtp_url:
        chores.append(
            Chore(
                "deliver",
                DELIVER_EVERY_SECONDS,
                lambda: deliver_due(state.engine, state.settings, addresses=email_addresses),
            )
        )
    return chores
