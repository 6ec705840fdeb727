"""Anonymous visitor identities: a hash of (today's salt, address, user agent).

The Plausible method (API.md, "Statistics"): the salt is random, shared by every
instance through the database and deleted once its day (in WIB) is over, after which
no stored hash can be traced back to an address. Neither the address nor the user
agent is ever stored. One person with fresh cookies is still one identity for the
day, which is what counting likes (and visits) needs.
"""

import hashlib
import secrets
from datetime import date

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, col

from app.core.modelbase import SQLModel
from app.core.timeutil import WIB, utcnow


class DailySalt(SQLModel, table=True):
    __tablename__ = "daily_salt"

    day: date = Field(primary_key=True)  # in WIB
    salt: str = Field(max_length=64)


def _today() -> date:
    return utcnow().astimezone(WIB).date()


def _salt(session: Session, day: date) -> str:
    """The day's salt, made by whichever instance needs it first; older ones forgotten."""
    row = session.get(DailySalt, day)
    if row is not None:
        return row.salt
    try:
        with session.begin_nested():  # another instance may make it at the same moment
            session.execute(delete(DailySalt).where(col(DailySalt.day) < day))
            session.add(DailySalt(day=day, salt=secrets.token_hex(32)))
    except IntegrityError:
        pass
    made = session.get(DailySalt, day, populate_existing=True)
    assert made is not None  # noqa: S101  (inserted just now, by us or the other)
    return made.salt


def visitor_hash(session: Session, address: str, user_agent: str) -> str:
    """Today's anonymous identity of whoever sends from `address` with `user_agent`."""
    salt = _salt(session, _today())
    return hashlib.sha256(f"{salt}\n{address}\n{user_agent}".encode()).hexdigest()
