"""Who is asking: bearer token or session; the role checks that 401/403."""

from typing import Annotated

from fastapi import Depends, Request

from app.accounts.models import User
from app.accounts.permissions import REVIEWERS
from app.accounts.service import RegionHook
from app.accounts.sessions import read_session, session_user
from app.accounts.tokens import user_for_token
from app.core.csrf import require_csrf
from app.core.db import SAFE_METHODS, SessionDep
from app.core.errors import Forbidden, NotAuthenticated


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user(request: Request, session: SessionDep) -> User | None:
    """The caller: an API token wins over the session cookie; None when anonymous."""
    if (token := _bearer(request)) is not None:
        user = user_for_token(session, token)
        if user is None or user.deactivated_at is not None:
            raise NotAuthenticated("Token API tidak sah atau sudah dicabut.")
        return user
    user = session_user(request, session)
    if user is None:
        return None
    request.state.viewer = user  # for the page chrome (workspace navigation)
    return user


OptionalUser = Annotated[User | None, Depends(current_user)]


def check_csrf(request: Request) -> None:
    """State-changing API calls from a browser session carry `X-CSRF-Token`.

    Every workspace API router depends on this; HTML forms check their
    `csrf_token` field instead (core.forms.FormCsrf).
    """
    if request.method in SAFE_METHODS or _bearer(request) is not None:
        return  # a bearer token is not sent by browsers on their own: no CSRF
    if read_session(request) is None:
        return  # no session to ride on: the sign-in check answers 401, not a CSRF 403
    require_csrf(request, request.headers.get("x-csrf-token"))


def region_hook(request: Request) -> RegionHook:
    """What binding a person to a region sets going, as the composition root wired it."""
    hook: RegionHook = request.app.state.on_region_bound
    return hook


OnRegionBound = Annotated[RegionHook, Depends(region_hook)]


def require_user(user: OptionalUser) -> User:
    if user is None:
        raise NotAuthenticated("Silakan masuk terlebih dahulu.")
    return user


CurrentUser = Annotated[User, Depends(require_user)]


def require_organizer(user: CurrentUser) -> User:
    if user.role != "organizer":
        raise Forbidden("Halaman ini khusus penyelenggara.")
    return user


Organizer = Annotated[User, Depends(require_organizer)]


def require_reviewer(user: CurrentUser) -> User:
    if user.role not in REVIEWERS:
        raise Forbidden("Khusus moderator dan penyelenggara.")
    return user


Reviewer = Annotated[User, Depends(require_reviewer)]
