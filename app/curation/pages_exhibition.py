"""The organizers' exhibition settings page: opening time (embargo), freeze time and the
organizing body named on every page."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.forms import FormCsrf
from app.core.i18n import error_message
from app.core.public import private_page
from app.core.timeutil import WIB
from app.curation.service import set_organizing_body, set_times
from app.exhibition.service import get_exhibition

router = APIRouter(prefix="/organizer", include_in_schema=False)
FIELD_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


def _field(moment: datetime | None) -> str:
    return moment.astimezone(WIB).strftime(FIELD_FORMAT) if moment else ""


def _moment(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.strptime(value.strip(), FIELD_FORMAT).replace(tzinfo=WIB)
    except ValueError:
        raise Invalid("Tanggal dan jam tidak dikenali.") from None


def _form(
    request: Request,
    session: Session,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: str = "",
) -> Response:
    """The settings page: the stored values, with what was typed into a refused form."""
    exhibition = get_exhibition(session)
    values = {
        "opening_at": _field(exhibition.opening_at),
        "freeze_at": _field(exhibition.freeze_at),
        "organizing_body": exhibition.organizing_body,
        "organizing_body_en": exhibition.organizing_body_en,
        **(typed or {}),
    }
    context = {"values": values, "errors": errors or {}, "saved": saved}
    return private_page(
        request, "organizer/exhibition.html", context, status_code=422 if errors else 200
    )


@router.get("/exhibition")
def exhibition_form(
    request: Request, organizer: Organizer, session: SessionDep, saved: str = ""
) -> Response:
    return _form(request, session, saved=saved)


@router.post("/exhibition", dependencies=[FormCsrf])
def save_exhibition(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    opening_at: Annotated[str, Form(max_length=40)] = "",
    freeze_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    typed = {"opening_at": opening_at, "freeze_at": freeze_at}
    errors: dict[str, str] = {}
    moments: dict[str, datetime | None] = {}
    for name, value in typed.items():
        try:
            moments[name] = _moment(value)
        except Invalid as error:
            errors[name] = error_message(request, error)
    if errors:
        return _form(request, session, typed=typed, errors=errors)
    set_times(session, **moments, actor_id=organizer.id)
    return RedirectResponse("/organizer/exhibition?saved=times", status_code=303)


@router.post("/exhibition/organizing-body", dependencies=[FormCsrf])
def save_organizing_body(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    organizing_body: Annotated[str, Form(max_length=200)] = "",
    organizing_body_en: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        set_organizing_body(
            session, name=organizing_body, name_en=organizing_body_en, actor_id=organizer.id
        )
    except Invalid as error:
        typed = {"organizing_body": organizing_body, "organizing_body_en": organizing_body_en}
        errors = {"organizing_body": error_message(request, error)}
        return _form(request, session, typed=typed, errors=errors)
    return RedirectResponse("/organizer/exhibition?saved=body", status_code=303)
