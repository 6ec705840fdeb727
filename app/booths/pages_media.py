"""The booth's media library (HTML): upload without JavaScript, texts, gallery order."""

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import CurrentUser
from app.booths.dependencies import EditableBooth, still_editable
from app.booths.models import Booth, BoothRevision
from app.booths.schemas import KIND_PLACES, PLACES, SLOT_LABELS
from app.booths.service import (
    MediaInUse,
    default_place,
    delete_media,
    media_usage,
    order_gallery,
    place_media,
    swap_media,
    unplace_media,
    update_details,
)
from app.core.csrf import require_csrf
from app.core.db import SessionDep
from app.core.errors import DomainError, Forbidden, NotAuthenticated, NotFound
from app.core.forms import FormCsrf, refusal
from app.core.i18n import error_message
from app.core.numbers import RowId, ascii_int
from app.core.public import private_page
from app.media.models import KIND_LABELS, MediaAsset
from app.media.service import MediaDetails, booth_media, ingest_link
from app.media.uploads import upload_to_library
from app.media.views import load_media, main_url

router = APIRouter(prefix="/workspace/booths/{slug}", include_in_schema=False)
MB = 1024 * 1024


def library_context(session: Session, booth: Booth) -> dict[str, Any]:
    assets = booth_media(session, booth.id or 0)
    media = load_media(session, [a.id for a in assets if a.id is not None])
    live = session.get(BoothRevision, booth.live_revision_id) if booth.live_revision_id else None
    gallery = booth.draft.get("gallery", [])
    return {
        "booth": booth,
        "items": [
            {"asset": a, "image": media.image(a.id), "url": main_url(a)} for a in assets if a.id
        ],
        "gallery": [media.image(i) for i in gallery if media.image(i)],
        "usage": media_usage(session, booth, live.content if live else None),
        "kind_places": KIND_PLACES,
        "place_labels": SLOT_LABELS,
        "kind_labels": KIND_LABELS,
    }


def library(
    request: Request, session: Session, booth: Booth, *, status_code: int = 200, **extra: Any
) -> Response:
    context = {**library_context(session, booth), **extra}
    return private_page(request, "workspace/media.html", context, status_code=status_code)


def back(booth: Booth, notice: str) -> Response:
    return RedirectResponse(f"/workspace/booths/{booth.slug}/media?done={notice}", status_code=303)


@router.get("/media")
def media_library(request: Request, booth: EditableBooth, session: SessionDep) -> Response:
    return library(request, session, booth, done=request.query_params.get("done"))


@router.post("/media")
async def upload(
    request: Request, booth: EditableBooth, user: CurrentUser, session: SessionDep
) -> Response:
    """The plain multipart form: the same streaming, caps and checks as the API."""
    try:
        asset, fields = await upload_to_library(
            request,
            session,
            booth_id=booth.id or 0,
            user_id=user.id,
            check_fields=lambda fields: require_csrf(request, fields.get("csrf_token")),
            recheck=lambda again: still_editable(again, booth, user),
        )
    except (Forbidden, NotAuthenticated, NotFound):
        raise
    except DomainError as error:
        message, status = error_message(request, error), error.status_code

        def refused() -> Response:
            session.rollback()
            fresh = still_editable(session, booth, user)
            return library(request, session, fresh, status_code=status, error=message)

        return await run_in_threadpool(refused)
    place = fields.get("place") or default_place(asset.kind)
    if place in PLACES:
        # The booth as `still_editable` just read it, in this transaction: not the
        # copy from before the upload, whose draft may have been saved over since.
        fresh = session.get(Booth, booth.id)
        assert fresh is not None  # still_editable found it in this transaction
        await run_in_threadpool(place_media, session, fresh, asset.id or 0, place, actor_id=user.id)
    return back(booth, "uploaded")


@router.post("/media/link", dependencies=[FormCsrf])
def add_link(
    booth: EditableBooth, user: CurrentUser, session: SessionDep,
    url: Annotated[str, Form(max_length=500)], title: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    asset = ingest_link(session, booth_id=booth.id or 0, url=url,
                        details=MediaDetails(title=title), uploaded_by_id=user.id)  # fmt: skip
    place_media(session, booth, asset.id or 0, default_place(asset.kind), actor_id=user.id)
    return back(booth, "linked")


def _asset_of(session: Session, booth: Booth, media_id: int) -> MediaAsset:
    asset = session.get(MediaAsset, media_id)
    if asset is None or asset.booth_id != booth.id:
        raise NotFound("Media tidak ditemukan.")
    return asset


@router.post("/media/{media_id}", dependencies=[FormCsrf])
def edit_details(
    media_id: RowId, booth: EditableBooth, user: CurrentUser, session: SessionDep,
    alt_text: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
    caption: Annotated[str, Form()] = "", credit: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    asset = _asset_of(session, booth, media_id)
    updated = update_details(session, asset, MediaDetails(alt_text, title, caption, credit))
    if updated.id != asset.id:
        swap_media(session, booth, asset.id or 0, updated.id or 0, actor_id=user.id)
    return back(booth, "saved")


@router.post("/media/{media_id}/place", dependencies=[FormCsrf])
def use_media(
    request: Request, media_id: RowId, booth: EditableBooth, user: CurrentUser,
    session: SessionDep, place: Annotated[str, Form()],
) -> Response:  # fmt: skip
    _asset_of(session, booth, media_id)
    change = partial(place_media, session, booth, media_id, place, actor_id=user.id)
    return _changed_places(request, session, booth, change, "placed")


@router.post("/media/{media_id}/unplace", dependencies=[FormCsrf])
def take_off(
    request: Request, media_id: RowId, booth: EditableBooth, user: CurrentUser,
    session: SessionDep, place: Annotated[str, Form()],
) -> Response:  # fmt: skip
    """Empty one place of the draft (logo, banner, or one entry of a list)."""
    _asset_of(session, booth, media_id)
    change = partial(unplace_media, session, booth, media_id, place, actor_id=user.id)
    return _changed_places(request, session, booth, change, "removed")


def _changed_places(
    request: Request, session: Session, booth: Booth, change: Callable[[], object], done: str
) -> Response:
    """Make a change to the draft's places; refused, the library shows why, beside the form."""
    try:
        change()
    except DomainError as error:
        status, message = refusal(request, session, error)
        return library(request, session, booth, status_code=status, error=message)
    return back(booth, done)


@router.post("/media/{media_id}/delete", dependencies=[FormCsrf])
def delete(
    request: Request, media_id: RowId, booth: EditableBooth, user: CurrentUser, session: SessionDep
) -> Response:
    """Delete an unused item; a used one stays, with where it is used."""
    try:
        delete_media(session, booth, media_id, actor_id=user.id)
    except MediaInUse as error:
        status, message = refusal(request, session, error)
        return library(request, session, booth, status_code=status, error=message, in_use=media_id)
    return back(booth, "deleted")


@router.post("/gallery", dependencies=[FormCsrf])
async def reorder_gallery(
    request: Request, booth: EditableBooth, user: CurrentUser, session: SessionDep
) -> Response:
    """Positions from `position-<id>` fields; an unticked `keep-<id>` leaves the gallery."""
    form = await request.form()
    entries = []
    for key, value in form.items():
        media_id = ascii_int(key[9:]) if key.startswith("position-") else None
        if media_id is not None and form.get(f"keep-{key[9:]}"):
            entries.append((ascii_int(str(value)) or 0, media_id))
    ids = [media_id for _position, media_id in sorted(entries)]
    await run_in_threadpool(order_gallery, session, booth, ids, actor_id=user.id)
    return back(booth, "ordered")
