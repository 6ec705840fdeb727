"""Failed sign-ins, counted per account and per address (app.core.throttle)."""

from datetime import timedelta

from sqlmodel import Session

from app.core.throttle import Limit, count_hit, forget, is_limited

MAX_FAILURES = 10  # per account and per address within the window
FAILURES = Limit(MAX_FAILURES, timedelta(minutes=15))


def _keys(email: str, address: str) -> list[str]:
    return [f"login:account:{email.strip().lower()}", f"login:address:{address}"]


def is_throttled(session: Session, email: str, address: str) -> bool:
    return any(is_limited(session, key, FAILURES) for key in _keys(email, address))


def record_failure(session: Session, email: str, address: str) -> None:
    for key in _keys(email, address):
        count_hit(session, key)


def clear_account(session: Session, email: str) -> None:
    """A successful sign-in ends the account's run of failures."""
    forget(session, _keys(email, "")[0])
