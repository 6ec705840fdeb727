"""Loaders and request checks for likes, guestbook posts and their moderation."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlmodel import col, select

from app.accounts.dependencies import Reviewer
from app.booths.models import Booth
from app.core.db import SessionDep
from app.core.errors import Forbidden, NotFound
from app.core.numbers import RowId
from app.guestbook.models import GuestbookEntry


def live_booth(slug: str, session: SessionDep) -> Booth:
    """The booth `slug` if it has a live revision; visitors may act on nothing else."""
    booth = session.exec(
        select(Booth).where(Booth.slug == slug, col(Booth.live_revision_id).is_not(None))
    ).first()
    if booth is None:
        raise NotFound("Anjungan tidak ditemukan.")
    return booth


LiveBooth = Annotated[Booth, Depends(live_booth)]


def entry_to_moderate(entry_id: RowId, reviewer: Reviewer, session: SessionDep) -> GuestbookEntry:
    """The entry `entry_id` (reviewers only), locked until the decision is written."""
    entry = session.get(GuestbookEntry, entry_id, with_for_update=True)
    if entry is None:
        raise NotFound("Pesan buku tamu tidak ditemukan.")
    return entry


EntryToModerate = Annotated[GuestbookEntry, Depends(entry_to_moderate)]


def _own_origins(request: Request) -> set[str]:
    base = urlsplit(str(request.app.state.settings.base_url))
    return {f"{request.url.scheme}://{request.url.netloc}", f"{base.scheme}://{base.netloc}"}


def require_same_origin(request: Request) -> None:
    """Anonymous POSTs have no session to bind a CSRF token to: refuse other sites'.

    Browsers say where a request comes from (Sec-Fetch-Site, else Origin) and pages
    cannot forge either; a request with neither comes from a program, not a browser
    tricked by another site.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if fetch_site is not None:
        allowed = fetch_site == "same-origin"
    else:
        allowed = origin is None or origin in _own_origins(request)
    if not allowed:
        raise Forbidden("Permintaan dari situs lain ditolak.")


SameOrigin = Depends(require_same_origin)
