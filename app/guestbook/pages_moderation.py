"""Staff pages: the moderation queue's guestbook tab and a region's approved entries."""

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Reviewer
from app.booths.dependencies import EditableBooth
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.forms import FormCsrf, safe_next
from app.core.public import private_page
from app.guestbook.dependencies import EntryToModerate
from app.guestbook.models import ENTRY_STATE_LABELS, EntryState
from app.guestbook.pages import ENTRIES_PER_PAGE, PageNumber
from app.guestbook.service import (
    approved_entries,
    like_counts,
    moderate,
    moderation_queue,
    pending_count,
)
from app.halls.service import hall_by_slug, halls_in_order
from app.regions.models import Region

router = APIRouter(include_in_schema=False)
QUEUE_PAGE = "/moderation/guestbook"
QUEUE_PER_PAGE = 50


@router.get(QUEUE_PAGE)
def queue(
    request: Request,
    reviewer: Reviewer,
    session: SessionDep,
    state: EntryState = EntryState.pending,
    hall: str = "",
    page: PageNumber = 1,
    done: str = "",
) -> Response:
    """Entries to moderate (pending, oldest first), filtered by state and hall."""
    hall_row = hall_by_slug(session, hall) if hall else None
    if hall and hall_row is None:
        raise Invalid("Aula tidak dikenal.")
    rows, paging = moderation_queue(
        session, state, hall_id=hall_row.id if hall_row else None, page=page, size=QUEUE_PER_PAGE
    )
    filters = {"state": state.value, "hall": hall}
    query = {k: v for k, v in filters.items() if v}
    here = {**query, "page": paging.page} if paging.page > 1 else query
    return private_page(
        request,
        "guestbook/moderation.html",
        {
            "rows": rows,
            "paging": paging,
            "filters": filters,
            "query": urlencode(query),
            "back": f"{QUEUE_PAGE}?{urlencode(here)}",
            "halls": halls_in_order(session),
            "states": list(EntryState),
            "entry_state_labels": ENTRY_STATE_LABELS,
            "done": done if done in (EntryState.approved, EntryState.hidden) else "",
            "guestbook_pending": pending_count(session),
        },
    )


@router.post(QUEUE_PAGE + "/{entry_id}", dependencies=[FormCsrf])
def decide(
    reviewer: Reviewer,
    entry: EntryToModerate,
    session: SessionDep,
    state: Annotated[Literal[EntryState.approved, EntryState.hidden], Form()],
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Approve or hide one entry, then back to the same filtered list with a confirmation."""
    moderate(session, entry, state, actor=reviewer)
    target = back if safe_next(back).startswith(QUEUE_PAGE) else QUEUE_PAGE
    separator = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{separator}done={state.value}", status_code=303)


@router.get("/workspace/booths/{slug}/guestbook")
def region_guestbook(
    request: Request, booth: EditableBooth, session: SessionDep, page: PageNumber = 1
) -> Response:
    """The booth's approved entries and its like count, for the region's editors."""
    entries, paging = approved_entries(session, booth.id or 0, page=page, size=ENTRIES_PER_PAGE)
    return private_page(
        request,
        "workspace/guestbook.html",
        {
            "booth": booth,
            "region": session.get(Region, booth.region_code),
            "live": booth.live_revision_id is not None,
            "likes": like_counts(session, [booth.id or 0])[booth.id or 0],
            "entries": entries,
            "paging": paging,
        },
    )
