"""Media bytes: live media for everyone, drafts for those who may see them.

The same bytes can belong to several assets (two booths upload one file; a copy made
when texts change). A URL names its asset (`/media/<asset id>/<key>`), and visibility
and the download name come from that asset alone. The older URL `/media/<key>` names
only the bytes: it is served from any asset with those bytes that the viewer may see,
and never carries another booth's draft metadata.
"""

import re
from dataclasses import dataclass

from fastapi import APIRouter, Request
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from app.accounts.dependencies import current_user
from app.accounts.permissions import can_see_draft
from app.booths.models import Booth, RevisionMedia
from app.core.errors import NotFound
from app.media.models import MediaAsset, MediaFile
from app.storage import LocalStorage, Storage
from app.storage.base import BlobMissing, attachment_disposition, is_blob_key

router = APIRouter()
ASSET_ID = re.compile(r"^[1-9][0-9]{0,17}\Z")  # fits a 64-bit integer column
PUBLIC = "public, max-age=31536000, immutable"
PRIVATE = "private, no-store"


@dataclass(frozen=True)
class Served:
    """The stored file, the asset whose metadata the answer carries, and if it is live."""

    media_file: MediaFile
    asset: MediaAsset
    live: bool


def _not_found() -> NotFound:
    return NotFound("Media tidak ditemukan.")


def _holders(
    session: Session, sha256: str, extension: str, asset_id: int | None
) -> list[tuple[MediaFile, MediaAsset]]:
    """The assets holding these bytes (only `asset_id` when given), oldest first."""
    query = (
        select(MediaFile, MediaAsset)
        .join(MediaAsset, col(MediaAsset.id) == col(MediaFile.media_id))
        .where(MediaFile.sha256 == sha256, MediaFile.extension == extension)
        .order_by(col(MediaAsset.id))
    )
    if asset_id is not None:
        query = query.where(MediaAsset.id == asset_id)
    return list(session.exec(query).all())


def _live_ids(session: Session, ids: list[int]) -> set[int]:
    """Those of `ids` that a live revision shows."""
    return set(
        session.exec(
            select(RevisionMedia.media_id)
            .join(Booth, col(Booth.live_revision_id) == col(RevisionMedia.revision_id))
            .where(col(RevisionMedia.media_id).in_(ids))
        ).all()
    )


def resolve(
    session: Session, request: Request, sha256: str, extension: str, asset_id: int | None
) -> Served:
    """What this viewer may be served for these bytes; 404 when nothing.

    A live holder wins and is chosen without looking at the viewer, so a public answer
    is the same for everyone (shared caches may keep it). Otherwise the viewer must be
    allowed to see the draft of a holder's booth, and only that holder's metadata is used.
    """
    holders = _holders(session, sha256, extension, asset_id)
    if not holders:
        raise _not_found()
    live = _live_ids(session, [asset.id or 0 for _file, asset in holders])
    for media_file, asset in holders:
        if asset.id in live:
            return Served(media_file, asset, live=True)
    user = current_user(request, session)
    if user is None:
        raise _not_found()
    allowed: dict[int, bool] = {}
    for media_file, asset in holders:
        if asset.booth_id not in allowed:
            booth = session.get(Booth, asset.booth_id)
            allowed[asset.booth_id] = booth is not None and can_see_draft(session, user, booth)
        if allowed[asset.booth_id]:
            return Served(media_file, asset, live=False)
    raise _not_found()


def _disposition(asset: MediaAsset, media_file: MediaFile) -> str:
    if asset.kind == "document" and media_file.role == "original":
        return attachment_disposition(asset.filename)
    return "inline"


@router.get("/media/{key}", include_in_schema=False)
async def media_by_bytes(request: Request, key: str) -> Response:
    """The older URL, which names the bytes only (kept for links already out there)."""
    return await _serve(request, key, None)


@router.get("/media/{asset_id}/{key}", include_in_schema=False)
async def media(request: Request, asset_id: str, key: str) -> Response:
    if not ASSET_ID.match(asset_id):
        raise _not_found()
    return await _serve(request, key, int(asset_id))


async def _serve(request: Request, key: str, asset_id: int | None) -> Response:
    if not is_blob_key(key):
        raise _not_found()
    sha256, extension = key.split(".")

    def lookup() -> Served:
        with Session(request.app.state.engine, expire_on_commit=False) as session:
            served = resolve(session, request, sha256, extension, asset_id)
            if not served.live:
                session.commit()  # a token's last-used time
            return served

    served = await run_in_threadpool(lookup)
    media_file, asset = served.media_file, served.asset
    headers = {
        "Cache-Control": PUBLIC if served.live else PRIVATE,
        "Content-Disposition": _disposition(asset, media_file),
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    storage: Storage = request.app.state.storage
    path = storage.local_path(key)
    accel_prefix = request.app.state.settings.media_accel_prefix
    if path is not None and accel_prefix and isinstance(storage, LocalStorage):
        headers["X-Accel-Redirect"] = accel_prefix + path.relative_to(storage.root).as_posix()
        return Response(media_type=media_file.content_type, headers=headers)
    if path is not None and not path.is_file():
        raise BlobMissing()
    if path is not None:
        return FileResponse(path, media_type=media_file.content_type, headers=headers)
    download_name = asset.filename if headers["Content-Disposition"] != "inline" else None
    presigned = storage.presigned_url(key, filename=download_name)
    if presigned is not None:
        return RedirectResponse(presigned, status_code=302, headers={"Cache-Control": PRIVATE})
    return StreamingResponse(storage.open(key), media_type=media_file.content_type, headers=headers)
