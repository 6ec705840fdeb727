"""Visitors' pages: the like button's form and a booth's guestbook (uncached, with CSRF)."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from sqlmodel import Session, col
from starlette.responses import RedirectResponse, Response

from app.booths.models import Booth
from app.booths.views import live_cards
from app.core.db import SessionDep
from app.core.errors import Throttled
from app.core.forms import FormCsrf
from app.core.i18n import error_message, negotiate_language
from app.core.public import private_page
from app.guestbook.dependencies import LiveBooth, SameOrigin
from app.guestbook.models import MESSAGE_MAX, NAME_MAX
from app.guestbook.service import EntryInvalid, approved_entries, write_entry
from app.guestbook.visitors import client_address, like_in_browser

router = APIRouter(include_in_schema=False)
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
ENTRIES_PER_PAGE = 20


@router.post("/booths/{slug}/like", dependencies=[SameOrigin])
def like_form(request: Request, booth: LiveBooth, session: SessionDep) -> Response:
    """The like button without JavaScript: like, then back to the button on the booth page."""
    response = RedirectResponse(f"/booths/{booth.slug}#like", status_code=303)
    like_in_browser(request, response, session, booth)
    return response


def _guestbook_page(
    request: Request,
    session: Session,
    booth: Booth,
    *,
    page: int = 1,
    status_code: int = 200,
    **context: Any,
) -> Response:
    lang = negotiate_language(request)
    (card,) = live_cards(session, lang, col(Booth.id) == booth.id)
    entries, paging = approved_entries(session, booth.id or 0, page=page, size=ENTRIES_PER_PAGE)
    context = {
        "card": card,
        "entries": entries,
        "paging": paging,
        "form": {"name": "", "message": ""},
        "problems": {},
        "name_max": NAME_MAX,
        "message_max": MESSAGE_MAX,
        **context,
    }
    return private_page(request, "public/guestbook.html", context, status_code=status_code)


@router.get("/booths/{slug}/guestbook")
def guestbook(
    request: Request, booth: LiveBooth, session: SessionDep, page: PageNumber = 1, sent: str = ""
) -> Response:
    """Approved entries, newest first, and the form to write one."""
    return _guestbook_page(request, session, booth, page=page, sent=sent == "1")


@router.post("/booths/{slug}/guestbook", dependencies=[FormCsrf])
def write(
    request: Request,
    booth: LiveBooth,
    session: SessionDep,
    # Room beyond the limits, so that a long text gets its message and stays in the form.
    name: Annotated[str, Form(max_length=NAME_MAX * 10)] = "",
    message: Annotated[str, Form(max_length=MESSAGE_MAX * 10)] = "",
    website: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Store the entry as pending; errors come back beside their fields, input kept."""
    thanks = RedirectResponse(f"/booths/{booth.slug}/guestbook?sent=1#sent", status_code=303)
    if website:  # the honeypot: people never see it, so whoever fills it is a bot
        return thanks
    form = {"name": name, "message": message}
    try:
        write_entry(session, booth, name=name, message=message, address=client_address(request))
    except EntryInvalid as error:
        problems = {field: error_message(request, p) for field, p in error.problems.items()}
        return _guestbook_page(
            request, session, booth, form=form, problems=problems, status_code=error.status_code
        )
    except Throttled as error:
        return _guestbook_page(
            request,
            session,
            booth,
            form=form,
            refused=error_message(request, error),
            status_code=error.status_code,
        )
    return thanks
