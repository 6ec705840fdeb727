"""Helpers for HTML form routes: the CSRF field check, a safe `next` path, the text
fields, and what a refused form does before it is shown again."""

from typing import Annotated

from fastapi import Depends, Form, Request
from sqlmodel import Session

from app.core.csrf import require_csrf
from app.core.errors import DomainError
from app.core.i18n import error_message


def safe_next(target: str | None) -> str:
    """Only paths on this site: never `//host` or an absolute URL ("" when not one)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return ""


def require_form_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    require_csrf(request, csrf_token)


FormCsrf = Depends(require_form_csrf)


async def submitted_fields(request: Request) -> dict[str, str]:
    """The posted form's text fields (already parsed for the CSRF check)."""
    form = await request.form()
    return {name: value for name, value in form.multi_items() if isinstance(value, str)}


SubmittedFields = Annotated[dict[str, str], Depends(submitted_fields)]


def refusal(request: Request, session: Session, error: DomainError) -> tuple[int, str]:
    """Undo all the refused request changed (it answers normally, so nothing else would),
    and return the status and the message in the reader's language to show by the form."""
    session.rollback()
    return error.status_code, error_message(request, error)
