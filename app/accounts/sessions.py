"""Signed-cookie sessions and CSRF tokens (itsdangerous); nothing kept in memory.

A session cookie names the user, the user's session version (bumped by "sign out
everywhere" and password changes, which ends every older session) and a random
session id that changes at every sign-in. CSRF tokens are the signed value of a
random per-browser cookie (double submit), so they work before sign-in too.
"""

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from app.accounts.models import User
from app.core.errors import Forbidden

SESSION_COOKIE = "pameran_session"
CSRF_COOKIE = "pameran_csrf"
SESSION_SECONDS = 7 * 24 * 3600
CSRF_SECONDS = 24 * 3600


@dataclass(frozen=True)
class SessionData:
    user_id: int
    version: int
    session_id: str


def _serializer(request: Request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.signing_key, salt=salt)


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.https)


def read_session(request: Request) -> SessionData | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request, "session").loads(raw, max_age=SESSION_SECONDS)
        return SessionData(int(data["u"]), int(data["v"]), str(data["s"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def start_session(request: Request, response: Response, user: User) -> None:
    """Sign `user` in with a fresh session id (no fixation)."""
    payload = {"u": user.id, "v": user.session_version, "s": secrets.token_urlsafe(16)}
    response.set_cookie(
        SESSION_COOKIE,
        _serializer(request, "session").dumps(payload),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    # A new CSRF secret too: tokens from before sign-in stop working.
    set_csrf_cookie(request, response, secrets.token_urlsafe(24))


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE)


def csrf_secret(request: Request) -> str:
    """This browser's CSRF secret: from its cookie, or a new one for this response."""
    if not hasattr(request.state, "csrf_secret"):
        request.state.csrf_secret = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    return str(request.state.csrf_secret)


def set_csrf_cookie(request: Request, response: Response, secret: str | None = None) -> None:
    secret = secret or csrf_secret(request)
    response.set_cookie(
        CSRF_COOKIE,
        secret,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def csrf_token(request: Request) -> str:
    return str(_serializer(request, "csrf").dumps(csrf_secret(request)))


def require_csrf(request: Request, token: str | None) -> None:
    """403 unless `token` is this browser's CSRF token."""
    if not csrf_valid(request, token):
        raise Forbidden("Token CSRF tidak ada atau tidak sah. Muat ulang halaman lalu coba lagi.")


def csrf_valid(request: Request, token: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not token or not cookie:
        return False
    try:
        return bool(_serializer(request, "csrf").loads(token, max_age=CSRF_SECONDS) == cookie)
    except BadSignature:
        return False
