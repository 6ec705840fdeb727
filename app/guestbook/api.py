"""Likes (public) and guestbook moderation (moderators, organizers) as JSON."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.accounts.dependencies import Reviewer, check_csrf
from app.booths.models import Booth
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.guestbook.dependencies import EntryToModerate, LiveBooth, SameOrigin, live_booth
from app.guestbook.like_counts import RecentLikeCounts
from app.guestbook.models import EntryState, GuestbookEntry
from app.guestbook.service import has_liked_booth, like_counts, moderate, moderation_queue
from app.guestbook.visitors import like_in_browser, visitor_id
from app.halls.service import hall_by_slug

# Not "public": the answer says whether this browser liked (core.security: no-store).
router = APIRouter(prefix="/api/v1", tags=["visitors"])
moderation = APIRouter(
    prefix="/api/v1/moderation", tags=["moderation"], dependencies=[Depends(check_csrf)]
)


class Likes(BaseModel):
    count: int
    liked: bool


def _count(session: Session, booth: Booth) -> int:
    return like_counts(session, [booth.id or 0])[booth.id or 0]


@router.get("/booths/{slug}/likes")
async def likes(request: Request, slug: str) -> Likes:
    """The booth's like count (a few seconds old at most) and whether this browser liked it."""
    counts: RecentLikeCounts = request.app.state.like_counts
    epoch = await request.app.state.page_cache.epoch()
    visitor = visitor_id(request)
    known = counts.get(slug, epoch)
    if known is not None and visitor is None:  # most views: no database at all
        return Likes(count=known.count, liked=False)
    return await run_in_threadpool(
        _likes_from_database, request.app.state.engine, counts, slug, epoch, visitor
    )


def _likes_from_database(
    engine: Engine, counts: RecentLikeCounts, slug: str, epoch: int, visitor: str | None
) -> Likes:
    with Session(engine) as session:
        known = counts.get(slug, epoch)
        if known is None:
            booth = live_booth(slug, session)
            known = counts.put(slug, booth.id or 0, _count(session, booth), epoch)
        liked = visitor is not None and has_liked_booth(session, known.booth_id, visitor)
    return Likes(count=known.count, liked=liked)


@router.post("/booths/{slug}/likes", dependencies=[SameOrigin])
def add_like(request: Request, booth: LiveBooth, session: SessionDep, response: Response) -> Likes:
    """Like the booth once per browser: 201 the first time, 200 (nothing changes) after."""
    if like_in_browser(request, response, session, booth):
        response.status_code = 201
    return Likes(count=_count(session, booth), liked=True)


class EntryOut(BaseModel):
    id: int
    booth: str
    name: str
    message: str
    state: EntryState
    created_at: datetime
    moderated_at: datetime | None

    @classmethod
    def of(cls, entry: GuestbookEntry, booth: Booth) -> "EntryOut":
        return cls.model_validate({**entry.model_dump(), "booth": booth.slug})


@moderation.get("/guestbook")
def guestbook_queue(
    reviewer: Reviewer,
    session: SessionDep,
    state: EntryState = EntryState.pending,
    hall: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> list[EntryOut]:
    """Entries in `state`, 100 a page: pending ones oldest first, others latest decision first."""
    hall_row = hall_by_slug(session, hall) if hall else None
    if hall and hall_row is None:
        raise Invalid("Aula tidak dikenal.")
    rows, _paging = moderation_queue(
        session, state, hall_id=hall_row.id if hall_row else None, page=page, size=100
    )
    return [EntryOut.of(row.entry, row.booth) for row in rows]


class Moderation(BaseModel):
    state: Literal[EntryState.approved, EntryState.hidden]


@moderation.post("/guestbook/{entry_id}")
def moderate_entry(
    reviewer: Reviewer, entry: EntryToModerate, body: Moderation, session: SessionDep
) -> EntryOut:
    """Approve (shown on the booth) or hide an entry; audited."""
    moderate(session, entry, body.state, actor=reviewer)
    booth = session.get(Booth, entry.booth_id)
    assert booth is not None  # noqa: S101  (foreign key)
    return EntryOut.of(entry, booth)
