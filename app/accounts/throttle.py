"""Failed sign-ins, counted in the database so every instance sees them."""

from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.accounts.models import LoginFailure
from app.core.timeutil import utcnow

WINDOW = timedelta(minutes=15)
MAX_FAILURES = 10  # per account and per address within the window


def _keys(email: str, address: str) -> list[str]:
    return [f"account:{email.strip().lower()}", f"address:{address}"]


def is_throttled(session: Session, email: str, address: str) -> bool:
    since = utcnow() - WINDOW
    for key in _keys(email, address):
        failures = session.exec(
            select(func.count()).where(LoginFailure.key == key, col(LoginFailure.at) > since)
        ).one()
        if failures >= MAX_FAILURES:
            return True
    return False


def record_failure(session: Session, email: str, address: str) -> None:
    for key in _keys(email, address):
        session.add(LoginFailure(key=key))
    session.flush()


def clear_account(session: Session, email: str) -> None:
    """A successful sign-in ends the account's run of failures."""
    session.execute(delete(LoginFailure).where(LoginFailure.key == _keys(email, "")[0]))  # type: ignore[arg-type]
