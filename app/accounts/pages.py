"""Signing in and out (API.md, "Browser sign-in")."""

import secrets
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from sqlmodel import Session, col, select
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import CurrentUser, OptionalUser, Organizer
from app.accounts.invitations import (
    accept_invitation,
    finish_reset,
    open_invitation,
    open_reset,
    request_reset,
)
from app.accounts.models import ApiToken, User
from app.accounts.passwords import hash_password, verify_password
from app.accounts.permissions import landing_page
from app.accounts.recipients import outbox
from app.accounts.service import set_password
from app.accounts.sessions import (
    end_all_sessions,
    end_session,
    known_device,
    may_sign_in,
    remember_device,
    start_session,
)
from app.accounts.throttle import (
    SignIn,
    is_throttled,
    record_failure,
    record_success,
    reset_refused,
)
from app.accounts.tokens import create_token, revoke_token
from app.core.db import SessionDep
from app.core.errors import Invalid, NotFound
from app.core.forms import FormCsrf, safe_next
from app.core.i18n import LANGUAGES, N_
from app.core.numbers import RowId
from app.core.public import private_page, set_language_cookie
from app.core.timeutil import utcnow
from app.notifications.service import notifications_for, visible_body

router = APIRouter(include_in_schema=False)

# Each language named in itself, as language pickers do.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both answers take as long."""
    return hash_password(secrets.token_hex(16))


def signed_in(request: Request, session: Session, user: User, target: str = "") -> Response:
    """A fresh session, the person's own language for the pages, and on to `target`
    (a safe path) or, without one, the landing page of their role."""
    response = RedirectResponse(safe_next(target) or landing_page(user), status_code=303)
    start_session(request, response, user, session)
    set_language_cookie(response, user.language)
    return response


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next) or landing_page(user), status_code=303)
    return private_page(request, "public/login.html", {"next": safe_next(next), "email": ""})


@router.post("/login", dependencies=[FormCsrf])
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    context = {"next": safe_next(next), "email": email}
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    attempt = SignIn(email, _address(request), known_device(request, user))
    if is_throttled(session, attempt):
        return private_page(
            request, "public/login.html", {**context, "error": "throttled"}, status_code=429
        )
    valid = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not valid or not may_sign_in(user):
        record_failure(session, attempt)
        session.commit()  # the failure counts even though this request "fails"
        return private_page(
            request, "public/login.html", {**context, "error": "invalid"}, status_code=401
        )
    record_success(session, attempt)
    user.last_login_at = utcnow()
    session.add(user)
    return signed_in(request, session, user, next)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/logout", dependencies=[FormCsrf])
def logout(request: Request, session: SessionDep) -> Response:
    response = RedirectResponse("/", status_code=303)
    end_session(request, response, session)
    return response


def account_context(session: Session, user: User, **extra: object) -> dict[str, Any]:
    tokens = session.exec(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(col(ApiToken.created_at))
    ).all()
    return {"user": user, "tokens": tokens, "languages": LANGUAGE_NAMES, **extra}


@router.get("/account")
def account(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    saved = request.query_params.get("language") == "1"
    return private_page(
        request, "workspace/account.html", account_context(session, user, language_saved=saved)
    )


@router.post("/account/language", dependencies=[FormCsrf])
def set_language(
    user: CurrentUser, session: SessionDep, language: Annotated[str, Form(max_length=5)]
) -> Response:
    """The person's language: their notifications are written in it, their pages shown in it."""
    if language not in LANGUAGES:
        raise Invalid("Bahasa tidak dikenal: {language}.", language=language)
    user.language = language
    session.add(user)
    response = RedirectResponse("/account?language=1", status_code=303)
    set_language_cookie(response, language)
    return response


@router.post("/account/tokens", dependencies=[FormCsrf])
def add_token(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    _token, plain = create_token(session, user, name)
    return private_page(
        request,
        "workspace/account.html",
        account_context(session, user, new_token=plain),
        status_code=201,
    )


@router.post("/account/tokens/{token_id}/revoke", dependencies=[FormCsrf])
def revoke(token_id: RowId, user: CurrentUser, session: SessionDep) -> Response:
    if not revoke_token(session, user, token_id):
        raise NotFound("Token tidak ditemukan.")
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sign-out-everywhere", dependencies=[FormCsrf])
def sign_out_everywhere(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    """Every session of this user ends, this one too."""
    end_all_sessions(session, user)
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response, session)
    return response


def base_url(request: Request) -> str:
    return str(request.app.state.settings.base_url)


@router.get("/invitations/{token}")
def invitation_form(request: Request, token: str, session: SessionDep) -> Response:
    invitation = open_invitation(session, token)
    return private_page(
        request, "public/password_form.html", {"purpose": "invitation", "email": invitation.email}
    )


Password = Annotated[str, Form(max_length=1024)]


def mismatch(request: Request, **context: str) -> Response:
    """The new-password form again: the two entries differ."""
    return private_page(
        request, "public/password_form.html", {**context, "error": "mismatch"}, status_code=422
    )


@router.post("/invitations/{token}", dependencies=[FormCsrf])
def accept(
    request: Request, token: str, session: SessionDep, password: Password, password_again: Password
) -> Response:
    invitation = open_invitation(session, token)
    if password != password_again:
        return mismatch(request, purpose="invitation", email=invitation.email)
    user = accept_invitation(session, token, password)
    return signed_in(request, session, user)


@router.get("/password-reset")
def reset_request_form(request: Request) -> Response:
    return private_page(request, "public/password_reset.html", {})


@router.post("/password-reset", dependencies=[FormCsrf])
def reset_request(
    request: Request, session: SessionDep, email: Annotated[str, Form(max_length=254)]
) -> Response:
    """The same answer whether or not the account exists; a few links an hour at most."""
    if reset_refused(session, email, _address(request)):
        return private_page(
            request, "public/password_reset.html", {"throttled": True}, status_code=429
        )
    request_reset(session, base_url=base_url(request), email=email)
    return private_page(request, "public/password_reset.html", {"sent": True})


@router.get("/password-reset/{token}")
def reset_form(request: Request, token: str, session: SessionDep) -> Response:
    open_reset(session, token)
    return private_page(request, "public/password_form.html", {"purpose": "reset"})


@router.post("/password-reset/{token}", dependencies=[FormCsrf])
def reset(
    request: Request, token: str, session: SessionDep, password: Password, password_again: Password
) -> Response:
    if password != password_again:
        open_reset(session, token)
        return mismatch(request, purpose="reset")
    user = finish_reset(session, token, password)
    response = RedirectResponse("/login?reset=1", status_code=303)
    remember_device(request, response, user)  # the inbox's owner: let this browser in
    return response


@router.get("/account/notifications")
def my_notifications(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    messages = [(m, visible_body(m, user)) for m in notifications_for(session, user)]
    return private_page(
        request, "workspace/notifications.html", {"user": user, "messages": messages}
    )


@router.get("/organizer/outbox")
def outbox_page(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    messages = [(m, u, visible_body(m, organizer)) for m, u in outbox(session)]
    smtp = bool(request.app.state.settings.smtp_url)
    return private_page(request, "organizer/outbox.html", {"messages": messages, "smtp": smtp})


@router.post("/account/password", dependencies=[FormCsrf])
def change_password(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    current: Password,
    password: Password,
    password_again: Password,
) -> Response:
    """A new password ends every other session; this one continues with a fresh cookie."""
    error = None
    if not verify_password(user.password_hash, current):
        error = N_("Kata sandi saat ini salah.")
    elif password != password_again:
        error = N_("Kedua kata sandi tidak sama.")
    if error is not None:
        context = account_context(session, user, password_error=error)
        return private_page(request, "workspace/account.html", context, status_code=422)
    set_password(session, user, password)
    response = RedirectResponse("/account?password=1", status_code=303)
    start_session(request, response, user, session)
    return response
