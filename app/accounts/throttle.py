"""Sign-in and password-reset throttling (counted in app.core.throttle).

Strangers are slowed, the owner is never locked out (OWASP Authentication Cheat
Sheet; "Slow Down Online Guessing Attacks with Device Cookies"). A failed sign-in
from a browser that never signed in to the account counts against the account and
against the address, and either count at its limit answers 429, even to the right
password. A browser that signed in to the account before (its signed device
cookie, accounts.sessions) is counted on its own: whatever strangers do to the
account or from its address, the owner's own browser still gets in. A password
reset starts the account's count afresh and makes the browser that did it a known
device.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from app.core.throttle import Limit, count_hit, forget, is_limited

MAX_FAILURES = 10  # per account, per address and per known device within the window
FAILURES = Limit(MAX_FAILURES, timedelta(minutes=15))
# Reset links: each request mails one, so an address or an inbox gets only a few.
RESETS_PER_ADDRESS = Limit(10, timedelta(hours=1))
RESETS_PER_ACCOUNT = Limit(3, timedelta(hours=1))


def _account(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class SignIn:
    """One attempt: for an e-mail, from an address, maybe from a known device."""

    email: str
    address: str
    device: str | None = None  # set only when the device cookie names this account

    @property
    def keys(self) -> list[str]:
        if self.device is not None:
            return [f"login:device:{self.device}"]
        return [f"login:account:{_account(self.email)}", f"login:address:{self.address}"]


def is_throttled(session: Session, attempt: SignIn) -> bool:
    return any(is_limited(session, key, FAILURES) for key in attempt.keys)


def record_failure(session: Session, attempt: SignIn) -> None:
    for key in attempt.keys:
        count_hit(session, key)


def record_success(session: Session, attempt: SignIn) -> None:
    """A right password ends the run of failures it was counted in; the address's
    count stays, or one's own account would reset it between guesses at others'."""
    forget(session, attempt.keys[0])


def clear_account(session: Session, email: str) -> None:
    """After a password reset strangers' failures no longer stand in the owner's way."""
    forget(session, SignIn(email, "").keys[0])


def reset_refused(session: Session, email: str, address: str) -> bool:
    """Count a reset request; True when the address or the account asked too often.

    Counted whether or not the account exists, so the answer tells nobody which do.
    """
    limits = {
        f"reset:address:{address}": RESETS_PER_ADDRESS,
        f"reset:account:{_account(email)}": RESETS_PER_ACCOUNT,
    }
    if any(is_limited(session, key, limit) for key, limit in limits.items()):
        return True
    for key in limits:
        count_hit(session, key)
    return False
