"""Helpers every HTML form route uses: the CSRF field check, a safe `next` path."""

from typing import Annotated

from fastapi import Depends, Form, Request

from app.core.csrf import require_csrf


def safe_next(target: str | None) -> str:
    """Only paths on this site: never `//host` or an absolute URL ("" when not one)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return ""


def require_form_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    require_csrf(request, csrf_token)


FormCsrf = Depends(require_form_csrf)
