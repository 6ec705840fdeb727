"""The organizers' exhibition settings page: opening time (embargo) and freeze time."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.accounts.pages import FormCsrf
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.i18n import error_message
from app.core.public import private_page
from app.core.timeutil import WIB
from app.curation.service import get_exhibition, set_times

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


@router.get("/exhibition")
def exhibition_form(
    request: Request, organizer: Organizer, session: SessionDep, saved: str = ""
) -> Response:
    exhibition = get_exhibition(session)
    values = {
        "opening_at": _field(exhibition.opening_at),
        "freeze_at": _field(exhibition.freeze_at),
    }
    return private_page(
        request, "organizer/exhibition.html", {"values": values, "saved": saved == "1"}
    )


@router.post("/exhibition", dependencies=[FormCsrf])
def save_exhibition(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    opening_at: Annotated[str, Form(max_length=40)] = "",
    freeze_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    values = {"opening_at": opening_at, "freeze_at": freeze_at}
    errors: dict[str, str] = {}
    moments: dict[str, datetime | None] = {}
    for name, value in values.items():
        try:
            moments[name] = _moment(value)
        except Invalid as error:
            errors[name] = error_message(request, error)
    if errors:
        context = {"values": values, "errors": errors}
        return private_page(request, "organizer/exhibition.html", context, status_code=422)
    set_times(session, **moments, actor_id=organizer.id)
    return RedirectResponse("/organizer/exhibition?saved=1", status_code=303)
