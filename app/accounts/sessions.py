"""Sessions kept in the database behind signed cookies, and known devices.

A session cookie names the user and a random session id that changes at every
sign-in; the id is good only while its `user_session` row exists (stored as a
SHA-256), so signing out, "sign out everywhere" and a new password end sessions on
the server, on every instance. A device cookie remembers, signed and for long, that
this browser signed in to that account: the sign-in throttle trusts it
(accounts.throttle). A new session gets a new CSRF secret (app/core/csrf.py).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature
from sqlalchemy import delete
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response

from app.accounts.models import User, UserSession
from app.accounts.tokens import token_hash
from app.core.csrf import secure_cookies, set_csrf_cookie, signed
from app.core.timeutil import utcnow

SESSION_COOKIE = "pameran_session"
DEVICE_COOKIE = "pameran_device"
SESSION_SECONDS = 7 * 24 * 3600
DEVICE_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class SessionData:
    user_id: int
    session_id: str


def read_session(request: Request) -> SessionData | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = signed(request, SESSION_COOKIE).loads(raw, max_age=SESSION_SECONDS)
        return SessionData(int(data["u"]), str(data["s"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def session_user(request: Request, db: Session) -> User | None:
    """The active user whose live session the cookie names, else None."""
    data = read_session(request)
    if data is None:
        return None
    alive = db.exec(
        select(UserSession.id).where(
            UserSession.token_hash == token_hash(data.session_id),
            UserSession.user_id == data.user_id,
            col(UserSession.expires_at) > utcnow(),
        )
    ).first()
    user = db.get(User, data.user_id) if alive is not None else None
    return user if user is not None and may_sign_in(user) else None


def may_sign_in(user: User) -> bool:
    """An accepted account that no organizer has deactivated."""
    return user.is_active and user.deactivated_at is None


def start_session(request: Request, response: Response, user: User, db: Session) -> None:
    """Sign `user` in with a fresh session id (no fixation); this browser's older
    session ends, and the browser becomes a known device of the account."""
    _end_current(request, db)
    now = utcnow()
    db.execute(delete(UserSession).where(col(UserSession.expires_at) <= now))
    session_id = secrets.token_urlsafe(24)
    db.add(
        UserSession(
            user_id=user.id or 0,
            token_hash=token_hash(session_id),
            expires_at=now + timedelta(seconds=SESSION_SECONDS),
        )
    )
    db.flush()
    _set_cookie(request, response, SESSION_COOKIE, {"u": user.id, "s": session_id}, SESSION_SECONDS)
    remember_device(request, response, user)
    # A new CSRF secret too: tokens from before sign-in stop working.
    set_csrf_cookie(request, response, secrets.token_urlsafe(24))


def _end_current(request: Request, db: Session) -> None:
    data = read_session(request)
    if data is not None:
        db.execute(
            delete(UserSession).where(col(UserSession.token_hash) == token_hash(data.session_id))
        )


def end_session(request: Request, response: Response, db: Session) -> None:
    """Sign this browser out: its session ends on the server, its cookie goes."""
    _end_current(request, db)
    response.delete_cookie(SESSION_COOKIE)


def end_all_sessions(db: Session, user: User) -> None:
    """End every session of `user`, on every browser."""
    db.execute(delete(UserSession).where(col(UserSession.user_id) == user.id))


def _set_cookie(
    request: Request, response: Response, name: str, payload: dict[str, object], seconds: int
) -> None:
    response.set_cookie(
        name,
        signed(request, name).dumps(payload),
        max_age=seconds,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )


def remember_device(request: Request, response: Response, user: User) -> None:
    """Mark this browser as one `user` signed in from (or reset the password on)."""
    device = known_device(request, user) or secrets.token_urlsafe(16)
    _set_cookie(request, response, DEVICE_COOKIE, {"u": user.id, "d": device}, DEVICE_SECONDS)


def known_device(request: Request, user: User | None) -> str | None:
    """This browser's device id when it signed in to `user`'s account before."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or user is None:
        return None
    try:
        data = signed(request, DEVICE_COOKIE).loads(raw, max_age=DEVICE_SECONDS)
        return str(data["d"]) if int(data["u"]) == user.id else None
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
