"""Who a visitor is: a random id in a long-lived cookie, and the client address."""

import re
import secrets

from fastapi import Request
from sqlmodel import Session
from starlette.responses import Response

from app.booths.models import Booth
from app.guestbook.service import like

VISITOR_COOKIE = "pameran_visitor"
VISITOR_SECONDS = 2 * 365 * 24 * 3600
_VISITOR_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def client_address(request: Request) -> str:
    """The caller's address as uvicorn reports it (after its forwarded-allow-ips check)."""
    return request.client.host if request.client else "unknown"


def visitor_id(request: Request) -> str | None:
    """This browser's visitor id, when its cookie holds a well-formed one."""
    value = request.cookies.get(VISITOR_COOKIE, "")
    return value if _VISITOR_ID.fullmatch(value) else None


def like_in_browser(request: Request, response: Response, session: Session, booth: Booth) -> bool:
    """Like `booth` for this browser, giving it a visitor id (a cookie on `response`) if new."""
    visitor = visitor_id(request) or secrets.token_urlsafe(24)
    created = like(
        session,
        booth,
        visitor_id=visitor,
        address=client_address(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    if created:
        request.app.state.like_counts.forget(booth.slug)
    response.set_cookie(
        VISITOR_COOKIE,
        visitor,
        max_age=VISITOR_SECONDS,
        httponly=True,
        samesite="lax",
        secure=bool(request.app.state.settings.https),
    )
    return created
