"""CSRF protection for forms: double-submit of a random per-browser cookie.

The token is the signed value of the cookie, so forms work before sign-in too; a
sign-in sets a new secret, so tokens from before it stop working.
"""

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from app.core.errors import Forbidden

CSRF_COOKIE = "pameran_csrf"
CSRF_COOKIE_SECONDS = 7 * 24 * 3600  # as long as a session lasts
CSRF_SECONDS = 24 * 3600


def signed(request: Request, salt: str) -> URLSafeTimedSerializer:
    """The app's signer for cookie and token values, one `salt` per purpose."""
    return URLSafeTimedSerializer(request.app.state.settings.signing_key, salt=salt)


def secure_cookies(request: Request) -> bool:
    return bool(request.app.state.settings.https)


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
        max_age=CSRF_COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )


def csrf_token(request: Request) -> str:
    return str(signed(request, "csrf").dumps(csrf_secret(request)))


def require_csrf(request: Request, token: str | None) -> None:
    """403 unless `token` is this browser's CSRF token."""
    if not csrf_valid(request, token):
        raise Forbidden("Token CSRF tidak ada atau tidak sah. Muat ulang halaman lalu coba lagi.")


def csrf_valid(request: Request, token: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not token or not cookie:
        return False
    try:
        return bool(signed(request, "csrf").loads(token, max_age=CSRF_SECONDS) == cookie)
    except BadSignature:
        return False
